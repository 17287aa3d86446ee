"""Demo divisions (分赛区) of the 2026 contest: 济南, 青岛 and 烟台, each with a manager account and a
quota of 3 into the provincial round; the contest's teams are spread over them by city (teams in
another city, or with none, are dealt in turn over the three, so that every manager has teams).
Idempotent: get_or_create, and only teams without a division are placed."""

from django.db.models import Q

from cms.demo import ensure_user
from contests.demo.contest import CONTEST_SLUG, TEAM_PASSWORD
from contests.models import Contest, Division, Team
from scenes.choices import NodeKind
from scenes.models import Node

# (slug of the division and of its city node, name, manager's e-mail, manager's name)
DIVISIONS = [
    ("jinan", "济南分赛区", "jinan.division@shuyong.example", "济南分赛区管理员"),
    ("qingdao", "青岛分赛区", "qingdao.division@shuyong.example", "青岛分赛区管理员"),
    ("yantai", "烟台分赛区", "yantai.division@shuyong.example", "烟台分赛区管理员"),
]
QUOTA = 3


def ensure_divisions(contest):
    divisions = {}
    for order, (slug, name, email, manager_name) in enumerate(DIVISIONS):
        node = Node.objects.get(slug=slug, kind=NodeKind.CITY)
        division, _created = Division.objects.get_or_create(
            contest=contest, slug=slug, defaults={"node": node, "name": name, "quota": QUOTA, "sort_order": order}
        )
        manager = ensure_user(email, TEAM_PASSWORD, real_name=manager_name, organisation=f"{node.name}市大数据局")
        division.managers.add(manager)
        divisions[slug] = division
    return divisions


def place_teams(contest, divisions):
    """Teams without a division go to their city's, else in turn over the divisions (by id); returns
    how many were placed."""
    unplaced = Team.objects.filter(contest=contest, division__isnull=True)
    placed = 0
    for division in divisions.values():
        placed += unplaced.filter(city_id=division.node_id).update(division=division)
    elsewhere = unplaced.filter(Q(city__isnull=True) | ~Q(city_id__in=[d.node_id for d in divisions.values()]))
    in_turn = list(divisions.values())
    team_ids = list(elsewhere.order_by("pk").values_list("pk", flat=True))
    for index, division in enumerate(in_turn):
        placed += Team.objects.filter(pk__in=team_ids[index :: len(in_turn)]).update(division=division)
    return placed


def load_divisions(command, options):
    contest = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if contest is None:
        return []
    divisions = ensure_divisions(contest)
    placed = place_teams(contest, divisions)
    if command is not None and placed:
        command.stdout.write(f"分赛区：{placed} 支团队已按城市分配。")
    return [
        (f"{name}管理员 division manager（/division/）", email, TEAM_PASSWORD)
        for _slug, name, email, _manager in DIVISIONS
    ]
