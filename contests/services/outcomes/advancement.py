"""Advancement (晋级): which ranked entries of a round move on to a later round.

The ranking is the round's stored ``RoundResult`` rows (``contests.services.judging.results``): per track,
by rank. Only entries still in the round (``entries_for_round``: ELIGIBLE, or ADVANCED into it)
are candidates; entries without a rank never advance.

* ``TOP_N`` — the first N candidates of each track.
* ``PERCENTILE`` — the first ⌈N % × ranked candidates⌉ of each track.
* ``SCORE_BAND`` — every candidate whose ranking score is at least N (ties never split a band).

At a quota cut, the last advancing entry and the first one left out may have the same ranking
score: the preview says which key of the round's tie-break chain separated them, or that they are
still level after the whole chain (``RoundResult.tied``; ranked by blind code). Such entries advance
with the last one when ``include_ties_at_cut`` is set; otherwise the preview flags them.

``confirm_advancement`` freezes the preview as an immutable ``AdvancementDecision`` (the ranking
snapshot as shown) and moves the advanced entries into the next round, in one transaction.
"""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.models.outcomes import AdvancementMethod
from contests.models.results import TieBreak, parse_tie_break_chain
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.aggregation import _key_value
from contests.services.judging.judges import blind_code
from contests.services.outcomes.moves import move_into_round

MAX_SCORE = Decimal(100)


@dataclass
class PreviewRow:
    entry_id: int
    code: str
    title: str
    team: str
    rank: int | None
    score: float | None
    tied: bool
    candidate: bool  # still in the round (ELIGIBLE / ADVANCED into it)
    values: dict = field(default_factory=dict)  # the tie-break keys' values, for explanations
    advances: bool = False
    tied_at_cut: bool = False  # level with the last advancing entry after the whole chain
    left_out_tie: bool = False  # such an entry that does not advance (include_ties_at_cut False)
    explanation: str = ""

    def as_snapshot(self):
        return {
            "entry_id": self.entry_id, "code": self.code, "title": self.title, "team": self.team,
            "rank": self.rank, "score": self.score, "tied": self.tied, "candidate": self.candidate,
            "advances": self.advances, "tied_at_cut": self.tied_at_cut, "left_out_tie": self.left_out_tie,
            "explanation": self.explanation,
        }  # fmt: skip


@dataclass
class TrackPreview:
    track_id: int
    name: str
    rows: list
    ranked: int = 0  # ranked candidates
    target: int | None = None  # the quota N (None for a score band)
    advancing: int = 0
    cut_note: str = ""
    warning: str = ""

    def as_snapshot(self):
        return {
            "track_id": self.track_id, "track": self.name, "ranked": self.ranked, "target": self.target,
            "advancing": self.advancing, "cut_note": self.cut_note, "warning": self.warning,
            "rows": [row.as_snapshot() for row in self.rows],
        }  # fmt: skip


@dataclass
class AdvancementPreview:
    round_id: int
    method: str
    parameter: Decimal
    include_ties_at_cut: bool
    chain: list
    tracks: list
    computed_at: object = None
    stale: bool = False

    @property
    def advanced_entry_ids(self):
        return sorted(row.entry_id for track in self.tracks for row in track.rows if row.advances)

    @property
    def warnings(self):
        return [track.warning for track in self.tracks if track.warning]

    def problems(self):
        """Why this preview may not be confirmed (translated), empty when it may."""
        if self.computed_at is None:
            return [_("本轮尚未计算成绩，不能确定晋级。请先在评审轮次页面点击“计算成绩”。")]
        problems = []
        if self.stale:
            problems.append(_("成绩计算之后评分或评审分配有变化，请先重新计算成绩再确定晋级。"))
        if not self.advanced_entry_ids:
            problems.append(_("按当前设置没有作品晋级。"))
        return problems

    def snapshot(self):
        return {
            "method": self.method, "parameter": str(self.parameter), "include_ties_at_cut": self.include_ties_at_cut,
            "chain": self.chain, "computed_at": self.computed_at.isoformat() if self.computed_at else None,
            "tracks": [track.as_snapshot() for track in self.tracks],
        }  # fmt: skip


# Parameters ---------------------------------------------------------------------------------------


def clean_parameter(method, parameter):
    """(method, Decimal parameter) or ContestError with a message the organiser understands."""
    if method not in AdvancementMethod.values:
        raise ContestError(_("未知的晋级方式：%(method)s。") % {"method": method}, code="method")
    try:
        value = Decimal(str(parameter).strip())
    except (InvalidOperation, ValueError):
        raise ContestError(_("晋级参数必须是数字。"), code="parameter") from None
    if not value.is_finite():
        raise ContestError(_("晋级参数必须是数字。"), code="parameter")
    if method == AdvancementMethod.TOP_N:
        if value != value.to_integral_value() or value < 1:
            raise ContestError(_("每赛道晋级名额 N 必须是不小于 1 的整数。"), code="parameter")
    elif method == AdvancementMethod.PERCENTILE:
        if not (0 < value <= 100):
            raise ContestError(_("晋级百分比必须大于 0 且不超过 100。"), code="parameter")
    elif not (0 <= value <= MAX_SCORE):
        raise ContestError(_("分数线必须在 0 到 100 之间（排名得分为百分制）。"), code="parameter")
    if value != value.quantize(Decimal("0.01")):
        raise ContestError(_("晋级参数最多保留两位小数。"), code="parameter")
    return method, value.quantize(Decimal("0.01"))


# Tie explanations -----------------------------------------------------------------------------------

VALUE_FIELDS = ("trimmed_mean", "mean", "median", "zscore", "total")


def _chain(round_):
    # compute_round_results leaves the ranking method itself out of the chain.
    return [key for key in parse_tie_break_chain(round_.tie_break_chain) if key != round_.aggregation]


def _fmt(value):
    # The pages show scores with ``|floatformat:2`` (half up: 70.125 → 70.13); f"{:.2f}" would round the
    # same float half to even (70.12), and the cut note would quote a score the table does not show.
    return "—" if value is None else floatformat(value, 2)


def separating_key(above, below, chain):
    """(key, detail) of the first chain key on which two rows with the same ranking score differ,
    or None when they are level on every key (``tied``)."""
    for key in chain:
        if key == TieBreak.CRITERIA:
            a_means, b_means = above.values.get("criteria") or [], below.values.get("criteria") or []
            for index in range(max(len(a_means), len(b_means))):
                a = a_means[index] if index < len(a_means) else None
                b = b_means[index] if index < len(b_means) else None
                if _key_value(a) != _key_value(b):
                    detail = _("第 %(n)d 个评分项平均分 %(a)s 对 %(b)s") % {"n": index + 1, "a": _fmt(a), "b": _fmt(b)}
                    return key, detail
        else:
            a, b = above.values.get(key), below.values.get(key)
            if _key_value(a) != _key_value(b):
                return key, _("%(a)s 对 %(b)s") % {"a": _fmt(a), "b": _fmt(b)}
    return None


def _pair_note(above, below, chain):
    found = separating_key(above, below, chain)
    if found is None:
        return _("排名得分相同，按并列处理顺序比较后仍完全并列（按编号排列）。")
    key, detail = found
    return _("排名得分相同；由“%(label)s”区分（%(detail)s）。") % {"label": TieBreak(key).label, "detail": detail}


# The preview ----------------------------------------------------------------------------------------


def _same_score(a, b):
    return a.score is not None and b.score is not None and _key_value(a.score) == _key_value(b.score)


def _target(method, parameter, ranked):
    if method == AdvancementMethod.TOP_N:
        return min(int(parameter), ranked)
    # ⌈N % × ranked⌉ in exact decimals (floats would turn 10 % of 30 into 3.0000000000000004 → 4).
    return min(int((parameter * ranked / 100).to_integral_value(rounding=ROUND_CEILING)), ranked)


def _cut_track(track, method, parameter, include_ties, chain):
    candidates = [row for row in track.rows if row.candidate and row.rank is not None]
    track.ranked = len(candidates)
    if method == AdvancementMethod.SCORE_BAND:
        for row in candidates:
            row.advances = _key_value(row.score) >= _key_value(float(parameter))
        track.advancing = sum(row.advances for row in candidates)
        track.cut_note = _("分数线 %(band)s：排名得分不低于分数线的 %(n)d 件作品晋级（同分作品同进同出）。") % {
            "band": parameter,
            "n": track.advancing,
        }
        return
    k = _target(method, parameter, len(candidates))
    track.target = k if method == AdvancementMethod.PERCENTILE else int(parameter)
    for row in candidates[:k]:
        row.advances = True
    track.advancing = k
    if k == 0 or k >= len(candidates):
        track.cut_note = _("本赛道全部 %(n)d 件有排名的作品都在名额内。") % {"n": len(candidates)} if k else ""
        return
    last, first_out = candidates[k - 1], candidates[k]
    if not _same_score(last, first_out):
        track.cut_note = _("名额线处没有同分作品：第 %(k)d 名 %(a)s 分，下一名 %(b)s 分。") % {
            "k": k,
            "a": _fmt(last.score),
            "b": _fmt(first_out.score),
        }
        return
    found = separating_key(last, first_out, chain)
    if found is not None:
        key, detail = found
        track.cut_note = _(
            "名额线处排名得分相同（%(score)s）：“%(a)s”与“%(b)s”由“%(label)s”区分（%(detail)s），前者晋级。"
        ) % {"score": _fmt(last.score), "a": last.title, "b": first_out.title, "label": TieBreak(key).label,
             "detail": detail}  # fmt: skip
        return
    # Still level after the whole chain: every following candidate level with the last one.
    level = []
    for row in candidates[k:]:
        if not (_same_score(last, row) and separating_key(last, row, chain) is None):
            break
        level.append(row)
    last.tied_at_cut = True
    for row in level:
        row.tied_at_cut = True
        if include_ties:
            row.advances = True
        else:
            row.left_out_tie = True
    if include_ties:
        track.advancing = k + len(level)
        track.cut_note = _(
            "名额线处有 %(n)d 件作品与最后一名晋级作品按整个并列处理顺序比较后仍完全并列，按设置一同晋级"
            "（本赛道共晋级 %(total)d 件，超出名额 %(n)d 件）。"
        ) % {"n": len(level), "total": k + len(level)}
    else:
        track.cut_note = _("名额线处有 %(n)d 件作品与最后一名晋级作品完全并列，仅因编号排在名额之外。") % {
            "n": len(level)
        }
        track.warning = _(
            "“%(track)s”：%(n)d 件作品与最后一名晋级作品完全并列却未晋级，请确认或勾选“并列者一同晋级”。"
        ) % {"track": track.name, "n": len(level)}


def _stale(round_, computed_at):
    """Scores or assignments of the round changed after the results were computed."""
    changed = models.Score.objects.filter(assignment__round=round_).aggregate(at=Max("updated_at"))["at"]
    ended = models.Assignment.objects.filter(round=round_).aggregate(created=Max("created_at"), ended=Max("ended_at"))
    moments = [m for m in (changed, ended["created"], ended["ended"]) if m is not None]
    return bool(moments) and max(moments) > computed_at


def preview_advancement(round_, *, method, parameter, include_ties_at_cut=True):
    """The cut as it would be confirmed: per track, every ranked row with advances / tie flags and
    explanations. Raises ContestError for a bad method or parameter."""
    from contests.services.judging.assignment import entries_for_round

    method, parameter = clean_parameter(method, parameter)
    chain = _chain(round_)
    candidate_ids = set(entries_for_round(round_).values_list("pk", flat=True))
    results = (
        models.RoundResult.objects.filter(round=round_)
        .select_related("entry__team", "track")
        .order_by("track__sort_order", "track_id", "rank", "entry_id")
    )
    tracks, computed_at = {}, None
    for result in results:
        track = tracks.get(result.track_id)
        if track is None:
            track = tracks[result.track_id] = TrackPreview(result.track_id, result.track.name, [])
        values = {key: getattr(result, key) for key in VALUE_FIELDS}
        values["criteria"] = result.criteria_means or []
        track.rows.append(
            PreviewRow(
                entry_id=result.entry_id, code=blind_code(result.entry), title=result.entry.title,
                team=result.entry.team.name, rank=result.rank, score=result.score, tied=result.tied,
                candidate=result.entry_id in candidate_ids, values=values,
            )
        )  # fmt: skip
        computed_at = max(computed_at, result.computed_at) if computed_at else result.computed_at
    # Unranked rows last (the order above puts NULL ranks first on PostgreSQL, last on SQLite).
    for track in tracks.values():
        track.rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.entry_id))
        _cut_track(track, method, parameter, include_ties_at_cut, chain)
        _explain_rows(track, chain)
    return AdvancementPreview(
        round_id=round_.pk, method=method, parameter=parameter, include_ties_at_cut=include_ties_at_cut,
        chain=chain, tracks=list(tracks.values()), computed_at=computed_at,
        stale=computed_at is not None and _stale(round_, computed_at),
    )  # fmt: skip


def _explain_rows(track, chain):
    previous = None
    for row in track.rows:
        if row.rank is None:
            row.explanation = _("无已提交评分，没有排名，不参与晋级。")
            continue
        if not row.candidate:
            row.explanation = _("已不在本轮（状态或轮次已变更），不参与晋级。")
            continue
        if previous is not None and _same_score(previous, row):
            row.explanation = _pair_note(previous, row, chain)
        if row.left_out_tie:
            row.explanation = _("与最后一名晋级作品完全并列，按编号排在名额之外，未晋级。")
        previous = row


# Confirming -----------------------------------------------------------------------------------------


def check_next_round(round_, next_round):
    if next_round is None or next_round.contest_id != round_.contest_id or next_round.number <= round_.number:
        raise ContestError(_("晋级只能进入同一大赛中更靠后的轮次。"), code="next_round")


def confirm_advancement(
    round_, *, next_round, method, parameter, include_ties_at_cut=True, actor, note="", confirmation_deadline=None,
    now=None,
):  # fmt: skip
    """Freeze the cut into an AdvancementDecision and move the advanced entries into ``next_round``.
    With ``confirmation_deadline``, every advanced team must confirm by then (``finalists``)."""
    from contests.services.outcomes import finalists

    check_next_round(round_, next_round)
    if round_.divisional:
        # Each division advances its own entries within its quota (services.division_rounds).
        raise ContestError(_("分赛区评审轮次由各分赛区按名额确定晋级。"), code="divisional")
    method, parameter = clean_parameter(method, parameter)
    # ``now`` (the demo's past) is when confirmation is asked for; the decision itself is stamped below.
    asked_at = now or timezone.now()
    if confirmation_deadline is not None:
        finalists.clean_deadline(confirmation_deadline, asked_at)
    with transaction.atomic():
        # Two organisers confirming at once: the second waits here, then finds the decision.
        locked = models.Round.objects.select_for_update().get(pk=round_.pk)
        if models.AdvancementDecision.objects.filter(round=locked).exists():
            raise ContestError(_("本轮的晋级已经确定，不能再次确定。"), code="decided")
        preview = preview_advancement(
            locked, method=method, parameter=parameter, include_ties_at_cut=include_ties_at_cut
        )
        problems = preview.problems()
        if problems:
            raise ContestError(problems[0], code="results")
        now = timezone.now()
        advanced = preview.advanced_entry_ids
        decision = models.AdvancementDecision.objects.create(
            round=locked, next_round=next_round, method=method, parameter=parameter,
            include_ties_at_cut=include_ties_at_cut, ranking=preview.snapshot(), advanced_entry_ids=advanced,
            note=note, decided_by=actor, decided_at=now,
        )  # fmt: skip
        move_into_round(advanced, next_round, now)
        record(
            "advancement.confirm", decision, actor=actor, contest=round_.contest, note=note,
            after={
                "round": locked.number, "next_round": next_round.number, "method": method,
                "parameter": str(parameter), "include_ties_at_cut": include_ties_at_cut, "advanced": len(advanced),
                "tracks": {t.name: {"ranked": t.ranked, "advanced": t.advancing} for t in preview.tracks},
            },
        )  # fmt: skip
        if confirmation_deadline is not None:
            finalists.require_confirmation(decision, deadline=confirmation_deadline, actor=actor, now=asked_at)
    return decision


def default_next_round(round_):
    return round_.contest.rounds.filter(number__gt=round_.number).order_by("number").first()
