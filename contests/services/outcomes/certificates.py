"""Award certificates (获奖证书) as PDF, generated on request from the award record.

Chinese text in the CID font of ``contests.services.pdf``. Nothing is stored: a certificate always
shows the award as it stands, and a revoked award has none. In the lower left corner a QR code
(``segno``) carries the address of the public verification page (``verification.py``), drawn as
vector squares so it prints sharp at any size, with the certificate number beside it. With a signing
certificate configured, the PDF is digitally signed (``contests.services.pdf_signing``).
"""

import io
from datetime import datetime

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from contests.choices import TeamRole
from contests.services import ContestError
from contests.services.outcomes.verification import verification_url
from contests.services.pdf import cid_font as _font
from contests.services.pdf import wrap as _wrap
from contests.services.pdf_signing import sign_pdf

RED = HexColor("#a61b1b")
INK = HexColor("#222222")
GREY = HexColor("#666666")
# The verification QR code, lower left inside the frame (points; the page is landscape A4).
QR_X, QR_Y, QR_SIZE = 52, 46, 96


def _people(team):
    """(players, advisers): names of the leader first, then members, then advisers."""
    order = {TeamRole.LEADER: 0, TeamRole.MEMBER: 1, TeamRole.ADVISER: 2}
    memberships = sorted(
        team.memberships.select_related("user"), key=lambda m: (order.get(m.role, 9), m.joined_at, m.pk)
    )
    players = [m.user.get_full_name() for m in memberships if m.role != TeamRole.ADVISER]
    advisers = [m.user.get_full_name() for m in memberships if m.role == TeamRole.ADVISER]
    return players, advisers


def draw_qr_code(pdf, text, x, y, size):
    """``text`` as a QR code whose lower left corner is at (x, y), ``size`` points wide, quiet zone
    included: one filled path of a rectangle per run of dark modules in a row (no raster image)."""
    qr = segno.make(text, error="m", micro=False)
    border = 4  # the quiet zone the standard asks for, in modules
    modules = len(qr.matrix) + 2 * border
    step = size / modules
    path = pdf.beginPath()
    for row_index, row in enumerate(qr.matrix):
        top = y + size - (row_index + border) * step
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(x + (start + border) * step, top - step, (column - start) * step, step)
    pdf.saveState()
    pdf.setFillColor(INK)
    pdf.drawPath(path, stroke=0, fill=1)
    pdf.restoreState()
    return qr


def certificate_date(award):
    when = timezone.localtime(award.awarded_at) if isinstance(award.awarded_at, datetime) else award.awarded_at
    return _("%(year)d年%(month)d月%(day)d日") % {"year": when.year, "month": when.month, "day": when.day}


def certificate_filename(award):
    return _("获奖证书-%(award)s-%(number)s.pdf") % {"award": award.category.name, "number": award.certificate_number}


def certificate_pdf(award):
    """The certificate of an active award, as PDF bytes."""
    if award.revoked_at is not None:
        raise ContestError(_("该奖项已被撤销，没有证书。"), code="revoked")
    font = _font()
    entry, contest = award.entry, award.category.contest
    players, advisers = _people(entry.team)
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(_("获奖证书 %(number)s") % {"number": award.certificate_number})
    pdf.setAuthor(contest.name)
    pdf.setSubject(award.category.name)

    # Frame: a red double border.
    pdf.setStrokeColor(RED)
    pdf.setLineWidth(4)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(1)
    pdf.rect(34, 34, width - 68, height - 68)

    centre, text_width = width / 2, width - 160
    pdf.setFillColor(RED)
    pdf.setFont(font, 40)
    pdf.drawCentredString(centre, height - 110, _("荣誉证书"))
    pdf.setFillColor(INK)
    pdf.setFont(font, 18)
    y = height - 150
    for line in _wrap(contest.name, 18, text_width):
        pdf.drawCentredString(centre, y, line)
        y -= 24

    y -= 16
    pdf.setFont(font, 16)
    for line in _wrap(_("作品《%(title)s》") % {"title": entry.title}, 16, text_width):
        pdf.drawCentredString(centre, y, line)
        y -= 24
    y -= 6
    pdf.setFillColor(RED)
    pdf.setFont(font, 30)
    pdf.drawCentredString(centre, y - 14, award.category.name)
    y -= 62

    pdf.setFillColor(INK)
    details = [
        _("赛道：%(track)s") % {"track": award.track.name},
        _("团队：%(team)s") % {"team": entry.team.name}
        + (_("（%(organisation)s）") % {"organisation": entry.team.organisation} if entry.team.organisation else ""),
        _("成员：%(names)s") % {"names": "、".join(players)},
    ]
    if advisers:
        details.append(_("指导老师：%(names)s") % {"names": "、".join(advisers)})
    pdf.setFont(font, 14)
    for detail in details:
        for line in _wrap(detail, 14, text_width):
            pdf.drawCentredString(centre, y, line)
            y -= 21

    pdf.setFont(font, 14)
    for i, line in enumerate(reversed(_wrap(_("%(contest)s组委会") % {"contest": contest.name}, 14, width / 2))):
        pdf.drawRightString(width - 90, 108 + 20 * i, line)
    pdf.drawRightString(width - 90, 86, certificate_date(award))
    # Verification: the QR code of the public page, the number beside it and the address in words.
    url = verification_url(award.certificate_number)
    draw_qr_code(pdf, url, QR_X, QR_Y, QR_SIZE)
    text_x = QR_X + QR_SIZE + 6
    pdf.setFillColor(INK)
    pdf.setFont(font, 11)
    pdf.drawString(text_x, QR_Y + QR_SIZE - 28, _("证书编号：%(number)s") % {"number": award.certificate_number})
    pdf.setFillColor(GREY)
    pdf.setFont(font, 9)
    pdf.drawString(text_x, QR_Y + QR_SIZE - 46, _("扫描二维码或访问以下网址核验本证书："))
    pdf.drawString(text_x, QR_Y + QR_SIZE - 60, url)
    pdf.showPage()
    pdf.save()
    # Signed with the organising committee's certificate when one is configured (pdf_signing.py).
    return sign_pdf(buffer.getvalue(), reason=_("获奖证书 %(number)s") % {"number": award.certificate_number})
