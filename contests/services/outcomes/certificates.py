"""Award certificates (获奖证书) as PDF, generated on request from the award record.

Chinese text in the CID font of ``contests.services.pdf``. Nothing is stored: a certificate always
shows the award as it stands, and a revoked award has none.
"""

import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from cms.links import site_url
from contests.choices import TeamRole
from contests.services import ContestError
from contests.services.pdf import cid_font as _font
from contests.services.pdf import wrap as _wrap

RED = HexColor("#a61b1b")
INK = HexColor("#222222")
GREY = HexColor("#666666")


def _people(team):
    """(players, advisers): names of the leader first, then members, then advisers."""
    order = {TeamRole.LEADER: 0, TeamRole.MEMBER: 1, TeamRole.ADVISER: 2}
    memberships = sorted(
        team.memberships.select_related("user"), key=lambda m: (order.get(m.role, 9), m.joined_at, m.pk)
    )
    players = [m.user.get_full_name() for m in memberships if m.role != TeamRole.ADVISER]
    advisers = [m.user.get_full_name() for m in memberships if m.role == TeamRole.ADVISER]
    return players, advisers


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
    pdf.setFillColor(GREY)
    pdf.setFont(font, 10)
    pdf.drawString(80, 86, _("证书编号：%(number)s") % {"number": award.certificate_number})
    pdf.drawString(
        80,
        68,
        _("核验：获奖信息以大赛组委会记录为准，可凭证书编号在 %(site)s 向组委会查验。") % {"site": site_url()},
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
