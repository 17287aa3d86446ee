"""A division's results of a divisional round as a table (the division manager's export): only the
division's own rows, the same columns as its leaderboard."""

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _


def division_results_rows(tracks, advanced=None):
    """Header and rows from ``leaderboard`` groups (track → results, best first); with ``advanced``
    (the confirmed advancement's entry ids), a last column says which entries advanced."""
    header = [
        _("赛道"), _("排名"), _("作品编号"), _("作品名称"), _("团队"), _("排名得分"),
        _("已提交评委数"), _("分配评委数"), _("评分分歧"),
    ]  # fmt: skip
    if advanced is not None:
        header.append(_("晋级"))
    rows = []
    for group in tracks:
        for r in group["rows"]:
            rows.append(
                [
                    group["track"].name, r.rank if r.rank is not None else "", r.code, r.entry.title, r.entry.team.name,
                    "" if r.score is None else floatformat(r.score, 2), r.judges_scored, r.judges_assigned,
                    _("是") if r.disagreement else "",
                ]
            )  # fmt: skip
            if advanced is not None:
                rows[-1].append(_("是") if r.entry_id in advanced else "")
    return header, rows
