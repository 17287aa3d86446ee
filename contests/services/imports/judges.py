"""Importing judges: one row per judge, upserted by e-mail within the contest (re-importing the
same file changes nothing). ``import_judges <slug> F.xlsx`` and the admin upload both call this."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.validators import validate_credit_code, validate_phone
from contests.services import audit
from contests.services.imports.base import (
    EMAIL,
    INTEGER,
    LIST,
    Column,
    ImportReport,
    RowError,
    duplicates,
    parse_row,
    read_rows,
)

SHEET = "评委"
COLUMNS = (
    Column("name", gettext_lazy("姓名"), required=True, max_length=50),
    Column("email", gettext_lazy("电子邮箱"), required=True, kind=EMAIL, help=gettext_lazy("同一届大赛内不能重复")),
    Column("phone", gettext_lazy("手机号"), max_length=20),
    Column("organisation", gettext_lazy("工作单位"), max_length=200, help=gettext_lazy("用于利益冲突检查")),
    Column("credit_code", gettext_lazy("单位统一社会信用代码"), max_length=18),
    Column("title", gettext_lazy("职称/职务"), max_length=60),
    Column("tracks", gettext_lazy("评审赛道"), kind=LIST, help=gettext_lazy("多个赛道用顿号或分号分隔")),
    Column("load_limit", gettext_lazy("每轮评审上限"), kind=INTEGER, help=gettext_lazy("留空表示不限")),
    Column("conflicts", gettext_lazy("申报回避的单位"), kind=LIST, help=gettext_lazy("多个单位用分号分隔")),
)
HEADERS = {column.key: str(column.header) for column in COLUMNS}


def _check(number, values, tracks):
    errors = []
    for key, validator in (("phone", validate_phone), ("credit_code", validate_credit_code)):
        if values.get(key):
            try:
                validator(values[key])
            except ValidationError as exc:
                errors.append(RowError(number, HEADERS[key], " ".join(exc.messages)))
    unknown = [name for name in values.get("tracks") or [] if name not in tracks]
    if unknown:
        errors.append(
            RowError(
                number,
                HEADERS["tracks"],
                _("本届大赛没有赛道“%(names)s”，可选：%(allowed)s。")
                % {"names": "、".join(unknown), "allowed": "、".join(tracks) or _("（尚未设置赛道）")},
            )
        )
    return errors


def validate(contest, file):
    """(report with every error, [(row number, values)] of the valid rows)."""
    rows, header_errors = read_rows(file, COLUMNS, sheet_name=SHEET)
    report = ImportReport(rows=len(rows), errors=list(header_errors))
    if header_errors:
        return report, []
    tracks = {t.name: t for t in contest.tracks.all()}
    parsed, bad = [], set()
    for number, raw in rows:
        values, errors = parse_row(COLUMNS, number, raw)
        errors += _check(number, values, tracks)
        report.errors += errors
        if errors:
            bad.add(number)
        parsed.append((number, values))
    for error in duplicates(parsed, "email", HEADERS["email"], what=_("邮箱")):
        report.errors.append(error)
        bad.add(error.row)
    valid = [(number, values) for number, values in parsed if number not in bad]
    report.valid_rows = len(valid)
    return report, valid


def _fields(values):
    return {
        "name": values["name"],
        "phone": values["phone"] or "",
        "organisation": values["organisation"] or "",
        "credit_code": (values["credit_code"] or "").upper(),
        "title": values["title"] or "",
        "load_limit": values["load_limit"],
        "declared_conflicts": "\n".join(values["conflicts"]),
    }


def _upsert(contest, values, tracks):
    from contests.models import JudgeProfile

    fields = _fields(values)
    track_ids = sorted(tracks[name].pk for name in values["tracks"])
    judge = JudgeProfile.objects.filter(contest=contest, email=values["email"]).first()
    if judge is None:
        judge = JudgeProfile.objects.create(contest=contest, email=values["email"], **fields)
        judge.expertise.set(track_ids)
        return "created"
    changed = {key: value for key, value in fields.items() if getattr(judge, key) != value}
    tracks_changed = sorted(judge.expertise.values_list("pk", flat=True)) != track_ids
    if not changed and not tracks_changed:
        return "unchanged"
    for key, value in changed.items():
        setattr(judge, key, value)
    if changed:
        judge.save(update_fields=list(changed))
    if tracks_changed:
        judge.expertise.set(track_ids)
    return "updated"


def import_judges(contest, file, *, actor=None, only_valid=False, dry_run=False):
    """Check every row; write only if all are valid (or ``only_valid``); return the report."""
    report, valid = validate(contest, file)
    header_problem = any(error.row == 1 for error in report.errors)
    if dry_run or header_problem or (report.errors and not only_valid):
        return report
    tracks = {t.name: t for t in contest.tracks.all()}
    with transaction.atomic():
        for _number, values in valid:
            report.count(_upsert(contest, values, tracks))
        report.written = True
        if report.counts.get("created") or report.counts.get("updated"):
            audit.record(
                action="import.judges",
                obj=contest,
                actor=actor,
                contest=contest,
                after={"counts": report.counts, "rows": report.rows, "skipped": report.rows - report.valid_rows},
            )
    return report
