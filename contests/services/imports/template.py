"""Import templates: a workbook with an instructions sheet, the data sheet with the exact headers
(required ones marked *), and drop-down lists (data validation) for tracks, organisation types,
entry statuses and cities, whose values live on a hidden "选项" sheet (lists longer than Excel's
255-character inline limit stay valid)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from contests.services.exports.cells import neutralise
from contests.services.imports import judges, teams
from contests.services.imports.base import CHOICE, DATETIME, EMAIL, INTEGER, LIST

IMPORTERS = {"teams": teams, "judges": judges}
OPTIONS_SHEET = "选项"
ROWS_WITH_VALIDATION = 2000
_KIND_HINT = {
    EMAIL: "电子邮箱",
    INTEGER: "整数",
    DATETIME: "日期或日期时间（北京时间）",
    LIST: "可填多个，用分号分隔",
    CHOICE: "从下拉列表中选择",
}


def _option_lists(contest, kind):
    """Column key → list of allowed values shown as a drop-down."""
    from scenes.models import Node

    tracks = list(contest.tracks.order_by("sort_order", "id").values_list("name", flat=True))
    lists = {"track": tracks, "tracks": tracks}
    for column in IMPORTERS[kind].COLUMNS:
        if column.kind == CHOICE:
            lists[column.key] = [str(label) for _value, label in column.choices]
    if kind == "teams":
        lists["city"] = list(Node.objects.order_by("sort_order", "name").values_list("name", flat=True))
    return lists


def build_template(contest, kind):
    """The template workbook for ``kind`` ("teams" or "judges") as bytes."""
    module = IMPORTERS[kind]
    wb = Workbook()
    guide = wb.active
    guide.title = _("说明")
    data = wb.create_sheet(module.SHEET)
    options = wb.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"

    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 70
    guide.append([neutralise(_("%(contest)s · %(sheet)s导入模板") % {"contest": contest.name, "sheet": module.SHEET})])
    guide["A1"].font = Font(bold=True, size=14)
    for line in (
        _("1. 在“%(sheet)s”工作表中每行填写一条记录，不要修改表头；带 * 的列必填。") % {"sheet": module.SHEET},
        _("2. 导入前会逐行检查，有任何错误时整个文件都不会写入，并列出每个错误的行号、列名和原因。"),
        _("3. 同一文件可以重复导入：已存在的记录按%(key)s更新，不会重复创建。")
        % {"key": _("电子邮箱") if kind == "judges" else _("团队名称和邮箱")},
        _("4. 日期按北京时间填写，例如 2026-03-01 或 2026-03-01 14:30。"),
    ):
        guide.append([line])
    guide.append([])
    guide.append([_("列名"), _("是否必填"), _("说明")])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column in module.COLUMNS:
        hints = [str(column.help)] if column.help else []
        if column.kind in _KIND_HINT:
            hints.append(_KIND_HINT[column.kind])
        if column.max_length:
            hints.append(_("最多 %(n)s 字") % {"n": column.max_length})
        guide.append([str(column.header), _("必填") if column.required else _("选填"), "；".join(hints)])

    header_fill = PatternFill("solid", fgColor="1F4E79")
    for index, column in enumerate(module.COLUMNS, start=1):
        cell = data.cell(row=1, column=index, value=f"{column.header}{' *' if column.required else ''}")
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        data.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(column.header)) * 2 + 6))
    data.freeze_panes = "A2"

    lists = _option_lists(contest, kind)
    for list_index, (key, values) in enumerate(lists.items(), start=1):
        position = next((i for i, c in enumerate(module.COLUMNS, start=1) if c.key == key), None)
        if position is None:
            continue
        letter = get_column_letter(list_index)
        options.cell(row=1, column=list_index, value=key)
        for row, value in enumerate(values, start=2):
            options.cell(row=row, column=list_index, value=neutralise(value))
        if not values:
            continue
        source = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        column_kind = module.COLUMNS[position - 1].kind
        # A list column (several tracks) cannot be a strict drop-down: offer it, but allow typing.
        validation = DataValidation(
            type="list",
            formula1=f"={source}",
            allow_blank=True,
            showErrorMessage=column_kind != LIST,
            errorTitle=_("无效的值"),
            error=_("请从下拉列表中选择。"),
        )
        target = get_column_letter(position)
        validation.add(f"{target}2:{target}{ROWS_WITH_VALIDATION}")
        data.add_data_validation(validation)
    wb.active = 1
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
