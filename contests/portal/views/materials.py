"""Finalist materials (决赛补充材料): the questions of a round the entry has advanced to, answered on
their own page until the round opens. The service decides (``contests.services.entry_materials``)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.forms import NoColonLabelsMixin
from contests.choices import FileKind
from contests.portal.views.entries import editable_entry
from contests.services import ContestError
from contests.services.entry_forms import FieldKind, build_form_fields, field_files, fields_for, form_name
from contests.services.entry_materials import require_materials_open, save_round_answers
from contests.services.submission import format_beijing_time
from contests.services.uploads import allowed_extensions, describe_allowed


class MaterialsForm(NoColonLabelsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, fields, answers, **kwargs):
        super().__init__(*args, **kwargs)
        for name, form_field in build_form_fields(fields, answers).items():
            self.fields[name] = form_field


@login_required
@require_http_methods(["GET", "POST"])
def entry_materials(request, uuid, round_id):
    entry = editable_entry(request, uuid)
    round_ = get_object_or_404(entry.contest.rounds, pk=round_id)
    fields = fields_for(entry, round_)
    if not fields:
        raise Http404
    now = timezone.now()
    try:
        require_materials_open(entry, round_, now)
        is_open = True
    except ContestError:
        is_open = False
    text_fields = [f for f in fields if f.kind != FieldKind.FILE]
    form = MaterialsForm(
        request.POST or None, fields=text_fields, answers=entry.extra or {}, initial={"version": entry.version}
    )
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("补充材料已于该轮评审开始时截止，不能再修改。"))
            return redirect("contests:entry_detail", uuid=entry.uuid)
        if form.is_valid():
            try:
                _version, errors = save_round_answers(
                    entry, request.user, round_, request.POST, base_version=form.cleaned_data["version"], now=now
                )
            except ContestError as error:
                messages.error(request, error.message)
            else:
                for key, message in errors.items():
                    form.add_error(form_name(next(f for f in text_fields if f.key == key)), message)
                if not errors:
                    messages.success(request, _("补充材料已保存。"))
                    return redirect("contests:entry_detail", uuid=entry.uuid)
    files = field_files(entry)
    return render(
        request,
        "contests/portal/entry_materials.html",
        {
            "entry": entry,
            "team": entry.team,
            "contest": entry.contest,
            "round": round_,
            "form": form,
            "is_open": is_open,
            "deadline": format_beijing_time(round_.opens_at),
            "file_questions": [(f, files.get(f.key, [])) for f in fields if f.kind == FieldKind.FILE],
            "field_upload_accept": ",".join(f".{ext}" for ext in allowed_extensions(FileKind.ATTACHMENT)),
            "field_upload_allowed": describe_allowed(FileKind.ATTACHMENT),
        },
    )
