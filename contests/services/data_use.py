"""What data an entry used and what the team found wrong with it.

* ``declare_uses`` replaces the entry's declared uses (each resource once, with one line on how it
  was used) and keeps ``Entry.data_resources`` — which the draft form, the submission snapshot and
  the exports read — equal to the declared resources. It changes the draft like a save of the
  form: only while the team may write a draft, only from the version the user was looking at
  (optimistic lock on ``Entry.version``), and it records a draft version.
* ``report_finding`` files a data-quality finding on a resource the entry declared; the owning
  unit answers it (status and response), and the team sees that answer next to its finding.
  Findings may be reported until the submission deadline, submitted or not.

Both raise ``ContestError`` with a translated message and change nothing on bad input.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.choices import EntryStatus, FindingCategory
from contests.services import ContestError
from contests.services.audit import record
from contests.services.entries import content_of, require_team_can_write

HOW_MAX = 200
DESCRIPTION_MAX = 2000


def suggested_resources(entry):
    """Resources to offer first when declaring uses: the 赛题's offers, then the track's open data,
    then what the entry already lists — each once, in that order (three small queries)."""
    from scenes.models import DataResource

    seen, ordered = set(), []
    groups = []
    if entry.challenge_id:
        groups.append(DataResource.objects.filter(offers__challenge_id=entry.challenge_id).order_by("offers__id"))
    groups.append(entry.track.data_resources.order_by("name", "pk"))
    groups.append(entry.data_resources.order_by("name", "pk"))
    for queryset in groups:
        for resource in queryset:
            if resource.pk not in seen:
                seen.add(resource.pk)
                ordered.append(resource)
    return ordered


def _clean_rows(rows):
    """[(resource, how)] → the same with stripped text; raise on a missing/long line or a repeat."""
    cleaned, seen = [], set()
    for resource, how in rows:
        how = (how or "").strip()
        if not how:
            message = _("请为“%(resource)s”填写使用方式（一句话）。") % {"resource": resource.name}
            raise ContestError(message, code="how")
        if len(how) > HOW_MAX:
            raise ContestError(
                _("“%(resource)s”的使用方式不能超过 %(max)d 字。") % {"resource": resource.name, "max": HOW_MAX},
                code="how_length",
            )
        if resource.pk in seen:
            raise ContestError(_("数据资源“%(resource)s”重复填写了。") % {"resource": resource.name}, code="duplicate")
        seen.add(resource.pk)
        cleaned.append((resource, how))
    return cleaned


def declare_uses(entry, rows, user, expected_version, *, now=None):
    """Replace the entry's declared data uses with ``rows`` ([(DataResource, how)]); return the
    entry's new version. Raises ``ContestError`` (nothing changed) on bad rows, a stale version,
    after the deadline or when the entry is not a draft."""
    now = now or timezone.now()
    rows = _clean_rows(rows)
    with transaction.atomic():
        current = models.Entry.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entry.pk)
        require_team_can_write(current, now=now)
        if expected_version is None or int(expected_version) != current.version:
            raise ContestError(
                _("保存失败：在你编辑期间，其他成员修改了作品。请刷新页面，核对最新内容后再保存。"), code="stale"
            )
        updated = models.Entry.objects.filter(pk=current.pk, version=current.version, status=EntryStatus.DRAFT).update(
            version=F("version") + 1, updated_by=user, updated_at=now
        )
        if not updated:
            raise ContestError(_("保存失败：作品刚刚被其他成员修改，请刷新后再保存。"), code="stale")
        wanted = {resource.pk: how for resource, how in rows}
        existing = {use.resource_id: use for use in models.EntryDataUse.objects.filter(entry=current)}
        models.EntryDataUse.objects.filter(entry=current).exclude(resource_id__in=wanted).delete()
        changed = [use for pk, use in existing.items() if pk in wanted and use.how != wanted[pk]]
        for use in changed:
            use.how = wanted[use.resource_id]
        models.EntryDataUse.objects.bulk_update(changed, ["how"])
        added = [models.EntryDataUse(entry=current, resource_id=pk, how=how) for pk, how in wanted.items()]
        models.EntryDataUse.objects.bulk_create([use for use in added if use.resource_id not in existing])
        current.data_resources.set(list(wanted))
        current.version += 1
        models.EntryDraftVersion.objects.create(
            entry=current, version=current.version, data=content_of(current), saved_by=user, saved_at=now
        )
        record(
            "entry.declare_data_uses",
            current,
            actor=user,
            after={"version": current.version, "uses": [{"resource": pk, "how": how} for pk, how in wanted.items()]},
        )
    return current.version


def report_finding(entry, resource, category, description, user, now=None):
    """File a data-quality finding of ``entry`` on ``resource``; return it."""
    now = now or timezone.now()
    description = (description or "").strip()
    if category not in FindingCategory.values:
        raise ContestError(_("请选择问题类型。"), code="category")
    if not description:
        raise ContestError(_("请描述发现的问题。"), code="description")
    if len(description) > DESCRIPTION_MAX:
        raise ContestError(_("问题描述不能超过 %(max)d 字。") % {"max": DESCRIPTION_MAX}, code="description_length")
    with transaction.atomic():
        current = models.Entry.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entry.pk)
        require_team_can_write(current, now=now, drafts_only=False)
        if resource is None or not models.EntryDataUse.objects.filter(entry=current, resource=resource).exists():
            raise ContestError(_("只能对作品已声明使用的数据资源报告问题。"), code="resource")
        finding = models.DataFinding.objects.create(
            entry=current,
            resource=resource,
            category=category,
            description=description,
            reported_by=user,
            reported_at=now,
        )
        record("entry.report_finding", current, actor=user, after={"finding": finding.pk, "resource": resource.pk})
    return finding


def team_findings(entry):
    """The entry's own findings with the owner's answer, newest first (never another team's)."""
    return models.DataFinding.objects.filter(entry=entry).select_related("resource", "reported_by", "responded_by")
