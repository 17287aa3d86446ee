"""The 开放数林 利用层 workbook: use outcomes (利用成果) per dataset, domain and city, shaped for the
open-data index's reporting (column mapping in docs/open-data-index.md).

A **valid outcome** (有效成果) is a winning entry — an unrevoked award in a round whose results are
final, as on /impact/ — that declared using the dataset (``EntryDataUse``); it is **live** when it
has a confirmed go-live milestone. Sheets:

* 数据资源: one row per dataset used by at least one valid outcome — name, owner unit, department,
  domains, city (the dataset's node), openness, links; valid outcomes, live ones, beneficiaries.
* 应用领域 / 城市: the same counts per domain of the dataset and per city node of the dataset
  (an outcome using two datasets of a domain counts once for it).
* 成果明细: one row per (dataset, outcome) with its quality fields — award level, live yes/no,
  first go-live date, go-live cities, beneficiaries, how the data was used and the public link (the
  winner's page on the contest page).

Reads a fixed number of queries whatever the size (the impact figures, the declared uses, the
datasets with their domains, the contest pages).
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.links import absolute_url, page_url
from contests.models import EntryDataUse
from contests.services import impact as impact_service
from contests.services.exports.sheet import CHOICE, INTEGER, LABEL, TEXT, Column, Sheet
from contests.services.exports.writer import WorkbookWriter
from contests.services.loop_public import public_contest_pages
from scenes.choices import Openness
from scenes.models import DataResource


@dataclass
class Counts:
    label: str
    resources: set = field(default_factory=set)
    outcomes: set = field(default_factory=set)
    live: set = field(default_factory=set)
    beneficiaries: int = 0


def _collect(contest=None):
    result = impact_service.impact(impact_service.Filters(contest=contest))
    winners = {w.entry_id: w for w in result.winners}
    uses = list(
        EntryDataUse.objects.filter(entry_id__in=list(winners))
        .order_by("resource__name", "resource_id", "entry_id")
        .values_list("resource_id", "entry_id", "how")
    )
    resources = {
        r.pk: r
        for r in DataResource.objects.filter(pk__in={u[0] for u in uses})
        .select_related("owner_unit", "node")
        .prefetch_related("domains")
    }
    pages = public_contest_pages({w.contest_id for w in winners.values()})
    links = {}
    for w in winners.values():
        page = pages.get(w.contest_id)
        url = page_url(page) if page is not None else None
        links[w.entry_id] = f"{url}winners/{w.uuid}/" if url else ""
    return winners, uses, resources, links


def _resource_columns():
    return [
        Column(_("数据资源名称"), 26, TEXT),
        Column(_("网址标识"), 18, TEXT),
        Column(_("数据责任单位"), 20, TEXT),
        Column(_("责任部门"), 20, TEXT),
        Column(_("应用领域"), 20, LABEL),
        Column(_("所在城市/节点"), 12, TEXT),
        Column(_("开放状态"), 10, CHOICE, tuple(Openness.choices)),
        Column(_("开放平台链接"), 30, TEXT),
        Column(_("有效成果数"), 10, INTEGER),
        Column(_("其中已上线"), 10, INTEGER),
        Column(_("服务人次/用户数"), 12, INTEGER),
        Column(_("数源页链接"), 30, TEXT),
    ]


def _count_columns(heading):
    return [
        Column(heading, 18, TEXT),
        Column(_("使用的数据资源数"), 12, INTEGER),
        Column(_("有效成果数"), 10, INTEGER),
        Column(_("其中已上线"), 10, INTEGER),
        Column(_("服务人次/用户数"), 12, INTEGER),
    ]


def _outcome_columns():
    return [
        Column(_("数据资源名称"), 26, TEXT),
        Column(_("责任部门"), 20, TEXT),
        Column(_("作品名称"), 30, TEXT),
        Column(_("团队"), 20, TEXT),
        Column(_("大赛"), 24, TEXT),
        Column(_("年度"), 8, INTEGER),
        Column(_("奖项等级"), 10, LABEL),
        Column(_("是否上线"), 8, LABEL),
        Column(_("首次上线日期"), 12, TEXT),
        Column(_("上线城市"), 18, TEXT),
        Column(_("服务人次/用户数"), 12, INTEGER),
        Column(_("数据使用方式"), 30, TEXT),
        Column(_("公开链接"), 40, TEXT),
    ]


def sheets(contest=None):
    """The workbook's sheets (``contest`` None: every contest)."""
    winners, uses, resources, links = _collect(contest)
    per_resource = {pk: Counts(r.name) for pk, r in resources.items()}
    per_domain, per_city = {}, {}
    outcome_rows = []
    yes, no = _("是"), _("否")
    for resource_id, entry_id, how in uses:
        resource, winner = resources[resource_id], winners[entry_id]
        groups = [per_resource[resource_id]]
        for domain in resource.domains.all():
            groups.append(per_domain.setdefault(domain.pk, Counts(domain.display_name)))
        city = resource.node
        groups.append(per_city.setdefault(city.pk if city else None, Counts(city.name if city else _("未指定"))))
        for group in groups:
            group.resources.add(resource_id)
            if entry_id not in group.outcomes:
                group.outcomes.add(entry_id)
                group.beneficiaries += winner.beneficiaries
            if winner.is_live:
                group.live.add(entry_id)
        outcome_rows.append(
            (resource.name, resource.department, winner.title, winner.team, winner.contest_name, winner.year,
             winner.level_label, yes if winner.is_live else no,
             winner.first_go_live.isoformat() if winner.first_go_live else "",
             "、".join(winner.live_cities.values()), winner.beneficiaries, how, links[entry_id])
        )  # fmt: skip
    resource_rows = []
    for pk, resource in resources.items():
        counts = per_resource[pk]
        resource_rows.append(
            (resource.name, resource.slug, resource.owner_unit.name if resource.owner_unit else "",
             resource.department, "、".join(d.display_name for d in resource.domains.all()),
             resource.node.name if resource.node else "", resource.openness, resource.portal_url,
             len(counts.outcomes), len(counts.live), counts.beneficiaries,
             absolute_url(resource.get_absolute_url()))
        )  # fmt: skip
    resource_rows.sort(key=lambda row: (-row[8], row[0]))

    def count_rows(groups):
        ordered = sorted(groups.values(), key=lambda c: (-len(c.outcomes), c.label))
        return [(c.label, len(c.resources), len(c.outcomes), len(c.live), c.beneficiaries) for c in ordered]

    def sheet(title, columns, rows, note=""):
        return Sheet(title, columns, lambda: len(rows), lambda: iter(rows), note=note)

    valid = _("有效成果：声明使用该数据资源、且奖项最终公布未撤销的获奖作品。")
    return [
        sheet(_("数据资源"), _resource_columns(), resource_rows, valid),
        sheet(_("应用领域"), _count_columns(_("应用领域")), count_rows(per_domain)),
        sheet(_("城市"), _count_columns(_("城市")), count_rows(per_city), _("城市为数据资源的汇聚节点。")),
        sheet(_("成果明细"), _outcome_columns(), outcome_rows),
    ]


def build_open_data_workbook(path, contest=None):
    """Write the workbook to ``path``; return {sheet title: rows written}."""
    writer = WorkbookWriter()
    counts = {}
    try:
        for spec in sheets(contest):
            counts[str(spec.title)] = writer.write_sheet(spec)
        writer.write_cover(
            _("开放数林利用层报送"),
            [
                (_("范围"), contest.name if contest else _("全部大赛")),
                (_("生成时间"), timezone.now()),
                (_("口径"), _("只统计最终公布且未撤销的奖项；上线以已确认的里程碑为准。")),
            ],
            sheet_header=_("工作表"),
            rows_header=_("行数"),
            sheet_note_header=_("说明"),
        )
        writer.save(path)
    except Exception:
        writer.discard()
        raise
    return counts
