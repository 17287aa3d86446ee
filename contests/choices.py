"""Enumerations of the contest domain. Values are stored; labels are shown (translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("即将开始")
    REGISTRATION = "registration", _("报名中")
    SUBMISSION = "submission", _("作品提交")
    JUDGING = "judging", _("评审中")
    RESULTS = "results", _("结果公布")
    CLOSED = "closed", _("已结束")


class RoundKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("初赛")
    SEMIFINAL = "semifinal", _("复赛")
    FINAL = "final", _("决赛")


class OrganisationType(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    UNIVERSITY = "university", _("高校")
    RESEARCH = "research", _("科研院所")
    PUBLIC = "public", _("政府部门及事业单位")
    INDIVIDUAL = "individual", _("个人")
    OTHER = "other", _("其他")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("队长")
    MEMBER = "member", _("队员")
    ADVISER = "adviser", _("指导老师")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("待回复")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已拒绝")
    REVOKED = "revoked", _("已撤回")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    ELIGIBLE = "eligible", _("形式审查通过")
    INELIGIBLE = "ineligible", _("形式审查未通过")
    ADVANCED = "advanced", _("晋级")
    AWARDED = "awarded", _("获奖")


class FileKind(models.TextChoices):
    PROPOSAL = "proposal", _("方案书（PDF）")
    IMAGE = "image", _("图片")
    ATTACHMENT = "attachment", _("附件")


class IneligibilityReason(models.TextChoices):
    INCOMPLETE = "incomplete", _("材料不完整")
    OFF_TOPIC = "off_topic", _("与赛道主题不符")
    DUPLICATE = "duplicate", _("重复提交")
    IDENTITY_DISCLOSED = "identity", _("方案书中泄露团队身份")
    RULES = "rules", _("违反大赛规则")
    OTHER = "other", _("其他")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("平均分")
    MEDIAN = "median", _("中位数")
    TRIMMED_MEAN = "trimmed_mean", _("去掉最高分和最低分后的平均分")
    ZSCORE = "zscore", _("评委标准化分数")


class OthersScoresVisibility(models.TextChoices):
    NEVER = "never", _("始终不可见")
    AFTER_OWN = "after_own", _("提交本人评分后可见")


class AccessLevel(models.TextChoices):
    """How a 赛题 offers one data resource to its teams."""

    OPEN = "open", _("开放下载")
    AGREEMENT = "agreement", _("协议开放")
    SANDBOX = "sandbox", _("沙箱使用")


class DataRequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    REVOKED = "revoked", _("已撤销")
    WITHDRAWN = "withdrawn", _("已撤回")
    EXPIRED = "expired", _("已到期")


class FindingCategory(models.TextChoices):
    MISSING_FIELDS = "missing", _("字段缺失")
    ERRORS = "errors", _("数据错误")
    UPDATE_LAG = "lag", _("更新滞后")
    FORMAT = "format", _("格式问题")
    OTHER = "other", _("其他")


class FindingStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    HANDLED = "handled", _("已处理")
