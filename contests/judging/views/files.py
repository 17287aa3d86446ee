"""An entry's files as a judge sees them: blind names, and freshly cleaned copies as downloads."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from cms.documents.limits import DocumentRejected
from cms.http import attachment
from contests.choices import FileKind
from contests.judging.views.lookup import assignment_or_404
from contests.services.judging.blind import blind_name, judge_field_keys, open_blind_copy
from contests.services.judging.calibration import anchor_for_judge, anchor_label


def describe_files(entry, code=None):
    order = {FileKind.PROPOSAL: 0, FileKind.IMAGE: 1, FileKind.ATTACHMENT: 2}
    files = entry.files.filter(removed_at__isnull=True)
    if any(f.field_key for f in files):
        # Files answering a question judges are not shown (or that is switched off) stay hidden.
        shown = judge_field_keys(entry)
        files = [f for f in files if not f.field_key or f.field_key in shown]
    files = sorted(files, key=lambda f: (order.get(f.kind, 3), f.uploaded_at, f.pk))
    counters = {}
    described = []
    for entry_file in files:
        counters[entry_file.kind] = counters.get(entry_file.kind, 0) + 1
        described.append(
            {
                "position": len(described) + 1,
                "kind": entry_file.get_kind_display(),
                "name": blind_name(entry, entry_file, counters[entry_file.kind], code=code),
                "size": entry_file.size,
                "is_image": entry_file.content_type.startswith("image/"),
                "file": entry_file,
            }
        )
    return described


# Where a save returns to: the save bar, unless the page said which criterion the judge was on.


@login_required
def entry_file(request, code, position):
    assignment = assignment_or_404(request, code)
    if assignment.declared_no_conflict_at is None:
        raise Http404
    return blind_download(assignment.entry, position)


@login_required
def calibration_file(request, code, position):
    """A calibration anchor's file, for the judges who may open the anchor (``anchor_for_judge``)."""
    found = anchor_for_judge(request.user, code)
    if found is None:
        raise Http404
    anchor, _judge, label_position = found
    return blind_download(anchor.entry, position, code=anchor_file_code(label_position))


def anchor_file_code(position):
    """What stands for the blind code in an anchor's file names: 校准作品1, 校准作品2, …"""
    return anchor_label(position).replace(" ", "")


def blind_download(entry, position, code=None):
    """The judge's blind copy of the entry's file at ``position`` of ``describe_files``."""
    files = describe_files(entry, code=code)
    if not 1 <= position <= len(files):
        raise Http404
    described = files[position - 1]
    entry_file_ = described["file"]
    try:
        handle = open_blind_copy(entry_file_)
    except DocumentRejected as refused:
        # Accepted before today's checks, but no safe copy can be made: the judge is told, the
        # organiser sees the file in eligibility review. Nothing of the original is ever sent.
        message = _("该文件无法生成安全的评审副本（%(reason)s），请联系大赛组织方。") % {"reason": refused}
        return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    # Always a download, never shown inline: the browser never renders a team's file in our origin.
    response = FileResponse(handle, content_type=entry_file_.content_type)
    response["Content-Disposition"] = attachment(described["name"])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
