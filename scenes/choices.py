"""Enumerations of the showcase: platform node kinds and recognition levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeKind(models.TextChoices):
    PROVINCE = "province", _("省级主平台")
    CITY = "city", _("市级子节点")
    INDUSTRY = "industry", _("行业分节点")


class RecognitionLevel(models.TextChoices):
    LISTED = "listed", _("入库场景")
    TYPICAL = "typical", _("典型场景")
    NATIONAL = "national", _("国家推广")


# Levels a scene reaches only through the provincial moderators' review.
MODERATOR_ONLY_LEVELS = frozenset({RecognitionLevel.TYPICAL, RecognitionLevel.NATIONAL})

# Sort orders offered by the listings: key -> (label, order_by fields). Keys come from the URL;
# anything not in this table is ignored, so user input never reaches order_by().
SCENE_SORTS = {
    "newest": (_("最新上线"), ("-launch_date", "-first_published_at", "-pk")),
    "beneficiaries": (_("受益规模"), ("-beneficiaries_count", "-launch_date", "-pk")),
    "title": (_("标题"), ("title", "pk")),
}
SOLUTION_SORTS = {
    "newest": (_("最新发布"), ("-first_published_at", "-pk")),
    "title": (_("标题"), ("title", "pk")),
}


class NeedStatus(models.TextChoices):
    """Where a need (应用需求) stands in the 以赛促用 loop."""

    COLLECTING = "collecting", _("征集中")
    CHALLENGE_SET = "challenge", _("已出题")
    ANSWERED = "answered", _("已揭榜")
    ADOPTED = "adopted", _("已落地")


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("政府部门")
    CITY = "city", _("市级节点")
    ENTERPRISE = "enterprise", _("企业")
    INSTITUTE = "institute", _("科研院所")


class Openness(models.TextChoices):
    """How a data resource is released to the public (independent of what a 赛题 offers)."""

    OPEN = "open", _("无条件开放")
    CONDITIONAL = "conditional", _("有条件开放")
    CLOSED = "closed", _("暂未开放")


class OpenRequestStatus(models.TextChoices):
    """A 数据开放申请 and the owner's public answer."""

    PENDING = "pending", _("待答复")
    OPENED = "opened", _("已开放")
    PLANNED = "planned", _("计划开放")
    REFUSED = "refused", _("不予开放")


NEED_SORTS = {
    "newest": (_("最新发布"), ("-first_published_at", "-pk")),
    "votes": (_("关注最多"), ("-vote_count", "-first_published_at", "-pk")),
    "title": (_("标题"), ("title", "pk")),
}

# The data resource catalogue (/data/): key -> (label, order_by fields), as SCENE_SORTS.
RESOURCE_SORTS = {
    "name": (_("名称"), ("name", "pk")),
    "updated": (_("最近更新"), ("-updated_at", "-pk")),
}
