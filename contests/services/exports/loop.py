"""The loop's sheets of the "all" workbook (organisers only, like every export): 需求与赛题 (each
赛题 with its unit, need and offered data), 数据申请 (the data desk's requests and their clock),
下载记录 (the access log) and 数据质量问题 (findings). Each sheet reads one COUNT and one or two
streamed queries, whatever the number of rows; the track and team filters apply as on other sheets.
Working days are cms.workdays' (holidays and 调休 included), the calendar read once per sheet."""

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.workdays import WorkCalendar
from contests.choices import AccessLevel, DataRequestStatus, FindingCategory, FindingStatus
from contests.services.exports.sheet import CHOICE, DATETIME, INTEGER, LABEL, ROUND2, TEXT, Column, Grouped, Sheet
from contests.services.judging.judges import blind_code
from scenes.choices import NeedStatus

CHUNK = 2000


def _hours(start, end):
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 3600


# --- 需求与赛题 ------------------------------------------------------------------------------------


def _challenges(ctx):
    from contests.models import Challenge

    qs = Challenge.objects.filter(track__contest=ctx.contest)
    if "track" in ctx.filters:
        qs = qs.filter(track_id=ctx.filters["track"])
    return qs


def challenge_columns():
    return [
        Column(_("赛道"), 16, TEXT),
        Column(_("赛题"), 30, TEXT),
        Column(_("出题单位"), 20, TEXT),
        Column(_("来源需求"), 30, TEXT),
        Column(_("需求状态"), 10, CHOICE, tuple(NeedStatus.choices)),
        Column(_("联系人"), 10, TEXT),
        Column(_("联系电话"), 14, TEXT),
        Column(_("联系邮箱"), 24, TEXT),
        Column(_("出题单位参与评审"), 10, LABEL),
        Column(_("提供的数据（获取方式）"), 50, LABEL),
        Column(_("创建时间"), 17, DATETIME),
    ]


def _challenge_rows(ctx):
    from contests.models import OfferedResource

    challenges = _challenges(ctx)
    labels = dict(AccessLevel.choices)
    offers = Grouped(
        (challenge_id, (name, level))
        for challenge_id, name, level in OfferedResource.objects.filter(challenge_id__in=challenges.values("pk"))
        .order_by("challenge_id", "pk")
        .values_list("challenge_id", "resource__name", "access_level")
        .iterator(chunk_size=CHUNK)
    )
    rows = challenges.order_by("pk").values_list(
        "pk", "track__name", "title", "unit__name", "need__title", "need__status", "contact_name", "contact_phone",
        "contact_email", "unit_may_review", "created_at",
    )  # fmt: skip
    for pk, track, title, unit, need, status, name, phone, email, may_review, created in rows.iterator(CHUNK):
        offered = "\n".join(f"{resource}（{labels.get(level, level)}）" for resource, level in offers.take(pk))
        yield (track, title, unit, need or "", status, name, phone, email, _("是") if may_review else _("否"),
               offered, created)  # fmt: skip


# --- 数据申请 -------------------------------------------------------------------------------------


def _requests(ctx):
    from contests.models import DataRequest

    qs = DataRequest.objects.filter(team__contest=ctx.contest, team_id__in=ctx.teams().values("pk"))
    if "track" in ctx.filters:
        qs = qs.filter(offer__challenge__track_id=ctx.filters["track"])
    return qs


def request_columns():
    return [
        Column(_("申请编号"), 10, INTEGER),
        Column(_("团队"), 20, TEXT),
        Column(_("赛题"), 26, TEXT),
        Column(_("出题单位"), 18, TEXT),
        Column(_("数据资源"), 24, TEXT),
        Column(_("状态"), 10, CHOICE, tuple(DataRequestStatus.choices)),
        Column(_("申请人"), 12, TEXT),
        Column(_("用途说明"), 40, TEXT),
        Column(_("申请时间"), 17, DATETIME),
        Column(_("审批期限"), 17, DATETIME),
        Column(_("审批时间"), 17, DATETIME),
        Column(_("审批人"), 12, TEXT),
        Column(_("审批用时（工作日）"), 12, INTEGER),
        Column(_("审批用时（小时）"), 12, ROUND2),
        Column(_("是否超期"), 8, LABEL),
        Column(_("审批意见"), 30, TEXT),
        Column(_("使用截止"), 17, DATETIME),
        Column(_("撤销时间"), 17, DATETIME),
        Column(_("撤销原因"), 30, TEXT),
    ]


def _request_rows(ctx):
    # One calendar for the sheet: holidays and 调休 days are read once, not per request.
    calendar = WorkCalendar()
    rows = _requests(ctx).order_by("requested_at", "pk").values_list(
        "pk", "team__name", "offer__challenge__title", "offer__challenge__unit__name", "offer__resource__name",
        "status", "requested_by__real_name", "purpose", "requested_at", "due_at", "decided_at", "decided_by__real_name",
        "decision_reason", "access_ends_at", "revoked_at", "revoke_reason",
    )  # fmt: skip
    for (pk, team, challenge, unit, resource, status, requester, purpose, requested, due, decided, decider, reason,
         ends, revoked, revoke_reason) in rows.iterator(CHUNK):  # fmt: skip
        late = (decided or timezone.now()) > due if due else False
        days = calendar.working_days_between(requested, decided) if decided else None
        yield (
            pk, team, challenge, unit, resource, status, requester, purpose, requested, due, decided, decider,
            days, _hours(requested, decided), _("是") if late else _("否"),
            reason, ends, revoked, revoke_reason,
        )  # fmt: skip


# --- 下载记录 -------------------------------------------------------------------------------------


def _downloads(ctx):
    from contests.models import DataDownload

    return DataDownload.objects.filter(request_id__in=_requests(ctx).values("pk"))


def download_columns():
    return [
        Column(_("下载时间"), 17, DATETIME),
        Column(_("团队"), 20, TEXT),
        Column(_("下载人"), 12, TEXT),
        Column(_("邮箱"), 26, TEXT),
        Column(_("数据资源"), 24, TEXT),
        Column(_("文件名"), 30, TEXT),
        Column(_("大小（字节）"), 12, INTEGER),
        Column(_("IP 地址"), 16, TEXT),
        Column(_("申请编号"), 10, INTEGER),
    ]


def _download_rows(ctx):
    rows = _downloads(ctx).order_by("downloaded_at", "pk").values_list(
        "downloaded_at", "request__team__name", "user__real_name", "user__email", "request__offer__resource__name",
        "file__original_name", "size", "ip_address", "request_id",
    )  # fmt: skip
    yield from rows.iterator(CHUNK)


# --- 数据质量问题 ----------------------------------------------------------------------------------


def _findings(ctx):
    from contests.models import DataFinding

    return DataFinding.objects.filter(entry_id__in=ctx.entries().values("pk"))


def finding_columns():
    return [
        Column(_("问题编号"), 10, INTEGER),
        Column(_("作品编号"), 10, LABEL),
        Column(_("作品名称"), 26, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("数据资源"), 24, TEXT),
        Column(_("责任部门"), 18, TEXT),
        Column(_("问题类型"), 10, CHOICE, tuple(FindingCategory.choices)),
        Column(_("问题描述"), 40, TEXT),
        Column(_("报告人"), 12, TEXT),
        Column(_("报告时间"), 17, DATETIME),
        Column(_("处理状态"), 10, CHOICE, tuple(FindingStatus.choices)),
        Column(_("处理答复"), 40, TEXT),
        Column(_("答复时间"), 17, DATETIME),
    ]


def _finding_rows(ctx):
    rows = _findings(ctx).order_by("reported_at", "pk").values_list(
        "pk", "entry__uuid", "entry__title", "entry__team__name", "resource__name", "resource__department",
        "category", "description", "reported_by__real_name", "reported_at", "status", "response", "responded_at",
    )  # fmt: skip
    for pk, entry_uuid, *rest in rows.iterator(CHUNK):
        yield (pk, blind_code(entry_uuid), *rest)


def sheets(ctx):
    return [
        Sheet(
            title=_("需求与赛题"),
            columns=challenge_columns(),
            count=lambda: _challenges(ctx).count(),
            rows=lambda: _challenge_rows(ctx),
        ),
        Sheet(
            title=_("数据申请"),
            columns=request_columns(),
            count=lambda: _requests(ctx).count(),
            rows=lambda: _request_rows(ctx),
        ),
        Sheet(
            title=_("下载记录"),
            columns=download_columns(),
            count=lambda: _downloads(ctx).count(),
            rows=lambda: _download_rows(ctx),
        ),
        Sheet(
            title=_("数据质量问题"),
            columns=finding_columns(),
            count=lambda: _findings(ctx).count(),
            rows=lambda: _finding_rows(ctx),
        ),
    ]
