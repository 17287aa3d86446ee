"""The submission receipt (提交回执) as an A4 PDF, drawn from the revision's frozen snapshot: what
the team submitted, when, and each file's SHA-256 — the same facts as the receipt page.

Hashes are set in Courier on a line of their own, so all 64 hex digits stay on the page.
"""

import io

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contests.services.pdf import cid_font, wrap
from contests.services.submission import format_beijing_time, receipt_files

INK = HexColor("#222222")
GREY = HexColor("#555555")
MARGIN = 56
HASH_FONT = "Courier"


def receipt_filename(revision):
    return _("提交回执-%(code)s.pdf") % {"code": revision.receipt_code}


class _Page:
    """A cursor down A4 pages: writes wrapped lines and starts a new page when one is full."""

    def __init__(self, pdf):
        self.pdf, self.font = pdf, cid_font()
        self.width, self.height = A4
        self.text_width = self.width - 2 * MARGIN
        self.y = self.height - MARGIN

    def room(self, needed):
        if self.y - needed < MARGIN:
            self.pdf.showPage()
            self.y = self.height - MARGIN

    def lines(self, text, size=11, *, font=None, colour=INK, indent=0, gap=4):
        font = font or self.font
        for line in wrap(text, size, self.text_width - indent, font=font):
            self.room(size + gap)
            self.pdf.setFillColor(colour)
            self.pdf.setFont(font, size)
            self.pdf.drawString(MARGIN + indent, self.y - size, line)
            self.y -= size + gap

    def space(self, points):
        self.y -= points


def receipt_pdf(revision):
    """The receipt of ``revision`` as PDF bytes."""
    snapshot = revision.snapshot
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("提交回执 %(code)s") % {"code": revision.receipt_code})
    pdf.setAuthor(snapshot["contest"]["name"])
    page = _Page(pdf)

    page.lines(_("作品提交回执"), 22, gap=10)
    page.lines(snapshot["contest"]["name"], 12, colour=GREY, gap=12)
    resources = "、".join(f"{r['name']}（{r['department']}）" for r in snapshot["data_resources"]) or "—"
    facts = [
        (_("回执编号"), revision.receipt_code),
        (_("提交时间"), format_beijing_time(revision.submitted_at)),
        (_("团队"), snapshot["team"]["name"]),
        (_("赛道"), snapshot["track"]["name"]),
        *([(_("赛题"), snapshot["challenge"]["title"])] if snapshot.get("challenge") else []),
        (_("作品名称"), snapshot["fields"].get("title", "")),
        (_("提交人"), snapshot["submitted_by"]["name"]),
        (
            _("提交次序"),
            _("第 %(number)d 次提交（草稿第 %(version)d 版）")
            % {"number": revision.number, "version": revision.entry_version},
        ),
        (_("使用的数据资源"), resources),
        (_("演示视频链接"), snapshot["fields"].get("video_url") or "—"),
        # The configured questions (revisions taken before they existed have none).
        *[(answer["label"], answer["value"] or "—") for answer in snapshot.get("answers", [])],
    ]
    for label, value in facts:
        page.lines(_("%(label)s：%(value)s") % {"label": label, "value": value}, 11)

    page.space(10)
    page.lines(_("提交的文件"), 14, gap=8)
    for index, item in enumerate(receipt_files(revision), start=1):
        page.room(48)  # keep a file's name and its hash together
        page.lines(
            _("%(n)d. %(name)s（%(kind)s，%(size)s）")
            % {
                "n": index,
                "name": item["name"],
                "kind": item["kind_label"],
                "size": filesizeformat(item["size"]).replace("\xa0", " "),  # the CID font has no no-break space
            },
            11,
        )
        page.lines("SHA-256: " + item["sha256"], 8.5, font=HASH_FONT, colour=GREY, indent=14, gap=8)

    page.space(10)
    # The receipt page's own wording (one msgid for both).
    fingerprint = _(
        "SHA-256 是文件内容的“指纹”：文件哪怕改动一个字节，指纹也会完全不同，可用来核对评审所用文件与你提交的文件一致。"
    )
    page.lines(fingerprint, 9, colour=GREY)
    page.lines(_("截止时间前可撤回后重新提交，以截止时最后一次提交为准。"), 9, colour=GREY)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
