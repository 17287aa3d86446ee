"""A calibration round: an open round 1 with the demo rubric, judges assigned to every entry, and
anchors; helpers that write calibration scores directly."""

from decimal import Decimal

from contests.models import CalibrationItem, CalibrationScore
from contests.services.judging.calibration import add_anchor
from tests.contests.factories.judging import assign, judging_setup, organiser

COMMENT = "校准评语：方案完整，数据使用合理，建议加强落地验证。"


def calibration_round(*, judges=2, entries=3, anchors=2, required=True):
    _contest, round_, _tracks, judge_list, entry_list = judging_setup(judges=judges, entries=entries)
    round_.calibration_required = required
    round_.save(update_fields=["calibration_required"])
    assignments = [assign(round_, entry, judge) for entry in entry_list for judge in judge_list]
    boss = organiser()
    made = [add_anchor(round_, entry, actor=boss) for entry in entry_list[:anchors]]
    return round_, judge_list, entry_list, made, assignments, boss


def calibration_score(anchor, judge, values, *, submitted=True):
    from django.utils import timezone

    criteria = list(anchor.round.criteria.order_by("sort_order", "id"))
    score = CalibrationScore.objects.create(
        anchor=anchor, judge=judge, comment=COMMENT, submitted_at=timezone.now() if submitted else None
    )
    CalibrationItem.objects.bulk_create(
        [
            CalibrationItem(score=score, criterion=c, value=Decimal(str(v)))
            for c, v in zip(criteria, values, strict=True)
        ]
    )
    return score


def values_of(round_, values):
    return {c.pk: v for c, v in zip(round_.criteria.order_by("sort_order", "id"), values, strict=True)}
