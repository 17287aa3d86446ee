"""The random draw of a round's judges from the pool (专家抽取), with recusal and load limits.

``draw_experts(round_, count=…, domains=…, seed=…, division=…, actor=…)``:

* candidates are ACTIVE experts with an account whose domains include any of ``domains``, in a
  stable order (by id);
* each candidate is excluded, with the first reason that applies, when they are already a judge of
  the round's contest; work at the organisation (name or credit code) of a team with an entry in
  scope (the round's entries, or the division's); come from the division's city (drawing for a
  division: an expert from 济南 never judges 济南's division); declared a relation with such an
  organisation; have a conflict history with one (an upheld conflict flag or a recusal of theirs
  on one of its entries); or are at their load limit of active assignments in rounds not yet closed;
* ``random.Random(seed).sample`` picks ``count`` of the eligible ones: the same seed and the same
  pool give the same experts. Seed, parameters and every candidate's outcome are stored on the
  ``ExpertDraw``, so the pick can be re-run later (``reproduces``) even after the pool has changed.

Each drawn expert becomes a ``JudgeProfile`` of the contest (``expert``, ``division``, ``city``) and
is invited through the judges' own invitation (``invite_judge``). ``redraw`` tops a draw up with as
many experts as declined, never one drawn before. In a round-wide draw with same-city recusal,
experts are not excluded for their city (a province-wide round has entries from every city): the
outcome notes how many entries of their city they will have to be kept away from at assignment.
"""

import random
import secrets
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import (
    Assignment,
    AssignmentState,
    ConflictDecision,
    Expert,
    ExpertDraw,
    ExpertStatus,
    JudgeProfile,
    JudgeStatus,
    Track,
)
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.assignment import entries_for_round
from contests.services.judging.conflicts import normalise_organisation
from contests.services.judging.judges import invite_judge

MAX_COUNT = 200

# Outcome reasons, in the order they are tried (stored as codes; ``REASON_LABELS`` words them).
DRAWN = "drawn"
NOT_DRAWN = "not_drawn"
ALREADY_JUDGE = "already_judge"
DRAWN_BEFORE = "drawn_before"
SAME_ORGANISATION = "same_organisation"
SAME_CITY = "same_city"
DECLARED_RELATION = "declared_relation"
CONFLICT_HISTORY = "conflict_history"
LOAD_LIMIT = "load_limit"


def reason_label(code):
    labels = {
        DRAWN: _("抽中"),
        NOT_DRAWN: _("符合条件，未抽中"),
        ALREADY_JUDGE: _("已是本届大赛评委"),
        DRAWN_BEFORE: _("此前已抽中"),
        SAME_ORGANISATION: _("回避：与参赛团队同一单位"),
        SAME_CITY: _("回避：同城"),
        DECLARED_RELATION: _("回避：申报的回避关系"),
        CONFLICT_HISTORY: _("回避：曾有利益冲突记录"),
        LOAD_LIMIT: _("已达评审上限"),
    }
    return labels.get(code, code)


def _scope_teams(round_, division):
    """(organisation keys, credit codes, city ids) of the teams with an entry in scope."""
    entries = entries_for_round(round_)
    if division is not None:
        entries = entries.filter(team__division=division)
    organisations, codes, cities = set(), set(), defaultdict(int)
    for organisation, code, city_id in entries.values_list("team__organisation", "team__credit_code", "team__city_id"):
        if key := normalise_organisation(organisation):
            organisations.add(key)
        if code:
            codes.add(code.strip().upper())
        if city_id:
            cities[city_id] += 1
    return organisations, codes, cities


def _relation_matches(line, organisations):
    key = normalise_organisation(line)
    if not key:
        return False
    # A declared line names an organisation: equal, or (long enough to mean something) contained.
    return key in organisations or (len(key) >= 4 and any(key in org or org in key for org in organisations))


def _history(expert_ids):
    """{expert_id: (organisation keys, credit codes)} of teams they recused from or were found in
    conflict with (a flag decided "撤销分配")."""
    found = defaultdict(lambda: (set(), set()))
    rows = (
        Assignment.objects.filter(judge__expert_id__in=expert_ids)
        .filter(Q(state=AssignmentState.RECUSED) | Q(conflict_flags__decision=ConflictDecision.REASSIGN))
        .values_list("judge__expert_id", "entry__team__organisation", "entry__team__credit_code")
        .distinct()
    )
    for expert_id, organisation, code in rows:
        organisations, codes = found[expert_id]
        if key := normalise_organisation(organisation):
            organisations.add(key)
        if code:
            codes.add(code.strip().upper())
    return found


def _open_load(expert_ids, now):
    rows = (
        Assignment.objects.filter(
            judge__expert_id__in=expert_ids, state=AssignmentState.ACTIVE, round__closes_at__gt=now
        )
        .values("judge__expert_id")
        .annotate(n=Count("pk"))
        .values_list("judge__expert_id", "n")
    )
    return dict(rows)


def _judge_keys(expert):
    """What makes a judge profile this expert's: the expert, the account, or either address."""
    return {("e", expert.pk), ("u", expert.user_id), ("m", expert.email), ("m", expert.user.email.lower())}


def evaluate_candidates(round_, *, domain_ids, division=None, exclude_ids=(), now=None):
    """[(expert, reason or None)] of every candidate in id order; None means eligible."""
    now = now or timezone.now()
    candidates = list(
        Expert.objects.filter(status=ExpertStatus.ACTIVE, user__isnull=False, domains__in=domain_ids)
        .select_related("user")
        .distinct()
        .order_by("pk")
    )
    ids = [e.pk for e in candidates]
    judges = JudgeProfile.objects.filter(contest_id=round_.contest_id).filter(
        Q(expert_id__in=ids)
        | Q(user_id__in=[e.user_id for e in candidates])
        | Q(email__in=[e.email for e in candidates] + [e.user.email.lower() for e in candidates])
    )
    judge_keys = set()
    for expert_id, user_id, email in judges.values_list("expert_id", "user_id", "email"):
        judge_keys |= {("e", expert_id), ("u", user_id), ("m", email)}
    organisations, codes, cities = _scope_teams(round_, division)
    history = _history(ids)
    load = _open_load(ids, now)
    excluded_before = set(exclude_ids)

    result = []
    for expert in candidates:
        reason = None
        own_org = normalise_organisation(expert.organisation)
        history_orgs, history_codes = history.get(expert.pk, (set(), set()))
        if expert.pk in excluded_before:
            reason = DRAWN_BEFORE
        elif _judge_keys(expert) & judge_keys:
            reason = ALREADY_JUDGE
        elif (own_org and own_org in organisations) or (expert.credit_code and expert.credit_code in codes):
            reason = SAME_ORGANISATION
        elif division is not None and expert.city_id and expert.city_id in (division.node_id, *cities):
            reason = SAME_CITY
        elif any(_relation_matches(line, organisations) for line in expert.declared_relations.splitlines()):
            reason = DECLARED_RELATION
        elif (history_orgs & organisations) or (history_codes & codes):
            reason = CONFLICT_HISTORY
        elif expert.load_limit is not None and load.get(expert.pk, 0) >= expert.load_limit:
            reason = LOAD_LIMIT
        result.append((expert, reason))
    return result, cities


def pick(eligible_ids, count, seed):
    """The random step alone: ``count`` ids of the sorted eligible ids, by ``seed``."""
    pool = sorted(eligible_ids)
    return random.Random(str(seed)).sample(pool, min(count, len(pool)))


def _outcome_rows(evaluated, drawn_ids, cities, round_, division):
    rows = []
    for expert, reason in evaluated:
        code = reason or (DRAWN if expert.pk in drawn_ids else NOT_DRAWN)
        row = {"expert": expert.pk, "name": expert.name, "organisation": expert.organisation, "outcome": code}
        if division is None and round_.same_city_recusal and expert.city_id in cities and reason is None:
            row["same_city_entries"] = cities[expert.city_id]
        rows.append(row)
    return rows


def _make_judge(expert, round_, division, tracks, actor):
    user = expert.user
    judge = JudgeProfile.objects.create(
        contest_id=round_.contest_id, name=expert.name, email=user.email, phone=expert.phone,
        organisation=expert.organisation, credit_code=expert.credit_code, title=expert.title,
        load_limit=expert.load_limit, declared_conflicts=expert.declared_relations,
        expert=expert, division=division, city=expert.city,
    )  # fmt: skip
    # Tracks carry no domains: a drawn expert may judge every track of the contest.
    judge.expertise.set(tracks)
    invite_judge(judge, actor=actor)
    return judge


def _run(round_, *, count, domains, seed, division, actor, replaces=None, exclude_ids=()):
    domain_ids = sorted(d.pk for d in domains)
    if not domain_ids:
        raise ContestError(_("请至少选择一个专业领域。"), code="no_domains")
    if not 1 <= count <= MAX_COUNT:
        raise ContestError(_("抽取人数须在 1 到 %(max)d 之间。") % {"max": MAX_COUNT}, code="bad_count")
    if division is not None and division.contest_id != round_.contest_id:
        raise ContestError(_("该分赛区不属于本轮次的大赛。"), code="wrong_division")
    seed = str(seed).strip() if seed not in (None, "") else secrets.token_hex(8)
    with transaction.atomic():
        evaluated, cities = evaluate_candidates(
            round_, domain_ids=domain_ids, division=division, exclude_ids=exclude_ids
        )
        eligible = [expert.pk for expert, reason in evaluated if reason is None]
        drawn_ids = pick(eligible, count, seed)
        if not drawn_ids:
            raise ContestError(_("没有符合条件的专家可供抽取，未做任何改动。"), code="no_candidates")
        draw = ExpertDraw.objects.create(
            round=round_, division=division, seed=seed, count=count, replaces=replaces, drawn_by=actor,
            parameters={
                "count": count, "domains": domain_ids, "division": division.pk if division else None,
                "same_city_recusal": round_.same_city_recusal, "eligible": sorted(eligible),
                "excluded_before": sorted(exclude_ids),
            },
            outcome=_outcome_rows(evaluated, set(drawn_ids), cities, round_, division),
        )  # fmt: skip
        draw.domains.set(domain_ids)
        by_id = {expert.pk: expert for expert, _reason in evaluated}
        drawn = [by_id[pk] for pk in drawn_ids]
        draw.drawn.set(drawn)
        tracks = list(Track.objects.filter(contest_id=round_.contest_id))
        for expert in drawn:
            _make_judge(expert, round_, division, tracks, actor)
        record(
            "experts.drawn" if replaces is None else "experts.redrawn", draw, actor=actor, contest=round_.contest,
            after={"seed": seed, "count": count, "domains": domain_ids, "drawn": drawn_ids,
                   "division": division.pk if division else None, "replaces": replaces.pk if replaces else None},
        )  # fmt: skip
    return draw


def draw_experts(round_, *, count, domains, seed=None, division=None, actor):
    """Draw ``count`` judges for ``round_`` from the pool (see the module docstring)."""
    return _run(round_, count=count, domains=domains, seed=seed, division=division, actor=actor)


def declined_count(draw):
    """Experts of ``draw`` who declined the invitation, less those already replaced by re-draws."""
    declined = JudgeProfile.objects.filter(
        contest_id=draw.round.contest_id, expert__in=draw.drawn.all(), status=JudgeStatus.DECLINED
    ).count()
    # Replaced by the experts the re-draws actually drew: a re-draw from a short pool may find fewer
    # than it asked for, and the rest stay to be re-drawn once the pool has grown.
    replaced = draw.redraws.aggregate(n=Count("drawn"))["n"] or 0
    return max(declined - replaced, 0)


def _chain_drawn_ids(draw):
    """Every expert drawn by the original draw and all its re-draws."""
    root = draw
    while root.replaces_id:
        root = root.replaces
    ids, todo = set(), [root]
    while todo:
        current = todo.pop()
        ids |= set(current.drawn.values_list("pk", flat=True))
        todo.extend(current.redraws.all())
    return ids


def redraw(draw, *, actor):
    """Draw as many experts as declined the invitations of ``draw``, excluding everyone drawn before."""
    with transaction.atomic():
        ExpertDraw.objects.select_for_update().get(pk=draw.pk)  # one re-draw at a time
        need = declined_count(draw)
        if not need:
            raise ContestError(_("本次抽取没有待补抽的谢绝者。"), code="nothing_declined")
        redraws = draw.redraws.count()
        return _run(
            draw.round, count=need, domains=list(draw.domains.all()), seed=f"{draw.seed}-{redraws + 1}",
            division=draw.division, actor=actor, replaces=draw, exclude_ids=_chain_drawn_ids(draw),
        )  # fmt: skip


def reproduces(draw):
    """Whether re-running the random step with the stored seed over the stored eligible pool picks
    the same experts (the pool itself changes after a draw: the drawn became judges)."""
    eligible = draw.parameters.get("eligible", [])
    drawn = [row["expert"] for row in draw.outcome if row["outcome"] == DRAWN]
    return sorted(pick(eligible, draw.count, draw.seed)) == sorted(drawn)


def verification(draw):
    """What anyone needs to check the draw by hand, without this site: the recorded eligible ids, the
    count, the seed, the one line of Python 3 that picks (``pick``), and the ids it must print."""
    eligible = sorted(draw.parameters.get("eligible", []))
    drawn = sorted(row["expert"] for row in draw.outcome if row["outcome"] == DRAWN)
    count = min(draw.count, len(eligible))
    code = f"import random; print(sorted(random.Random({str(draw.seed)!r}).sample({eligible!r}, {count})))"
    return {"eligible": eligible, "drawn": drawn, "code": code}
