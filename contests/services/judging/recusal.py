"""Same-city recusal (同城回避): in a round with ``same_city_recusal`` a judge never judges an entry
from the city where the judge's organisation is.

A judge's city is ``JudgeProfile.city``, or else the city of the pool expert behind the profile
(``Expert.city``). An entry's cities are its team's city and the node of the team's division (a
team registered in 济南 but placed in the 青岛 division is barred for judges of both cities).
Loaded in two queries for any number of judges and entries, like ``conflicts.find_conflicts``.
"""

from collections import defaultdict

from django.utils.translation import gettext as _


def judge_cities(judge_ids):
    """{judge_id: (node_id, node name)} for judges with a known city."""
    from contests.models import JudgeProfile

    cities = {}
    for judge_id, city_id, city_name, expert_city_id, expert_city_name in JudgeProfile.objects.filter(
        pk__in=list(judge_ids)
    ).values_list("pk", "city_id", "city__name", "expert__city_id", "expert__city__name"):
        if city_id:
            cities[judge_id] = (city_id, city_name)
        elif expert_city_id:
            cities[judge_id] = (expert_city_id, expert_city_name)
    return cities


def team_cities(team_ids):
    """{team_id: {node_id, …}}: the team's city and its division's node."""
    from contests.models import Team

    cities = defaultdict(set)
    for team_id, city_id, division_node_id in Team.objects.filter(pk__in=list(team_ids)).values_list(
        "pk", "city_id", "division__node_id"
    ):
        cities[team_id].update(node for node in (city_id, division_node_id) if node)
    return cities


def recusal_reason(city_name):
    return _("同城回避：评委工作单位与作品同在%(city)s") % {"city": city_name}


def same_city_pairs(judge_ids, entries):
    """{judge_id: {entry_id: reason}} for every judge × entry of the same city.

    ``entries`` is an iterable of (entry_id, team_id) pairs.
    """
    pairs = list(entries)
    judges = judge_cities(judge_ids)
    if not judges or not pairs:
        return {}
    by_city = defaultdict(list)
    for team_id, nodes in team_cities({team_id for _entry_id, team_id in pairs}).items():
        for node in nodes:
            by_city[node].append(team_id)
    entries_by_team = defaultdict(list)
    for entry_id, team_id in pairs:
        entries_by_team[team_id].append(entry_id)
    found = {}
    for judge_id, (city_id, city_name) in judges.items():
        reason = recusal_reason(city_name)
        barred = {entry_id: reason for team_id in by_city.get(city_id, ()) for entry_id in entries_by_team[team_id]}
        if barred:
            found[judge_id] = barred
    return found


def merge_recusals(conflicts, recusals):
    """Add same-city reasons to a ``find_conflicts`` result ({judge: {entry: [reasons]}}), in place."""
    for judge_id, barred in recusals.items():
        judge_conflicts = conflicts.setdefault(judge_id, {})
        for entry_id, reason in barred.items():
            judge_conflicts.setdefault(entry_id, []).append(reason)
    return conflicts
