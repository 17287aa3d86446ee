"""A division's advancement out of a divisional round, within its quota.

The cut follows the division's own ranking (``RoundResult`` rows with ``division`` set):

* with ``DivisionTrackQuota`` rows: per track, the first ``quota`` ranked candidates (a track
  without a row sends none);
* otherwise ``Division.quota`` over the division's ranking across tracks: every ranked candidate
  ordered by the round's ranking score and then its tie-break chain, as ``rank_entries`` orders a
  track.

Exactly-tied entries at the cut never advance beyond the quota: the preview flags them (as the
organiser's cut does with "并列者一同晋级" off). Confirming freezes the cut as an immutable
``DivisionAdvancement`` and moves the entries with ``moves.move_into_round``, like the
organiser's ``confirm_advancement``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.models.outcomes import AdvancementMethod
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.aggregation import rank_entries
from contests.services.judging.judges import blind_code
from contests.services.outcomes.advancement import (
    VALUE_FIELDS,
    PreviewRow,
    TrackPreview,
    _chain,
    _cut_track,
    _explain_rows,
    check_next_round,
    default_next_round,
)
from contests.services.outcomes.moves import move_into_round


def division_quotas(division):
    """(per_track, quotas): ``{track_id: quota}`` when the division has track quotas, else the total."""
    per_track = dict(division.track_quotas.values_list("track_id", "quota"))
    if per_track:
        return True, per_track
    return False, division.quota


@dataclass
class DivisionPreview:
    round_id: int
    division_id: int
    per_track: bool
    quota: int  # the division's total quota (the sum of its track quotas when per track)
    groups: list  # TrackPreview per track, or one across tracks
    chain: list
    computed_at: object = None
    stale: bool = False
    # Entries in the round without a result (no submitted score, or eligible only after the results
    # were computed): they cannot advance in this cut.
    missing: int = 0

    @property
    def advanced_entry_ids(self):
        return sorted(row.entry_id for group in self.groups for row in group.rows if row.advances)

    @property
    def advanced_rows(self):
        return [row for group in self.groups for row in group.rows if row.advances]

    @property
    def warnings(self):
        warnings = [group.warning for group in self.groups if group.warning]
        if self.missing and self.computed_at is not None:
            warnings.append(
                _(
                    "本轮还有 %(n)d 件本分赛区作品没有成绩（尚无已提交的评分，或在成绩计算之后才通过形式审查），"
                    "不参与本次晋级；如需纳入，请先分配评委、完成评分并重新计算成绩。"
                )
                % {"n": self.missing}
            )
        return warnings

    def problems(self):
        if self.computed_at is None:
            return [_("本分赛区尚未计算成绩，不能确定晋级。请先计算成绩。")]
        problems = []
        if self.stale:
            problems.append(_("成绩计算之后评分或评审分配有变化，请先重新计算成绩再确定晋级。"))
        if not self.advanced_entry_ids:
            problems.append(_("按本分赛区名额没有作品晋级。"))
        return problems

    def snapshot(self):
        return {
            "per_track": self.per_track, "quota": self.quota, "chain": self.chain,
            "computed_at": self.computed_at.isoformat() if self.computed_at else None,
            "groups": [group.as_snapshot() for group in self.groups],
        }  # fmt: skip


def _stale(round_, division, computed_at):
    """Scores or assignments of the division's entries changed after its results were computed."""
    in_division = Q(entry__team__division=division)
    changed = (
        models.Score.objects.filter(assignment__round=round_)
        .filter(Q(assignment__entry__team__division=division))
        .aggregate(at=Max("updated_at"))["at"]
    )
    ended = (
        models.Assignment.objects.filter(round=round_)
        .filter(in_division)
        .aggregate(created=Max("created_at"), ended=Max("ended_at"))
    )
    moments = [m for m in (changed, ended["created"], ended["ended"]) if m is not None]
    return bool(moments) and max(moments) > computed_at


def preview_division_advancement(round_, division):
    """The division's cut as it would be confirmed (see the module docstring)."""
    from contests.services.judging.assignment import entries_for_round

    if not round_.divisional:
        raise ContestError(_("本轮不是分赛区评审轮次。"), code="not_divisional")
    chain = _chain(round_)
    per_track, quotas = division_quotas(division)
    candidate_ids = set(entries_for_round(round_).filter(team__division=division).values_list("pk", flat=True))
    results = (
        models.RoundResult.objects.filter(round=round_, division=division)
        .select_related("entry__team", "track")
        .order_by("track__sort_order", "track_id", "rank", "entry_id")
    )
    groups, computed_at, ranked_ids = {}, None, set()
    for result in results:
        if result.rank is not None:
            ranked_ids.add(result.entry_id)
        key = result.track_id if per_track else 0
        group = groups.get(key)
        if group is None:
            name = result.track.name if per_track else _("全部赛道")
            group = groups[key] = TrackPreview(key, name, [])
        values = {name: getattr(result, name) for name in VALUE_FIELDS}
        values["criteria"] = result.criteria_means or []
        row = PreviewRow(
            entry_id=result.entry_id, code=blind_code(result.entry), title=result.entry.title,
            team=result.entry.team.name, rank=result.rank, score=result.score, tied=result.tied,
            candidate=result.entry_id in candidate_ids, values=values,
        )  # fmt: skip
        row.track = result.track.name
        group.rows.append(row)
        computed_at = max(computed_at, result.computed_at) if computed_at else result.computed_at
    if per_track:
        for group in groups.values():
            group.rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.entry_id))
            _cut(group, quotas.get(group.track_id, 0), chain)
        total = sum(quotas.values())
    else:
        for group in groups.values():
            _order_across_tracks(group, round_.aggregation, chain)
            _cut(group, quotas, chain)
        total = quotas
    return DivisionPreview(
        round_id=round_.pk, division_id=division.pk, per_track=per_track, quota=total,
        groups=list(groups.values()), chain=chain, computed_at=computed_at,
        stale=computed_at is not None and _stale(round_, division, computed_at),
        missing=len(candidate_ids - ranked_ids),
    )  # fmt: skip


def _order_across_tracks(group, method, chain):
    """Re-rank the division's rows of all tracks together, by the round's score and chain."""
    rows = []
    for row in group.rows:
        values = {name: row.values.get(name) for name in VALUE_FIELDS}
        values[method] = row.score if row.rank is not None else None
        rows.append({**values, "criteria_means": row.values.get("criteria") or [], "code": row.code, "row": row})
    rank_entries(rows, method, chain)
    for item in rows:
        item["row"].rank, item["row"].tied = item["rank"], item["tied"]
    group.rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.entry_id))


def _cut(group, quota, chain):
    if quota:
        _cut_track(group, AdvancementMethod.TOP_N, Decimal(quota), False, chain)
    else:
        group.ranked = sum(1 for row in group.rows if row.candidate and row.rank is not None)
        group.target = 0
        group.cut_note = _("本分赛区在此没有晋级名额。")
    _explain_rows(group, chain)


def confirm_division_advancement(round_, division, *, actor, entry_ids=None, next_round=None, note="", now=None):
    """Freeze the division's cut and move its advanced entries into ``next_round`` (the next round
    by default). ``entry_ids``, when given, are the entries the manager saw: a different cut
    (results recomputed meanwhile) or one beyond the quota is refused, nothing changed."""
    next_round = next_round or default_next_round(round_)
    check_next_round(round_, next_round)
    if division.contest_id != round_.contest_id:
        raise ContestError(_("分赛区与评审轮次必须属于同一届大赛。"), code="wrong_contest")
    with transaction.atomic():
        locked = models.Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        if models.DivisionAdvancement.objects.filter(round=locked, division=division).exists():
            raise ContestError(_("本分赛区本轮的晋级已经确定，不能再次确定。"), code="decided")
        preview = preview_division_advancement(locked, division)
        problems = preview.problems()
        if problems:
            raise ContestError(problems[0], code="results")
        advanced = preview.advanced_entry_ids
        if len(advanced) > preview.quota:
            raise ContestError(
                _("晋级作品 %(n)d 件，超出本分赛区名额 %(quota)d 件。") % {"n": len(advanced), "quota": preview.quota},
                code="quota",
            )
        if entry_ids is not None and sorted(set(entry_ids)) != advanced:
            if len(set(entry_ids)) > preview.quota:
                raise ContestError(
                    _("晋级作品 %(n)d 件，超出本分赛区名额 %(quota)d 件。")
                    % {"n": len(set(entry_ids)), "quota": preview.quota},
                    code="quota",
                )
            raise ContestError(_("晋级名单已发生变化，请重新查看后再确定。"), code="changed")
        decided_at = now or timezone.now()
        decision = models.DivisionAdvancement.objects.create(
            round=locked, division=division, next_round=next_round, quota=preview.quota,
            per_track=preview.per_track, ranking=preview.snapshot(), advanced_entry_ids=advanced,
            note=note, decided_by=actor, decided_at=decided_at,
        )  # fmt: skip
        move_into_round(advanced, next_round, decided_at)
        record(
            "advancement.division_confirm", decision, actor=actor, contest=locked.contest, note=note,
            after={
                "round": locked.number, "next_round": next_round.number, "division": division.pk,
                "quota": preview.quota, "per_track": preview.per_track, "advanced": advanced,
            },
        )  # fmt: skip
    return decision
