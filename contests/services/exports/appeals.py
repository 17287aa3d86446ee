"""Appeals (申诉) come from a later issue: until then the sheet carries its headers and a note."""

from django.utils.translation import gettext as _

from contests.services.exports.sheet import DATETIME, INTEGER, TEXT, Column, placeholder_sheet


def columns():
    return [
        Column(_("申诉编号"), 10, INTEGER),
        Column(_("作品编号"), 10, INTEGER),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("申诉理由"), 50, TEXT),
        Column(_("提交时间"), 17, DATETIME),
        Column(_("处理状态"), 10, TEXT),
        Column(_("处理结果"), 40, TEXT),
        Column(_("处理时间"), 17, DATETIME),
    ]


def sheets(ctx):
    return [placeholder_sheet(_("申诉"), columns(), _("申诉功能尚未上线，本表暂无数据。"))]
