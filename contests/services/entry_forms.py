"""The configured part of the entry form (``EntryFormField``): which questions an entry is asked,
their Django form fields, and the one validation every write goes through.

* ``fields_for(entry)`` — the contest's active fields for the entry's track, in order: the ones
  asked at submission (no round) and the ones of every round the entry has reached (finalist
  materials, requested when it advances). ``fields_for(entry, round_)`` — one round's only.
* ``validate_answers`` — types, choice membership, word limits (a Chinese character counts as one
  word, as does a run of Latin letters or digits), http(s) addresses, ISO dates, sane numbers;
  a field hidden by its condition is neither required nor checked (a valid answer to it is kept,
  and shown nowhere while hidden). Drafts may be incomplete
  (``partial``); ``missing_answers`` is the submission checklist's list.
* Answers are stored in ``Entry.extra`` (key → value: text, a number as a decimal string, a list
  for multiple choices, "YYYY-MM-DD" for dates); file answers are ``EntryFile`` rows with
  ``field_key`` (``contests.services.files.store_entry_file``).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms.validators import BIDI_CONTROLS
from contests import models
from contests.models.entry_forms import FieldKind

PREFIX = "extra__"
TEXT_MAX = {FieldKind.TEXT: 500, FieldKind.LONG_TEXT: 10000, FieldKind.URL: 500}
NUMBER_LIMIT = Decimal(10) ** 12
# Control characters (line breaks and tabs are kept in long text) and the bidirectional controls.
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{BIDI_CONTROLS}]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’\-.][A-Za-z0-9]+)*")


def form_name(field):
    return PREFIX + field.key


def count_words(text):
    """Chinese characters count one each, so does every run of Latin letters or digits."""
    return len(_CJK.findall(text)) + len(_WORD.findall(_CJK.sub(" ", text)))


def _round_number(field):
    return field.round.number if field.round_id else 0


def contest_fields(contest, track=None, *, include_rounds=True):
    """Active fields of ``contest`` for ``track`` (all tracks' when None), ordered."""
    queryset = models.EntryFormField.objects.filter(contest=contest, active=True).select_related("round")
    if track is not None:
        queryset = queryset.filter(Q(track__isnull=True) | Q(track=track))
    if not include_rounds:
        queryset = queryset.filter(round__isnull=True)
    return sorted(queryset, key=sort_key)


def sort_key(field):
    """Form order: the questions asked at submission, then each later round's, by ``sort_order``."""
    return (_round_number(field), field.sort_order, field.pk)


def reached_round_number(entry):
    return entry.current_round.number if entry.current_round_id else 0


def fields_for(entry, round_=None):
    """The fields ``entry`` answers (see module doc); with ``round_``, only that round's."""
    reached = reached_round_number(entry)
    fields = contest_fields(entry.contest_id, entry.track_id)
    if round_ is not None:
        return [f for f in fields if f.round_id == round_.pk and round_.number <= reached]
    return [f for f in fields if not f.round_id or f.round.number <= reached]


def is_shown(field, answers):
    """Whether ``field`` is shown given ``answers`` (its condition's field has the given value)."""
    if not field.condition_key:
        return True
    value = answers.get(field.condition_key)
    if isinstance(value, list):
        return field.condition_value in value
    return value is not None and str(value) == field.condition_value


# ---------------------------------------------------------------- Django form fields


def build_form_fields(fields, answers=None):
    """``{form name: forms.Field}`` for the non-file ``fields``. Never required at this level:
    ``validate_answers`` decides (a draft may be incomplete; a condition may hide the field)."""
    answers = answers or {}
    built = {}
    for field in fields:
        if field.kind == FieldKind.FILE:
            continue
        common = {"label": field.label, "help_text": _help_text(field), "required": False}
        if field.kind == FieldKind.LONG_TEXT:
            form_field = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), strip=True, **common)
        elif field.kind == FieldKind.CHOICE:
            options = [("", "—"), *[(c, c) for c in field.choice_list()]]
            form_field = forms.ChoiceField(choices=options, **common)
        elif field.kind == FieldKind.MULTI_CHOICE:
            form_field = forms.MultipleChoiceField(
                choices=[(c, c) for c in field.choice_list()], widget=forms.CheckboxSelectMultiple, **common
            )
        elif field.kind == FieldKind.NUMBER:
            form_field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
        elif field.kind == FieldKind.DATE:
            form_field = forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        elif field.kind == FieldKind.URL:
            form_field = forms.CharField(widget=forms.URLInput(attrs={"placeholder": "https://"}), **common)
        else:
            form_field = forms.CharField(**common)
        # Which field and value show this one: the progressive toggle reads these, the server decides.
        if field.condition_key:
            form_field.widget.attrs.update(
                {"data-show-when": PREFIX + field.condition_key, "data-show-value": field.condition_value}
            )
        form_field.initial = answers.get(field.key)
        form_field.form_field_config = field
        built[form_name(field)] = form_field
    return built


def _help_text(field):
    """The organiser's help text, then the word limit and whether it is required, as sentences
    written one after another (Chinese puts no space between them)."""
    parts = []
    if field.help_text:
        text = field.help_text.strip()
        parts.append(text if text[-1] in "。！？.!?）)" else text + "。")
    if field.word_limit:
        parts.append(_("不超过 %(limit)d 字。") % {"limit": field.word_limit})
    if field.required:
        parts.append(_("提交前必填。"))
    return ("" if (get_language() or "zh").startswith("zh") else " ").join(parts)


# ---------------------------------------------------------------- validation


def _raw(data, name, *, many=False):
    if many:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        return values if isinstance(values, (list, tuple)) else [values]
    value = data.get(name)
    if isinstance(value, (list, tuple)):  # a plain dict posting a list where one value belongs
        raise ValidationError(_("格式不正确。"))
    return value


def clean_value(field, raw):
    """The stored form of one answer (None when empty), or ``ValidationError``."""
    if field.kind == FieldKind.MULTI_CHOICE:
        if not all(isinstance(v, str) for v in raw):
            raise ValidationError(_("格式不正确。"))
        chosen = {v.strip() for v in raw if v.strip()}
        allowed = field.choice_list()
        unknown = chosen - set(allowed)
        if unknown:
            raise ValidationError(_("“%(value)s”不是可选的选项。") % {"value": "、".join(sorted(unknown))[:60]})
        return [c for c in allowed if c in chosen] or None
    if raw is None:
        return None
    if not isinstance(raw, (str, int, float, Decimal)) or isinstance(raw, bool):
        raise ValidationError(_("格式不正确。"))
    text = str(raw).replace("\r\n", "\n").strip()
    if not text:
        return None
    allowed_controls = text if field.kind == FieldKind.LONG_TEXT else text.replace("\n", "\x00")
    if _CONTROL.search(allowed_controls):
        raise ValidationError(_("不能包含控制字符或不可见的文字方向字符。"))
    limit = TEXT_MAX.get(field.kind, 500)
    if len(text) > limit:
        message = _("不能超过 %(limit)d 个字符（现有 %(count)d 个）。")
        raise ValidationError(message % {"limit": limit, "count": len(text)})
    cleaner = _CLEANERS.get(field.kind)
    return cleaner(field, text) if cleaner else text


def _clean_text(field, text):
    if field.word_limit and count_words(text) > field.word_limit:
        raise ValidationError(
            _("不能超过 %(limit)d 字（现有 %(count)d 字）。") % {"limit": field.word_limit, "count": count_words(text)}
        )
    return text


def _clean_choice(field, text):
    if text not in field.choice_list():
        raise ValidationError(_("“%(value)s”不是可选的选项。") % {"value": text[:60]})
    return text


def _clean_number(field, text):
    try:
        # Thousands separators as typed with a Chinese input method too (1，200).
        number = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValidationError(_("请输入数字。")) from None
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise ValidationError(_("数字超出允许范围。"))
    if number.as_tuple().exponent < -4:
        raise ValidationError(_("最多保留 4 位小数。"))
    return format(number.normalize(), "f")


def _clean_url(field, text):
    try:
        parts = urlsplit(text)
        URLValidator(schemes=["http", "https"])(text)
    except (ValueError, ValidationError):
        raise ValidationError(_("请输入以 http:// 或 https:// 开头的有效网址。")) from None
    if parts.username or parts.password:
        raise ValidationError(_("网址不能包含用户名或密码。"))
    return text


def _clean_date(field, text):
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("请按“年-月-日”格式填写日期，如 2026-05-01。")) from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) or not 1900 <= day.year <= 2100:
        raise ValidationError(_("请按“年-月-日”格式填写日期，如 2026-05-01。"))
    return day.isoformat()


_CLEANERS = {
    FieldKind.TEXT: _clean_text,
    FieldKind.LONG_TEXT: _clean_text,
    FieldKind.CHOICE: _clean_choice,
    FieldKind.NUMBER: _clean_number,
    FieldKind.URL: _clean_url,
    FieldKind.DATE: _clean_date,
}


def validate_answers(entry, data, files=None, *, fields=None, partial=True):
    """Clean the posted answers to ``fields`` (default: the entry's form at submission).

    Returns ``(answers, errors)``: ``answers`` key → stored value for the shown, non-empty fields;
    ``errors`` key → message. ``partial`` (a draft) skips the required check; ``files`` are the
    entry's active field files by key (for required file fields).
    """
    if fields is None:
        fields = [f for f in fields_for(entry) if not f.round_id]
    answers, errors = {}, {}
    for field in fields:
        if field.kind == FieldKind.FILE:
            continue
        try:
            value = clean_value(field, _raw(data, form_name(field), many=field.kind == FieldKind.MULTI_CHOICE))
        except ValidationError as error:
            errors[field.key] = error.messages[0]
            continue
        if value is not None:
            answers[field.key] = value
    # Conditions read the answers just given (and, for a question of another part of the form,
    # such as a finalist question shown by an answer given at submission, the saved one). A hidden
    # field is neither required nor checked, but a valid answer to it is kept: a team that flips the
    # choice back finds what it typed. Every reader (receipts, judges, exports) shows shown answers only.
    asked = {field.key for field in fields}
    context = {key: value for key, value in (entry.extra or {}).items() if key not in asked} | answers
    for field in fields:
        if not is_shown(field, context):
            errors.pop(field.key, None)
        elif not partial and field.required and field.key not in errors and not _answered(field, answers, files):
            errors[field.key] = _("请填写“%(label)s”。") % {"label": field.label}
    return answers, errors


def _answered(field, answers, files):
    if field.kind == FieldKind.FILE:
        return bool(files and files.get(field.key))
    return field.key in answers


def field_files(entry):
    """``{field key: [EntryFile, …]}`` of the entry's active field files."""
    by_key = {}
    for entry_file in entry.files.filter(removed_at__isnull=True).exclude(field_key="").order_by("uploaded_at", "pk"):
        by_key.setdefault(entry_file.field_key, []).append(entry_file)
    return by_key


def missing_answers(entry, fields=None):
    """The checklist lines for required, shown fields without an answer."""
    if fields is None:
        fields = [f for f in fields_for(entry) if not f.round_id]
    answers = entry.extra or {}
    files = field_files(entry) if any(f.kind == FieldKind.FILE for f in fields) else {}
    return [
        _("填写“%(field)s”") % {"field": field.label}
        for field in fields
        if field.required and is_shown(field, answers) and not _answered(field, answers, files)
    ]


def display_value(value):
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


def answers_snapshot(entry, fields=None):
    """Labels and values of the entry's answers (file answers: names and SHA-256), for revisions
    and receipts."""
    fields = fields_for(entry) if fields is None else fields
    answers = entry.extra or {}
    files = field_files(entry) if any(f.kind == FieldKind.FILE for f in fields) else {}
    rows = []
    for field in fields:
        if not is_shown(field, answers):
            continue
        row = {"key": field.key, "label": field.label, "kind": field.kind, "round": field.round_id}
        if field.kind == FieldKind.FILE:
            row["files"] = [{"id": f.pk, "name": f.original_name, "sha256": f.sha256} for f in files.get(field.key, [])]
            row["value"] = "、".join(f["name"] for f in row["files"])
        else:
            row["value"] = display_value(answers.get(field.key))
        rows.append(row)
    return rows
