"""Drafting an entry: creation within the team's and the track's limits, and saving with an
optimistic lock so that two members editing at once never lose each other's work.

Every saved version's content is kept (``EntryDraftVersion``). A save names the version it
started from; if someone saved in between, the save is refused with ``StaleDraft``, which carries a
field-by-field comparison (their base, the saved text, the user's text) and a merged proposal:
fields only the other person changed take their text, fields only this user changed keep theirs,
and fields both changed keep this user's text and are flagged — nothing is overwritten silently.

The team may write (create, edit, upload, submit, withdraw) only while ``submission_is_open`` and,
for edits and uploads, only while the entry is a draft; every service checks this on the server.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.choices import EntryStatus
from contests.services import ContestError
from contests.services.audit import record

# The fields a team edits, in form order; ``data_resources`` is the many-to-many one.
TEXT_FIELDS = ("title", "abstract", "problem", "approach", "expected_benefits", "video_url")
CONTENT_FIELDS = (
    "track",
    "challenge",
    "title",
    "abstract",
    "problem",
    "data_resources",
    "approach",
    "expected_benefits",
    "video_url",
)


class EntryLocked(ContestError):
    """The team may no longer change the entry (deadline passed, or it is not a draft)."""


class StaleDraft(ContestError):
    """The draft was saved by someone else after the user opened it."""

    def __init__(self, message, *, conflict):
        super().__init__(message, code="stale")
        self.conflict = conflict


@dataclass
class FieldChange:
    name: str
    label: str
    base: object
    current: object
    yours: object
    both_changed: bool


@dataclass
class DraftConflict:
    base_version: int
    current_version: int
    changes: list  # of FieldChange: fields someone else changed since the base version
    editors: list  # names of who saved in between
    merged: dict  # form data to show: the others' changes merged with the user's
    your_changes_kept: list = field(default_factory=list)  # labels of fields where the user's text was kept


def content_of(entry):
    """The editable content of a saved entry, in the JSON form ``EntryDraftVersion`` keeps."""
    return {
        "track": entry.track_id,
        # "" when the entry answers no 赛题 (a form posts it as is; JSON keeps it).
        "challenge": entry.challenge_id or "",
        **{name: getattr(entry, name) for name in TEXT_FIELDS},
        "data_resources": sorted(entry.data_resources.values_list("pk", flat=True)),
        # Answers to the configured form fields (contests/services/entry_forms.py), key → value.
        "extra": dict(entry.extra or {}),
    }


def content_from_form(cleaned_data):
    """The same form from a form's cleaned data (``track`` a Track, ``challenge`` a Challenge or None,
    ``data_resources`` a queryset)."""
    challenge = cleaned_data.get("challenge")
    return {
        "track": cleaned_data["track"].pk,
        "challenge": challenge.pk if challenge is not None else "",
        **{name: cleaned_data.get(name) or "" for name in TEXT_FIELDS},
        "data_resources": sorted(resource.pk for resource in cleaned_data.get("data_resources") or []),
        "extra": dict(cleaned_data.get("extra") or {}),
    }


def require_team_can_write(entry, *, now=None, drafts_only=True):
    """Raise ``EntryLocked`` unless the team may still change the entry at ``now``."""
    if not entry.contest.submission_is_open(now):
        raise EntryLocked(_("作品提交已截止，作品只能查看，不能再修改。"), code="deadline")
    if drafts_only and entry.status != EntryStatus.DRAFT:
        raise EntryLocked(_("作品已提交，不能修改。如需修改，请先撤回提交（截止前可以再次提交）。"), code="not_draft")


def check_challenge(track, challenge_id):
    """Return the id of the 赛题 an entry of ``track`` (a Track or its id) answers (None for none), or raise.

    It must be one of the track's own challenges, and it is required when the track has any:
    a challenge of another track or contest posted by hand is refused, nothing is saved."""
    challenge_id = challenge_id or None
    challenges = models.Challenge.objects.filter(track_id=getattr(track, "pk", track))
    if challenge_id is None:
        if challenges.exists():
            raise ContestError(_("请选择作品所回答的赛题（揭榜）。"), code="challenge_required")
        return None
    try:
        challenge_id = int(challenge_id)
    except (TypeError, ValueError):
        raise ContestError(_("所选赛题不属于所选赛道。"), code="challenge") from None
    if not challenges.filter(pk=challenge_id).exists():
        raise ContestError(_("所选赛题不属于所选赛道。"), code="challenge")
    return challenge_id


def _check_limits(team, track, *, exclude_entry=None):
    """Raise unless the team and the track can take one more entry. Call inside a transaction."""
    contest = team.contest
    if track.contest_id != contest.pk:
        raise ContestError(_("所选赛道不属于本届大赛。"), code="track")
    # Row locks serialise concurrent creations: the count below cannot be raced past the limit.
    models.Team.objects.select_for_update().filter(pk=team.pk).first()
    team_entries = models.Entry.objects.filter(team=team).exclude(pk=getattr(exclude_entry, "pk", None))
    if exclude_entry is None and team_entries.count() >= contest.max_entries_per_team:
        raise ContestError(
            _("每个团队最多提交 %(max)d 件作品，你的团队已达到上限。") % {"max": contest.max_entries_per_team},
            code="team_limit",
        )
    if track.entry_limit is not None:
        models.Track.objects.select_for_update().filter(pk=track.pk).first()
        in_track = models.Entry.objects.filter(track=track).exclude(pk=getattr(exclude_entry, "pk", None))
        if in_track.count() >= track.entry_limit:
            raise ContestError(
                _("赛道“%(track)s”的作品数量已达上限（%(max)d 件），请选择其他赛道。")
                % {"track": track.name, "max": track.entry_limit},
                code="track_limit",
            )


def create_entry(team, user, content, *, now=None):
    """Create a draft for ``team`` from ``content`` (see ``content_of``); return it."""
    now = now or timezone.now()
    if not team.contest.submission_is_open(now):
        raise EntryLocked(_("当前不在作品提交时间内，不能创建作品。"), code="deadline")
    track = models.Track.objects.get(pk=content["track"])
    challenge_id = check_challenge(track, content.get("challenge"))
    content = {**content, "challenge": challenge_id or ""}
    with transaction.atomic():
        _check_limits(team, track)
        entry = models.Entry.objects.create(
            contest=team.contest,
            team=team,
            track=track,
            challenge_id=challenge_id,
            created_by=user,
            updated_by=user,
            extra=content.get("extra") or {},
            **{name: content[name] for name in TEXT_FIELDS},
        )
        entry.data_resources.set(content["data_resources"])
        models.EntryDraftVersion.objects.create(
            entry=entry, version=entry.version, data=content, saved_by=user, saved_at=now
        )
        record("entry.create", entry, actor=user, after=content)
    return entry


def save_draft(entry, user, content, *, base_version, now=None):
    """Save ``content`` over the draft if it is still at ``base_version``; return the new version.

    Raises ``StaleDraft`` (nothing saved) if someone saved after ``base_version``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Only the entry's row: a bare FOR UPDATE would lock the joined contest row too, and every
        # team's save, submit and upload would queue behind each other at the deadline.
        current = (
            models.Entry.objects.select_for_update(of=("self",))
            .select_related("contest", "team__contest")
            .get(pk=entry.pk)
        )
        require_team_can_write(current, now=now)
        if current.version != base_version:
            raise StaleDraft(
                _(
                    "保存失败：在你编辑期间，其他成员已保存了新的内容。下面列出了对方修改的地方；你填写的内容仍保留在表单中，请核对后再次保存。"
                ),
                conflict=draft_conflict(current, base_version, content),
            )
        if content["track"] != current.track_id:
            _check_limits(current.team, models.Track.objects.get(pk=content["track"]), exclude_entry=current)
        challenge_id = check_challenge(content["track"], content.get("challenge"))
        content = {**content, "challenge": challenge_id or "", "extra": content.get("extra", current.extra or {})}
        # The version in the WHERE clause is the lock itself: of two saves from the same base only
        # one can match (select_for_update above is a no-op on SQLite, this is not).
        updated = models.Entry.objects.filter(pk=current.pk, version=base_version, status=EntryStatus.DRAFT).update(
            track_id=content["track"],
            challenge_id=challenge_id,
            version=F("version") + 1,
            updated_by=user,
            updated_at=now,
            extra=content["extra"],
            **{name: content[name] for name in TEXT_FIELDS},
        )
        if not updated:
            current.refresh_from_db()
            raise StaleDraft(
                _("保存失败：作品刚刚被其他成员修改，请核对后再次保存。"),
                conflict=draft_conflict(current, base_version, content),
            )
        current.data_resources.set(content["data_resources"])
        # A resource taken off the list is no longer a declared use (contests/services/data_use.py).
        models.EntryDataUse.objects.filter(entry=current).exclude(resource_id__in=content["data_resources"]).delete()
        new_version = base_version + 1
        models.EntryDraftVersion.objects.create(
            entry=current, version=new_version, data=content, saved_by=user, saved_at=now
        )
        # The content itself is in EntryDraftVersion; the audit trail only notes the save.
        record("entry.save_draft", current, actor=user, after={"version": new_version})
    return new_version


def draft_conflict(current, base_version, yours):
    """Compare the user's ``yours`` with their base version and the saved one (see module doc).

    The form-field answers (``extra``) are compared and merged answer by answer, like fields: two
    members answering different questions at once both keep their answers."""
    versions = {
        v.version: v
        for v in models.EntryDraftVersion.objects.filter(entry=current, version__gte=base_version).select_related(
            "saved_by"
        )
    }
    base = versions[base_version].data if base_version in versions else content_of(current)
    saved = content_of(current)
    labels = {name: str(models.Entry._meta.get_field(name).verbose_name) for name in CONTENT_FIELDS}
    labels.update(
        {
            f"extra:{key}": label
            for key, label in models.EntryFormField.objects.filter(contest=current.contest_id).values_list(
                "key", "label"
            )
        }
    )
    base, saved, yours = _flatten(base), _flatten(saved), _flatten(yours)
    names = [*CONTENT_FIELDS, *sorted({n for d in (base, saved, yours) for n in d if n.startswith("extra:")})]
    changes, merged, kept = [], {}, []
    for name in names:
        # Versions saved before a field existed (the 赛题) lack it: they count as "" (none).
        base_value, saved_value, yours_value = base.get(name, ""), saved.get(name, ""), yours.get(name, "")
        others_changed = saved_value != base_value
        you_changed = yours_value != base_value
        if others_changed and not you_changed:
            merged[name] = saved_value
        else:
            merged[name] = yours_value
        if others_changed:
            both = you_changed and yours_value != saved_value
            label = labels.get(name, name.removeprefix("extra:"))
            changes.append(FieldChange(name, label, base_value, saved_value, yours_value, both))
            if both:
                kept.append(label)
    merged = _unflatten(merged)
    editors = []
    for number in sorted(versions):
        if number > base_version and str(versions[number].saved_by) not in editors:
            editors.append(str(versions[number].saved_by))
    return DraftConflict(base_version, current.version, changes, editors, merged, kept)


def _flatten(content):
    """Content with each answer as a field of its own (``extra:<key>``)."""
    flat = {name: value for name, value in content.items() if name != "extra"}
    flat.update({f"extra:{key}": value for key, value in (content.get("extra") or {}).items()})
    return flat


def _unflatten(flat):
    content = {name: value for name, value in flat.items() if not name.startswith("extra:")}
    content["extra"] = {
        name.removeprefix("extra:"): value
        for name, value in flat.items()
        if name.startswith("extra:") and value not in ("", None)
    }
    return content
