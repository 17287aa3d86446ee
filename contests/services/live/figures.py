"""A slot's figures as the big screen shows them: each judge's weighted total as it arrives (judges
numbered 1, 2, 3 … in the panel's order, never named), the highest and lowest dropped when the
round's trimmed mean drops them (five judges or more, ``aggregation.trimmed_mean``) and the final.

Two queries whatever the panel's size: the round's criteria and one aggregate of the totals."""

from decimal import ROUND_HALF_UP, Decimal

from contests.services.judging.aggregation import trimmed_mean
from contests.services.judging.results import judge_totals

TWO_PLACES = Decimal("0.01")


def as_figure(value):
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def panel_of(room):
    """The room's judges in their fixed order (judge 1, 2, 3 …)."""
    return list(room.panel.order_by("pk"))


def slot_figures(slot, panel, absent_ids=frozenset()):
    """{"judges": [{"number", "judge_id", "total", "status", "dropped"}], "final", "trimmed",
    "submitted", "expected"} — ``total`` and ``final`` as strings with two decimals (or None)."""
    round_ = slot.room.session.round
    totals = {judge_id: total for _entry, judge_id, total in judge_totals(round_, entry_ids=[slot.entry_id])}
    judges = []
    for number, judge in enumerate(panel, start=1):
        if judge.pk in absent_ids:
            status, total = "absent", None
        elif judge.pk in totals:
            status, total = "submitted", as_figure(totals[judge.pk])
        else:
            status, total = "waiting", None
        judges.append({"number": number, "judge_id": judge.pk, "total": total, "status": status, "dropped": None})
    arrived = [row for row in judges if row["total"] is not None]
    final, trimmed = None, False
    if arrived:
        value, trimmed = trimmed_mean([float(row["total"]) for row in arrived])
        final = as_figure(value)
        if trimmed:
            ordered = sorted(arrived, key=lambda row: (row["total"], row["number"]))
            ordered[0]["dropped"], ordered[-1]["dropped"] = "low", "high"
    for row in judges:
        row["total"] = None if row["total"] is None else str(row["total"])
    return {
        "judges": judges,
        "final": None if final is None else str(final),
        "trimmed": trimmed,
        "submitted": len(arrived),
        "expected": len(panel) - len(absent_ids),
    }
