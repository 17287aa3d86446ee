"""Assigning judges to entries: automatic (balanced, conflict-free, seeded), manual, recusal.

``assign_judges(round)`` gives every entry of the round ``round.judges_per_entry`` active judges:

* candidates are the contest's active judges whose expertise includes the entry's track, minus
  those in conflict with its team (``contests.services.judging.conflicts``), those who recused from or were
  removed from this entry before, and those at their load limit (per round);
* entries are filled hardest first (fewest candidates), each taking the least-loaded candidates,
  ties broken by a random generator seeded from ``seed`` and the round — the same data and seed
  give the same assignment;
* existing active assignments are kept and only topped up, so a re-run after recusals or newly
  eligible entries changes nothing else;
* whatever cannot be satisfied is reported per entry, with the reason, in Chinese;
* in a divisional round (``round.divisional``) each division's entries go only to that division's
  judges; province-wide judges (no division) step in only for a division without any judge of its
  own, and the report says so. ``division`` limits a run to one division's entries;
* with ``round.same_city_recusal`` a judge never gets an entry of their own city
  (``contests.services.judging.recusal``), counted among the conflicts.

Everything is read in a few queries and written with one multi-row INSERT (``services.bulk``).
"""

import heapq
import os
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import models
from contests.choices import EntryStatus
from contests.models import Entry, Round
from contests.services import ContestError
from contests.services.audit import record
from contests.services.judging.bulk import adapt_datetime, insert_rows
from contests.services.judging.conflicts import conflict_reasons, find_conflicts
from contests.services.judging.flags import close_flags_of
from contests.services.judging.judges import blind_code
from contests.services.judging.recusal import judge_cities, merge_recusals, same_city_pairs

ORDER_KEY_MAX = 2**31 - 1  # order_key = getrandbits(31)
ASSIGNMENT_COLUMNS = (
    "round_id", "entry_id", "judge_id", "state", "source",
    "code", "order_key", "recusal_reason", "created_at", "created_by_id",
)  # fmt: skip


def entries_for_round(round_):
    """Entries judged in this round: ELIGIBLE entries for the first round (not yet moved on), and
    entries whose ``current_round`` is this round (ELIGIBLE or ADVANCED into it) for any round."""
    in_round = Q(current_round=round_, status__in=[EntryStatus.ELIGIBLE, EntryStatus.ADVANCED])
    first_number = round_.contest.rounds.order_by("number").values_list("number", flat=True).first()
    if round_.number == first_number:
        in_round |= Q(current_round__isnull=True, status=EntryStatus.ELIGIBLE)
    return Entry.objects.filter(in_round, contest_id=round_.contest_id)


def assignable_judges(round_):
    return models.JudgeProfile.objects.filter(
        contest_id=round_.contest_id, status=models.JudgeStatus.ACTIVE, user__isnull=False
    )


@dataclass
class Shortfall:
    entry_id: int
    code: str
    title: str
    track: str
    have: int
    need: int
    reason: str

    def __str__(self):
        return _("作品 %(code)s《%(title)s》（%(track)s）：需要 %(need)d 名评委，现有 %(have)d 名。%(reason)s") % {
            "code": self.code, "title": self.title, "track": self.track,
            "need": self.need, "have": self.have, "reason": self.reason,
        }  # fmt: skip


@dataclass
class AssignmentReport:
    round_id: int
    seed: int
    entries: int = 0
    created: int = 0
    complete: int = 0
    shortfalls: list = field(default_factory=list)
    loads: dict = field(default_factory=dict)  # track name -> (judges, min load, max load)
    notes: list = field(default_factory=list)  # e.g. a division judged by province-wide judges

    @property
    def ok(self):
        return not self.shortfalls

    def lines(self):
        lines = [
            _("共 %(entries)d 件作品，新增 %(created)d 条分配，%(complete)d 件作品评委已满。")
            % {"entries": self.entries, "created": self.created, "complete": self.complete}
        ]
        for track, (judges, low, high) in sorted(self.loads.items()):
            lines.append(
                _("赛道“%(track)s”：%(judges)d 名评委，每人 %(low)d–%(high)d 件。")
                % {"track": track, "judges": judges, "low": low, "high": high}
            )
        lines.extend(self.notes)
        if self.shortfalls:
            lines.append(_("以下 %(count)d 件作品评委不足：") % {"count": len(self.shortfalls)})
            lines.extend(str(shortfall) for shortfall in self.shortfalls)
        return lines

    def __str__(self):
        return "\n".join(self.lines())


def _shortfall_reason(pool, conflicted, excluded, full):
    if not pool:
        return _("该赛道没有具备此专业方向的已接受邀请评委。")
    return _(
        "该赛道共 %(pool)d 名评委，其中利益冲突 %(conflicted)d 名、曾回避或被撤销 %(excluded)d 名、"
        "已达评审上限 %(full)d 名。请增加评委、调整评审上限或手动指派。"
    ) % {"pool": len(pool), "conflicted": conflicted, "excluded": excluded, "full": full}


def _lock_round(round_):
    # Two organisers pressing the button at once run one after the other, never interleaved.
    return Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)


def round_conflicts(round_, judges, entries):
    """``find_conflicts`` plus, when the round asks for it, same-city recusal.

    ``entries`` is a list of (entry_id, team_id) pairs."""
    found = find_conflicts(judges, entries)
    if round_.same_city_recusal:
        merge_recusals(found, same_city_pairs([judge.pk for judge in judges], entries))
    return found


def division_pools(judge_divisions, entry_divisions):
    """{division_id: set of judge ids allowed} for a divisional round, and the names of the
    divisions that fall back to province-wide judges (they have no judge of their own)."""
    from contests.models import Division

    own = defaultdict(set)
    for judge_id, division_id in judge_divisions.items():
        own[division_id].add(judge_id)
    province = own.get(None, set())
    pools, fallback = {}, []
    for division_id in set(entry_divisions.values()):
        if division_id is not None and not own.get(division_id):
            pools[division_id] = province
            fallback.append(division_id)
        else:
            pools[division_id] = own.get(division_id, set())
    names = dict(Division.objects.filter(pk__in=fallback).values_list("pk", "name")) if fallback else {}
    return pools, [names[pk] for pk in sorted(names)]


def _unknown_city_notes(judges):
    """Same-city recusal can only bar a judge whose city is known (theirs or their pool expert's):
    name the others, so that the organiser fills in their city rather than trust a check that
    cannot apply to them."""
    known = judge_cities([judge.pk for judge in judges])
    unknown = [judge.pk for judge in judges if judge.pk not in known]
    if not unknown:
        return []
    names = list(
        models.JudgeProfile.objects.filter(pk__in=unknown).order_by("name", "pk").values_list("name", flat=True)
    )
    shown = "、".join(names[:10])
    if len(names) > 10:
        shown = _("%(names)s 等") % {"names": shown}
    return [
        _(
            "本轮开启了同城回避，但 %(count)d 名评委没有填写工作单位所在城市，无法为其核对同城回避：%(names)s。"
            "请补填其所在城市后重新分配。"
        )
        % {"count": len(unknown), "names": shown}
    ]


def assign_judges(round_, *, seed=0, actor=None, entry_ids=None, per_entry=None, source=None, division=None):
    """Top up the round's assignments; returns an AssignmentReport. See the module docstring.

    ``entry_ids`` limits the run to some entries (recusal top-up); ``per_entry`` overrides
    ``round.judges_per_entry`` (a disagreement adds one more); ``division`` limits it to one
    division's entries (a division manager assigns their own division).
    """
    source = source or models.AssignmentSource.AUTO
    with transaction.atomic():
        round_ = _lock_round(round_)
        target = per_entry or round_.judges_per_entry
        entries_qs = entries_for_round(round_)
        if entry_ids is not None:
            entries_qs = entries_qs.filter(pk__in=list(entry_ids))
        if division is not None:
            entries_qs = entries_qs.filter(team__division=division)
        entries = list(entries_qs.order_by("pk").values_list("pk", "team_id", "track_id", "uuid", "title"))
        report = AssignmentReport(round_id=round_.pk, seed=seed, entries=len(entries))

        judges = list(assignable_judges(round_).order_by("pk").only("pk", "load_limit", "division_id"))
        limits = {j.pk: j.load_limit for j in judges}
        allowed = None  # entry id -> judges allowed (divisional rounds only)
        if round_.divisional:
            entry_divisions = dict(entries_qs.order_by().values_list("pk", "team__division_id")) if entries else {}
            pools, fallback = division_pools({j.pk: j.division_id for j in judges}, entry_divisions)
            allowed = {entry_id: pools[division_id] for entry_id, division_id in entry_divisions.items()}
            for name in fallback:
                report.notes.append(
                    _("分赛区“%(division)s”没有本分赛区评委，其作品由全省评委评审。") % {"division": name}
                )
        if round_.same_city_recusal and judges and entries:
            report.notes.extend(_unknown_city_notes(judges))
        pool_by_track = defaultdict(list)
        through = models.JudgeProfile.expertise.through
        for judge_id, track_id in (
            through.objects.filter(judgeprofile_id__in=limits)
            .order_by("judgeprofile_id")
            .values_list("judgeprofile_id", "track_id")
        ):
            pool_by_track[track_id].append(judge_id)

        load = dict.fromkeys(limits, 0)
        active = defaultdict(set)
        excluded = defaultdict(set)  # judges who recused from or were removed from the entry
        for entry_id, judge_id, state, row_source in models.Assignment.objects.filter(round=round_).values_list(
            "entry_id", "judge_id", "state", "source"
        ):
            if state == models.AssignmentState.ACTIVE and row_source == models.AssignmentSource.UNIT:
                # A challenge-setting unit's reviewer judges on top of the panel, never instead of it.
                excluded[entry_id].add(judge_id)
            elif state == models.AssignmentState.ACTIVE:
                active[entry_id].add(judge_id)
                if judge_id in load:
                    load[judge_id] += 1
            else:
                excluded[entry_id].add(judge_id)

        conflicted_by_entry = defaultdict(set)
        for judge_id, conflicts in round_conflicts(round_, judges, [(e[0], e[1]) for e in entries]).items():
            for entry_id in conflicts:
                conflicted_by_entry[entry_id].add(judge_id)

        rng = random.Random(f"{seed}:{round_.pk}")
        track_names = dict(models.Track.objects.filter(contest_id=round_.contest_id).values_list("pk", "name"))

        def track_pool(entry_id, track_id):
            pool = pool_by_track.get(track_id, [])
            return pool if allowed is None else [j for j in pool if j in allowed[entry_id]]

        def candidates(entry_id, track_id):
            blocked = active[entry_id] | excluded[entry_id] | conflicted_by_entry[entry_id]
            return [j for j in track_pool(entry_id, track_id) if j not in blocked]

        # Hardest first: entries with the fewest possible judges choose before the others use them up.
        todo = [(len(candidates(e[0], e[2])), rng.random(), e) for e in entries if len(active[e[0]]) < target]
        todo.sort(key=lambda item: (item[0], item[1]))
        report.complete = len(entries) - len(todo)

        new_rows = []
        created_at = adapt_datetime(timezone.now())
        creator = actor.pk if getattr(actor, "is_authenticated", False) else None
        for _count, _tie, (entry_id, _team_id, track_id, uuid, title) in todo:
            need = target - len(active[entry_id])
            pool = candidates(entry_id, track_id)
            open_pool = [j for j in pool if limits[j] is None or load[j] < limits[j]]
            chosen = heapq.nsmallest(need, open_pool, key=lambda j: (load[j], rng.random()))
            for judge_id in chosen:
                load[judge_id] += 1
                active[entry_id].add(judge_id)
                new_rows.append(
                    [
                        round_.pk, entry_id, judge_id, models.AssignmentState.ACTIVE.value, str(source),
                        None, rng.getrandbits(31), "", created_at, creator,
                    ]
                )  # fmt: skip
            if len(chosen) < need:
                entry_pool = track_pool(entry_id, track_id)
                report.shortfalls.append(
                    Shortfall(
                        entry_id=entry_id, code=blind_code(uuid), title=title, track=track_names.get(track_id, ""),
                        have=len(active[entry_id]), need=target,
                        reason=_shortfall_reason(
                            entry_pool,
                            conflicted=len(conflicted_by_entry[entry_id] & set(entry_pool)),
                            excluded=len(excluded[entry_id] & set(entry_pool)),
                            full=len(set(pool) - set(open_pool)),
                        ),
                    )
                )  # fmt: skip
            else:
                report.complete += 1

        # Opaque codes for the judges' URLs: 8 random bytes each, drawn from the OS in one call.
        codes = os.urandom(8 * len(new_rows)).hex()
        for index, row in enumerate(new_rows):
            row[5] = codes[16 * index : 16 * index + 16]
        insert_rows(models.Assignment, ASSIGNMENT_COLUMNS, new_rows)
        report.created = len(new_rows)
        used = set().union(*allowed.values()) if allowed else set()
        for track_id, pool in pool_by_track.items():
            if allowed is not None:
                pool = [j for j in pool if j in used]
            if not pool:
                continue
            loads = [load[j] for j in pool]
            report.loads[track_names.get(track_id, str(track_id))] = (len(pool), min(loads), max(loads))
        if new_rows or report.shortfalls:
            record(
                "judging.assign", round_, actor=actor, contest=round_.contest,
                after={
                    "seed": seed, "per_entry": target, "source": source, "created": len(new_rows),
                "division": division.pk if division is not None else None,
                    # "entry:judge" pairs, compact: a run over 5,000 entries writes 25,000 of them.
                    "pairs": " ".join(f"{row[1]}:{row[2]}" for row in new_rows),
                    "shortfalls": [s.entry_id for s in report.shortfalls],
                },
            )  # fmt: skip
    return report


def _snapshot(assignment):
    return {
        "entry": assignment.entry_id, "judge": assignment.judge_id, "round": assignment.round_id,
        "state": assignment.state, "source": assignment.source, "reason": assignment.recusal_reason,
    }  # fmt: skip


def add_assignment(round_, entry, judge, *, actor):
    """An organiser assigns one judge by hand; refused for a conflict or a duplicate."""
    if judge.contest_id != round_.contest_id or entry.contest_id != round_.contest_id:
        raise ContestError(_("评委、作品与评审轮次必须属于同一届大赛。"), code="wrong_contest")
    if not judge.can_be_assigned:
        raise ContestError(_("该评委尚未接受邀请或已停用。"), code="judge_inactive")
    if not entries_for_round(round_).filter(pk=entry.pk).exists():
        raise ContestError(_("该作品不在本轮评审范围内。"), code="entry_not_in_round")
    if round_.divisional:
        division_id = models.Team.objects.filter(pk=entry.team_id).values_list("division_id", flat=True).first()
        if judge.division_id is not None and judge.division_id != division_id:
            raise ContestError(_("分赛区评审轮次中，评委只能评审本分赛区的作品。"), code="other_division")
    reasons = conflict_reasons(judge, entry)
    if round_.same_city_recusal:
        barred = same_city_pairs([judge.pk], [(entry.pk, entry.team_id)]).get(judge.pk, {})
        reasons = [*reasons, *barred.values()]
    if reasons:
        raise ContestError(_("存在利益冲突，不能指派：%(reasons)s") % {"reasons": "；".join(reasons)}, code="conflict")
    try:
        with transaction.atomic():
            assignment = models.Assignment.objects.create(
                round=round_, entry=entry, judge=judge, source=models.AssignmentSource.MANUAL,
                order_key=random.SystemRandom().randint(0, ORDER_KEY_MAX), created_by=actor,
            )  # fmt: skip
            record(
                "judging.assignment_added", assignment, actor=actor, contest=round_.contest, after=_snapshot(assignment)
            )
    except IntegrityError:
        raise ContestError(_("该评委已被分配评审此作品。"), code="duplicate") from None
    return assignment


def _end(assignment, *, state, actor, reason, action):
    with transaction.atomic():
        locked = models.Assignment.objects.select_for_update().select_related("round__contest").get(pk=assignment.pk)
        if locked.state != models.AssignmentState.ACTIVE:
            raise ContestError(_("该评审分配已不再有效。"), code="assignment_inactive")
        before = _snapshot(locked)
        locked.state = state
        locked.recusal_reason = reason
        locked.ended_at = timezone.now()
        locked.save(update_fields=["state", "recusal_reason", "ended_at"])
        record(
            action,
            locked,
            actor=actor,
            contest=locked.round.contest,
            before=before,
            after=_snapshot(locked),
            note=reason,
        )
        close_flags_of(locked, actor=actor, note=reason)
    return locked


def remove_assignment(assignment, *, actor, reason, top_up=False):
    """An organiser withdraws an assignment (kept as history, with its score if any)."""
    if not reason.strip():
        raise ContestError(_("请填写撤销原因。"), code="reason_required")
    ended = _end(
        assignment,
        state=models.AssignmentState.REMOVED,
        actor=actor,
        reason=reason.strip(),
        action="judging.assignment_removed",
    )
    report = assign_judges(ended.round, actor=actor, entry_ids=[ended.entry_id]) if top_up else None
    return ended, report


def recuse(assignment, *, actor, reason):
    """A judge steps back from an entry (conflict of interest); another judge takes it over."""
    if not reason.strip():
        raise ContestError(_("请说明回避原因。"), code="reason_required")
    score = models.Score.objects.filter(assignment=assignment).first()
    if score is not None and score.is_submitted:
        raise ContestError(_("评分已提交，不能再申请回避；如有需要请联系大赛组织者。"), code="already_submitted")
    ended = _end(
        assignment, state=models.AssignmentState.RECUSED, actor=actor, reason=reason.strip(), action="judging.recused"
    )
    report = assign_judges(ended.round, actor=actor, entry_ids=[ended.entry_id])
    return ended, report


def declare_no_conflict(assignment, *, actor):
    """The judge confirms no conflict of interest; required before the entry's content is shown."""
    with transaction.atomic():
        updated = models.Assignment.objects.filter(
            pk=assignment.pk, state=models.AssignmentState.ACTIVE, declared_no_conflict_at__isnull=True
        ).update(declared_no_conflict_at=timezone.now())
        if updated:
            assignment.refresh_from_db(fields=["declared_no_conflict_at"])
            record(
                "judging.declared_no_conflict", assignment, actor=actor, contest=assignment.round.contest,
                after={"declared_no_conflict_at": assignment.declared_no_conflict_at},
            )  # fmt: skip
    return assignment


def add_extra_judges(round_, entry_ids, *, actor=None, seed=0):
    """One more judge for each entry (at most once: entries already above the target are skipped)."""
    counts = defaultdict(int)
    for entry_id in models.Assignment.objects.filter(
        round=round_, entry_id__in=list(entry_ids), state=models.AssignmentState.ACTIVE
    ).values_list("entry_id", flat=True):
        counts[entry_id] += 1
    wanted = [entry_id for entry_id in entry_ids if counts[entry_id] <= round_.judges_per_entry]
    if not wanted:
        return None
    return assign_judges(
        round_, seed=seed, actor=actor, entry_ids=wanted,
        per_entry=round_.judges_per_entry + 1, source=models.AssignmentSource.EXTRA,
    )  # fmt: skip
