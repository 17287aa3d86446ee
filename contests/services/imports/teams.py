"""Importing teams and their entries migrated from a previous system: one row per team (with its
leader, members and at most one entry), upserted by team name within the contest and people by
e-mail, so re-importing the same file changes nothing. New people get an account without a
password (they set one through "forgot password")."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.validators import validate_credit_code, validate_phone
from contests.choices import EntryStatus, OrganisationType, TeamRole
from contests.services import audit
from contests.services.imports.base import (
    CHOICE,
    DATETIME,
    EMAIL,
    LIST,
    Column,
    ImportReport,
    RowError,
    duplicates,
    parse,
    parse_row,
    read_rows,
)

SHEET = "团队与作品"
COLUMNS = (
    Column("team_name", gettext_lazy("团队名称"), required=True, max_length=80, help=gettext_lazy("同一届大赛内唯一")),
    Column("organisation", gettext_lazy("所属单位"), max_length=200),
    Column(
        "organisation_type",
        gettext_lazy("单位类型"),
        required=True,
        kind=CHOICE,
        choices=tuple(OrganisationType.choices),
    ),
    Column("credit_code", gettext_lazy("统一社会信用代码"), max_length=18),
    Column("city", gettext_lazy("所在城市"), max_length=60),
    Column("leader_email", gettext_lazy("队长邮箱"), required=True, kind=EMAIL),
    Column("leader_name", gettext_lazy("队长姓名"), required=True, max_length=50),
    Column("leader_phone", gettext_lazy("队长手机"), max_length=20),
    Column("members", gettext_lazy("队员邮箱"), kind=LIST, help=gettext_lazy("多个邮箱用分号分隔，不含队长")),
    Column("track", gettext_lazy("赛道"), max_length=120, help=gettext_lazy("填写作品时必填")),
    Column("entry_title", gettext_lazy("作品名称"), max_length=120),
    Column("abstract", gettext_lazy("作品摘要"), max_length=2000),
    Column("entry_status", gettext_lazy("作品状态"), kind=CHOICE, choices=tuple(EntryStatus.choices)),
    Column("submitted_at", gettext_lazy("提交时间"), kind=DATETIME, help=gettext_lazy("北京时间，如 2026-03-01 14:30")),
)
HEADERS = {column.key: str(column.header) for column in COLUMNS}
_EMAIL = Column("member", "", kind=EMAIL)


def _lookups(contest):
    from contests.models import Team, TeamMembership
    from scenes.models import Node

    memberships = TeamMembership.objects.filter(contest=contest).exclude(role=TeamRole.ADVISER)
    return {
        "tracks": {t.name: t for t in contest.tracks.all()},
        "cities": {n.name: n for n in Node.objects.all()},
        # e-mail → name of the team the person already plays in
        "playing": {email.lower(): team for email, team in memberships.values_list("user__email", "team__name")},
        "leaders": dict(memberships.filter(role=TeamRole.LEADER).values_list("team__name", "user__email")),
        "entries": {
            name: set(titles) for name, titles in _titles_by_team(Team.objects.filter(contest=contest)).items()
        },
    }


def _titles_by_team(teams):
    from contests.models import Entry

    titles = {}
    for name, title in Entry.objects.filter(team__in=teams).values_list("team__name", "title"):
        titles.setdefault(name, []).append(title)
    return titles


def _check(contest, number, values, lookups):
    errors = []

    def error(key, message):
        errors.append(RowError(number, HEADERS[key], message))

    for key, validator in (("leader_phone", validate_phone), ("credit_code", validate_credit_code)):
        if values.get(key):
            try:
                validator(values[key])
            except ValidationError as exc:
                error(key, " ".join(exc.messages))
    if values["city"] and values["city"] not in lookups["cities"]:
        error("city", _("没有名为“%(value)s”的城市节点。") % {"value": values["city"]})
    members = []
    for email in values["members"] or []:
        parsed, problem = parse(_EMAIL, email)
        if problem:
            error("members", problem)
        else:
            members.append(parsed)
    values["members"] = members
    team = values["team_name"]
    people = [values["leader_email"], *members] if values["leader_email"] else members
    for email in people:
        other = lookups["playing"].get(email)
        if other and other != team:
            key = "leader_email" if email == values["leader_email"] else "members"
            error(key, _("%(email)s 已是本届大赛团队“%(team)s”的成员。") % {"email": email, "team": other})
    leader = lookups["leaders"].get(team)
    if leader and values["leader_email"] and leader.lower() != values["leader_email"]:
        error("leader_email", _("团队“%(team)s”的队长是 %(email)s，与表中不一致。") % {"team": team, "email": leader})
    if len(set(people)) > contest.max_team_size:
        error(
            "members",
            _("团队最多 %(max)s 人，本行共 %(n)s 人。") % {"max": contest.max_team_size, "n": len(set(people))},
        )
    if values["entry_title"]:
        if not values["track"]:
            error("track", _("填写了作品时，赛道必填。"))
        elif values["track"] not in lookups["tracks"]:
            allowed = "、".join(lookups["tracks"]) or _("（尚未设置赛道）")
            error(
                "track",
                _("本届大赛没有赛道“%(value)s”，可选：%(allowed)s。") % {"value": values["track"], "allowed": allowed},
            )
        existing = lookups["entries"].get(team, set())
        if values["entry_title"] not in existing and len(existing) >= contest.max_entries_per_team:
            error(
                "entry_title",
                _("每个团队最多 %(max)s 件作品，该团队已达上限。") % {"max": contest.max_entries_per_team},
            )
    return errors


def validate(contest, file):
    """(report with every error, [(row number, values)] of the valid rows)."""
    rows, header_errors = read_rows(file, COLUMNS, sheet_name=SHEET)
    report = ImportReport(rows=len(rows), errors=list(header_errors))
    if header_errors:
        return report, []
    lookups = _lookups(contest)
    parsed, bad = [], set()
    for number, raw in rows:
        values, errors = parse_row(COLUMNS, number, raw)
        if not errors:
            errors = _check(contest, number, values, lookups)
        report.errors += errors
        if errors:
            bad.add(number)
        parsed.append((number, values))
    cross = duplicates(parsed, "team_name", HEADERS["team_name"], what=_("团队名称"))
    # One team per person per contest: the same e-mail in two rows (as leader or member).
    people = [
        (number, {"email": email, "key": key})
        for number, values in parsed
        for key, emails in (("leader_email", [values["leader_email"]]), ("members", values["members"] or []))
        for email in emails
        if email
    ]
    seen = {}
    for number, person in people:
        first = seen.setdefault(person["email"], number)
        if first != number:
            message = _("%(email)s 已出现在第 %(row)s 行的团队中。") % {"email": person["email"], "row": first}
            cross.append(RowError(number, HEADERS[person["key"]], message))
    for error in cross:
        report.errors.append(error)
        bad.add(error.row)
    valid = [(number, values) for number, values in parsed if number not in bad]
    report.valid_rows = len(valid)
    return report, valid


def _user(email, name="", phone=""):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # No password: the person sets one through "forgot password" with this e-mail.
        return User.objects.create_user(email=email, password=None, real_name=name, phone=phone), True
    blanks = {k: v for k, v in (("real_name", name), ("phone", phone)) if v and not getattr(user, k)}
    for key, value in blanks.items():
        setattr(user, key, value)
    if blanks:
        user.save(update_fields=list(blanks))
    return user, bool(blanks)


def _upsert(contest, values, lookups, now):
    from contests.models import Entry, EntryDraftVersion, Team, TeamMembership
    from contests.services.entries import content_of

    changed = False
    leader, created_user = _user(values["leader_email"], values["leader_name"], values["leader_phone"] or "")
    changed |= created_user
    fields = {
        "organisation": values["organisation"] or "",
        "organisation_type": values["organisation_type"],
        "credit_code": (values["credit_code"] or "").upper(),
        "city": lookups["cities"].get(values["city"]) if values["city"] else None,
    }
    team = Team.objects.filter(contest=contest, name=values["team_name"]).first()
    created = team is None
    if created:
        team = Team.objects.create(contest=contest, name=values["team_name"], created_by=leader, **fields)
    else:
        diff = {key: value for key, value in fields.items() if getattr(team, key) != value}
        for key, value in diff.items():
            setattr(team, key, value)
        if diff:
            team.save(update_fields=list(diff))
            changed = True
    wanted = [(leader, TeamRole.LEADER)] + [(_user(email)[0], TeamRole.MEMBER) for email in values["members"]]
    for user, role in wanted:
        if not TeamMembership.objects.filter(team=team, user=user).exists():
            TeamMembership.objects.create(team=team, user=user, role=role)
            changed = True
    if values["entry_title"]:
        entry_fields = {
            "track": lookups["tracks"][values["track"]],
            "abstract": values["abstract"] or "",
            "status": values["entry_status"] or EntryStatus.SUBMITTED,
            "submitted_at": values["submitted_at"],
        }
        entry = Entry.objects.filter(team=team, title=values["entry_title"]).first()
        if entry is None:
            entry = Entry.objects.create(
                contest=contest,
                team=team,
                title=values["entry_title"],
                created_by=leader,
                updated_by=leader,
                **entry_fields,
            )
            EntryDraftVersion.objects.create(
                entry=entry, version=entry.version, data=content_of(entry), saved_by=leader, saved_at=now
            )
            changed = True
        else:
            diff = {key: value for key, value in entry_fields.items() if getattr(entry, key) != value}
            if diff:
                Entry.objects.filter(pk=entry.pk).update(updated_by=leader, updated_at=now, **diff)
                changed = True
    return "created" if created else ("updated" if changed else "unchanged")


def import_teams(contest, file, *, actor=None, only_valid=False, dry_run=False):
    """Check every row; write only if all are valid (or ``only_valid``); return the report."""
    report, valid = validate(contest, file)
    header_problem = any(error.row == 1 for error in report.errors)
    if dry_run or header_problem or (report.errors and not only_valid):
        return report
    now = timezone.now()
    with transaction.atomic():
        lookups = _lookups(contest)
        for _number, values in valid:
            report.count(_upsert(contest, values, lookups, now))
        report.written = True
        if report.counts.get("created") or report.counts.get("updated"):
            audit.record(
                action="import.teams",
                obj=contest,
                actor=actor,
                contest=contest,
                after={"counts": report.counts, "rows": report.rows, "skipped": report.rows - report.valid_rows},
            )
    return report
