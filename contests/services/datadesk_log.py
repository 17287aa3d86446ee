"""The data desk's access log (every download: who, team, which file, when, how much) and its Excel export."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cms.spreadsheets import safe_cell_text
from cms.workdays import SHANGHAI
from contests.services.datadesk import downloads_visible_to


def access_log_for(user):
    """The downloads ``user`` may see, newest first, with everything a row shows selected up front."""
    return (
        downloads_visible_to(user)
        .select_related("user", "request__team", "file", "request__offer__resource", "request__offer__challenge__unit")
        .order_by("-downloaded_at", "-pk")
    )


def _text(value):
    return safe_cell_text(str(value)) if value not in (None, "") else None


def access_log_workbook(downloads):
    """An .xlsx (bytes) of ``downloads``: user text neutralised, times as Beijing wall-clock times."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("数据下载记录"))
    header = [_("下载时间（北京时间）"), _("下载人"), _("邮箱"), _("团队"), _("出题单位"), _("赛题"), _("数据资源"),
              _("文件"), _("大小（字节）"), _("IP 地址")]  # fmt: skip
    sheet.append([_bold(sheet, title) for title in header])
    for download in downloads.iterator(chunk_size=1000):
        offer = download.request.offer
        sheet.append(
            [
                timezone.localtime(download.downloaded_at, SHANGHAI).replace(tzinfo=None),
                _text(download.user.get_full_name()),
                _text(download.user.email),
                _text(download.request.team.name),
                _text(offer.challenge.unit.name),
                _text(offer.challenge.title),
                _text(offer.resource.name),
                _text(download.file.original_name),
                download.size,
                _text(download.ip_address),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet, title):
    cell = WriteOnlyCell(sheet, value=title)
    cell.font = Font(bold=True)
    return cell
