"""“Export this list”: the filtered catalogue as XLSX or CSV, with Chinese headers.

Text cells pass through cms.spreadsheets.safe_cell_text: a value Excel would run as a formula gets
an apostrophe in front, and characters the XLSX format refuses (a vertical tab pasted from Word)
never reach the file, in either format.
"""

import csv
import io

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cms.http import attachment
from cms.spreadsheets import safe_cell_text
from scenes.models.taxonomy import DataResource, Domain

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Text made safe for a cell; numbers, dates and None as they are."""
    return safe_cell_text(value) if isinstance(value, str) else value


def scene_table(queryset, request):
    headers = [
        _("标题"),
        _("城市/节点"),
        _("应用领域"),
        _("数据资源"),
        _("牵头部门"),
        _("上线日期"),
        _("认定级别"),
        _("受益数量"),
        _("受益单位"),
        _("受益说明"),
        _("标签"),
        _("摘要"),
        _("网址"),
    ]
    scenes = queryset.select_related("node").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name")),
        Prefetch("data_resources", queryset=DataResource.objects.order_by("name")),
        "tags",
    )

    def rows():
        for scene in scenes.iterator(chunk_size=500):
            yield [
                scene.title,
                scene.node.name,
                "、".join(d.name for d in scene.domains.all()),
                "、".join(r.name for r in scene.data_resources.all()),
                scene.lead_department,
                scene.launch_date.isoformat() if scene.launch_date else "",
                scene.get_level_display(),
                scene.beneficiaries_count,
                scene.beneficiaries_unit,
                scene.beneficiaries_text,
                "、".join(sorted(t.name for t in scene.tags.all())),
                scene.summary,
                scene.get_full_url(request),
            ]

    return headers, rows()


def solution_table(queryset, request):
    headers = [
        _("标题"),
        _("提供单位"),
        _("统一社会信用代码"),
        _("应用领域"),
        _("优秀解决方案"),
        _("参考场景数"),
        _("联系人"),
        _("联系电话"),
        _("联系邮箱"),
        _("摘要"),
        _("网址"),
    ]
    solutions = queryset.select_related("provider").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("sort_order", "name")), "reference_scenes"
    )

    def rows():
        for solution in solutions.iterator(chunk_size=500):
            yield [
                solution.title,
                solution.provider.name,
                solution.provider.credit_code,
                "、".join(d.name for d in solution.domains.all()),
                _("是") if solution.is_excellent else _("否"),
                sum(1 for scene in solution.reference_scenes.all() if scene.live),
                solution.contact_name,
                solution.contact_phone,
                solution.contact_email,
                solution.summary,
                solution.get_full_url(request),
            ]

    return headers, rows()


def write_csv(headers, rows):
    buffer = io.StringIO()
    # The byte-order mark tells Excel the file is UTF-8; without it Chinese comes out garbled.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def write_xlsx(headers, rows, sheet_title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(fmt, headers, rows, basename):
    content = write_csv(headers, rows) if fmt == "csv" else write_xlsx(headers, rows, basename)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = attachment(f"{basename}-{stamp}.{fmt}", fallback=f"shuyong-{stamp}.{fmt}")
    return response
