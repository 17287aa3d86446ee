"""Demo content of the contest app, found by ``load_demo`` (it autodiscovers each app's ``demo``):
the 2026 contest open for registration with its teams (``contest``), their entries (``entries``),
judges and scores of the early online review (``judging``), and the finished 2025 contest with
results, awards, appeals and a promoted winner (``outcomes``), and the 赛题 with their data desk
(``loop``). ``data`` holds the Chinese texts."""

from cms.registry import demo_loaders
from contests.demo import (
    adoption,
    calibration,
    certificates,
    contest,
    division_rounds,
    divisions,
    entries,
    entry_forms,
    experts,
    identity,
    judging,
    live,
    loop,
    outcomes,
    phones,
    surveys,
    votes,
)

# After the site (0) and the showcase (10), in the order each builds on the one before.
demo_loaders.register("contests", order=20)(contest.load_contest)
demo_loaders.register("contest_entries", order=30)(entries.load_entries)
demo_loaders.register("contest_judging", order=40)(judging.load_judging)
demo_loaders.register("contest_outcomes", order=50)(outcomes.load_outcomes)
# 赛题 of the 2026 contest from the showcase's needs, their data desk, and data uses (需求 → 赛题 → 数据).
demo_loaders.register("contest_loop", order=60)(loop.load_loop)
# Adoption (落地) milestones of the 2025 winners, confirmed and waiting (after the outcomes).
demo_loaders.register("contest_adoption", order=72)(adoption.load_adoption)
# Certificates anyone can verify: one 2025 award revoked, a valid and the revoked verification page.
demo_loaders.register("contest_certificates", order=74)(certificates.load_certificates)
# Tracking surveys of the finished 2025 contest (6 and 12 months after the award, answers to the first).
demo_loaders.register("contest_surveys", order=76)(surveys.load_surveys)
# Divisions (分赛区) of the 2026 contest with their managers; the 2026 teams spread over them by city.
demo_loaders.register("contest_divisions", order=80)(divisions.load_divisions)
# Calibrated judging (#18): 2026 round-1 calibration, a lead judge, 2025 final consensus scores.
demo_loaders.register("contest_calibration", order=86)(calibration.load_calibration)
# Division first rounds of 2026 (分赛区初赛 judged by each division, same-city recusal in the final).
demo_loaders.register("contest_division_rounds", order=82)(division_rounds.load_division_rounds)
# The standing expert pool (专家库) and a recorded draw of the 2026 provincial round's judges.
demo_loaders.register("contest_experts", order=84)(experts.load_experts)
# Real names (实名) and unit vetting (单位负责人确认) in the 2026 contest (after its teams and divisions).
demo_loaders.register("contest_identity", order=92)(identity.load_identity)
# The demo team leader's verified mobile number, for sign-in by SMS code (code shown in the console).
demo_loaders.register("contest_phones", order=90)(phones.load_phones)
# Entry form questions per track and round of the 2026 contest, with answers on a few entries (#18).
demo_loaders.register("contest_entry_forms", order=88)(entry_forms.load_entry_forms)
# The public vote (人气奖): the 2025 final's, closed, with a flagged burst and a voided cluster; 2026's published.
demo_loaders.register("contest_votes", order=96)(votes.load_votes)
# Live finals (路演, #19): the 2025 final replayable on stage, the 2026 final set up with its drawn order.
demo_loaders.register("contest_live", order=94)(live.load_live)
