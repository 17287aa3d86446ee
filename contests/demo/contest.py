"""Demo contest: "2026 数据应用创新创业大赛" with tracks, rounds, teams, the public pages and an organiser.

The timeline is set relative to the day the demo is first loaded, so that registration is open
and the submission deadline some weeks ahead (on 2026-11-26: registration 10-15 → 12-20,
submission deadline 2027-01-10). ``--teams N`` bulk-creates N teams with 2–5 people each
(4,000 teams ≈ 14,000 participants); every run only adds what is missing.
"""

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from cms.demo import ensure_child, ensure_home_page, ensure_user, fill_english
from cms.validators import credit_code_check_char
from contests.choices import Aggregation, InvitationStatus, OrganisationType, RoundKind, TeamRole
from contests.demo.data import (
    FAQ,
    GIVEN,
    NEEDS_CREDIT_CODE,
    ORG_KINDS,
    ORG_WORDS,
    RULES,
    SURNAMES,
    TEAM_WORDS_A,
    TEAM_WORDS_B,
    TRACKS,
)
from contests.models import Contest, ContestIndexPage, ContestPage, Round, Team, TeamInvitation, TeamMembership, Track
from contests.rules import ORGANISER_GROUP

ORGANISER = ("organiser@shuyong.example", "shuyong-organiser")
TEAM_PASSWORD = "shuyong-team"  # noqa: S105 - printed demo login
DEFAULT_TEAMS = 40
CONTEST_SLUG = "2026"


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def ensure_contest():
    existing = Contest.objects.filter(slug=CONTEST_SLUG).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    opens = today - timedelta(days=42)
    contest = Contest(
        slug=CONTEST_SLUG,
        name="2026 数据应用创新创业大赛",
        year=2026,
        summary="以赛促用：围绕乡村振兴、数字社会、智慧养老、医疗健康、城市治理等主题，开放公共数据资源，征集可落地的数据应用方案。",
        registration_opens=_local(opens, 9),
        registration_closes=_local(today + timedelta(days=24), 18),
        submission_deadline=_local(today + timedelta(days=45), 18),
        judging_starts=_local(today + timedelta(days=47), 9),
        judging_ends=_local(today + timedelta(days=94), 18),
        results_date=_local(today + timedelta(days=109), 10),
        min_team_size=2,
        max_team_size=5,
        allow_advisers=True,
        max_advisers=2,
        max_entries_per_team=1,
    )
    contest.full_clean()
    contest.save()
    return contest


def ensure_data_resource(slug, name, department):
    from scenes.choices import NodeKind
    from scenes.models import DataResource, Node

    resource = DataResource.objects.filter(slug=slug).first() or DataResource.objects.filter(name=name).first()
    if resource is None:
        resource = DataResource.objects.create(
            slug=slug,
            name=name,
            department=department,
            node=Node.objects.filter(kind=NodeKind.PROVINCE).first(),
            description=f"由{department}汇聚至省级主平台，按需共享。",
        )
    return resource


def ensure_tracks(contest):
    tracks = []
    for order, (slug, name, unit, description, resources) in enumerate(TRACKS, start=1):
        track, created = Track.objects.get_or_create(
            contest=contest,
            slug=slug,
            defaults={"name": name, "proposing_unit": unit, "description": description, "sort_order": order},
        )
        if created:
            track.data_resources.set([ensure_data_resource(*spec) for spec in resources])
        tracks.append(track)
    return tracks


def ensure_rounds(contest):
    middle = contest.judging_starts + (contest.judging_ends - contest.judging_starts) * 2 / 3
    Round.objects.get_or_create(
        contest=contest,
        number=1,
        defaults={
            "kind": RoundKind.PRELIMINARY,
            "opens_at": contest.judging_starts,
            "closes_at": middle,
            "judges_per_entry": 5,
            "aggregation": Aggregation.TRIMMED_MEAN,
            "advancement_quota": 5,
        },
    )
    Round.objects.get_or_create(
        contest=contest,
        number=2,
        defaults={
            "kind": RoundKind.FINAL,
            "opens_at": middle + timedelta(days=1),
            "closes_at": contest.judging_ends,
            "judges_per_entry": 7,
            "aggregation": Aggregation.MEAN,
        },
    )


def _news(day, title, text):
    return {"type": "item", "value": {"date": day, "title": title, "body": f"<p>{text}</p>"}}


def ensure_pages(contest):
    home = ensure_home_page()
    index = ensure_child(
        home,
        ContestIndexPage,
        "contests",
        title="数据应用创新创业大赛",
        show_in_menus=True,
        introduction="以赛促用：三届大赛累计 50 余个赛题、约 1.4 万人参赛，优秀作品在全省推广应用。",
    )
    fill_english(
        index,
        title_en="Data Innovation Contest",  # short enough for the one-row menu at 1366px
        introduction_en=(
            "Contests that lead to use: over 50 challenges and about 14,000 participants in three editions so far; "
            "the best entries are rolled out across the province."
        ),
    )
    today = timezone.localdate()
    ensure_child(
        index,
        ContestPage,
        contest.slug,
        title=contest.name,
        contest=contest,
        introduction=contest.summary,
        search_description="2026 数据应用创新创业大赛：赛道、开放数据、日程与报名。",
        rules=RULES.strip(),
        faq=[{"type": "item", "value": {"question": q, "answer": a}} for q, a in FAQ],
        news=[
            _news(
                today - timedelta(days=3),
                "十大赛道开放数据资源清单发布",
                "各出题单位已完成数据脱敏，报名团队可在参赛中心申请使用。",
            ),
            _news(
                timezone.localtime(contest.registration_opens).date(),
                "大赛正式启动报名",
                "欢迎高校、企业、科研院所和政府部门的团队踊跃报名。",
            ),
        ],
    )
    return index


def ensure_organiser(index):
    group = Group.objects.get(name=ORGANISER_GROUP)
    organiser = ensure_user(ORGANISER[0], ORGANISER[1], real_name="大赛组织者", is_staff=True)
    organiser.groups.add(group)
    # Organisers also edit the public contest pages (under /contests/).
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
    return organiser


def _credit_code(rng):
    body = (
        "9137"
        + "".join(rng.choice("0123456789") for _ in range(4))
        + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    )
    return body + credit_code_check_char(body)


def _person_name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def team_specs(count, seed, cities):
    """Deterministic descriptions of ``count`` teams: the same seed gives the same teams."""
    rng = random.Random(seed)
    kinds = [kind for kind, weight, _pattern in ORG_KINDS for _ in range(weight)]
    patterns = {kind: pattern for kind, _weight, pattern in ORG_KINDS}
    combos = len(TEAM_WORDS_A) * len(TEAM_WORDS_B)
    for number in range(1, count + 1):
        index = number - 1
        name = TEAM_WORDS_A[index % len(TEAM_WORDS_A)] + TEAM_WORDS_B[(index // len(TEAM_WORDS_A)) % len(TEAM_WORDS_B)]
        if index >= combos:
            name = f"{name}{index // combos + 1}队"
        city = cities[rng.randrange(len(cities))]
        kind = rng.choice(kinds)
        organisation = patterns[kind].format(city=city.name, word=rng.choice(ORG_WORDS))
        size = rng.randint(2, 5)
        people = [(f"team{number}@shuyong.example", TeamRole.LEADER)]
        people += [(f"team{number}-m{j}@shuyong.example", TeamRole.MEMBER) for j in range(2, size + 1)]
        if kind == OrganisationType.UNIVERSITY and rng.random() < 0.5:
            people.append((f"team{number}-adviser@shuyong.example", TeamRole.ADVISER))
        yield {
            "name": name,
            "city": city,
            "kind": kind,
            "organisation": organisation,
            "credit_code": _credit_code(rng) if kind in NEEDS_CREDIT_CODE else "",
            "people": [
                (email, role, _person_name(rng), "13" + "".join(rng.choice("0123456789") for _ in range(9)))
                for email, role in people
            ],
        }


def _chunks(items, size=900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ensure_teams(contest, count, seed):
    """Create the missing demo teams in bulk: users, teams, then memberships (a few queries per 1,000 rows)."""
    from scenes.choices import NodeKind
    from scenes.models import Node

    User = get_user_model()
    cities = list(Node.objects.filter(kind=NodeKind.CITY).order_by("sort_order"))
    specs = list(team_specs(count, seed, cities))
    existing_names = set(Team.objects.filter(contest=contest).values_list("name", flat=True))
    missing = [spec for spec in specs if spec["name"] not in existing_names]
    if not missing:
        return 0
    password = make_password(TEAM_PASSWORD)
    emails = [email for spec in missing for email, *_rest in spec["people"]]
    users = {}
    for chunk in _chunks(emails):
        users.update({u.email: u for u in User.objects.filter(email__in=chunk)})
    new_users = []
    for spec in missing:
        for email, role, name, phone in spec["people"]:
            if email not in users:
                user = User(
                    email=email,
                    password=password,
                    real_name=name,
                    phone=phone,
                    organisation=spec["organisation"] if role != TeamRole.ADVISER else f"{spec['city'].name}某大学",
                    is_active=True,
                )
                users[email] = user
                new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=1000)
    if any(user.pk is None for user in new_users):  # databases that do not return ids
        for chunk in _chunks([u.email for u in new_users]):
            users.update({u.email: u for u in User.objects.filter(email__in=chunk)})
    # A person already in another team of this contest (e.g. after a partial earlier run) is skipped.
    taken = set()
    for chunk in _chunks([users[e].pk for e in emails]):
        taken.update(
            TeamMembership.objects.filter(contest=contest, user_id__in=chunk)
            .exclude(role=TeamRole.ADVISER)
            .values_list("user_id", flat=True)
        )
    teams = [
        Team(
            contest=contest,
            name=spec["name"],
            organisation=spec["organisation"],
            organisation_type=spec["kind"],
            credit_code=spec["credit_code"],
            city=spec["city"],
            created_by=users[spec["people"][0][0]],
        )
        for spec in missing
        if users[spec["people"][0][0]].pk not in taken
    ]
    Team.objects.bulk_create(teams, batch_size=1000)
    if any(team.pk is None for team in teams):
        by_name = dict(Team.objects.filter(contest=contest).values_list("name", "pk"))
        for team in teams:
            team.pk = by_name[team.name]
    specs_by_name = {spec["name"]: spec for spec in missing}
    # bulk_create skips save(): set the denormalised contest ourselves.
    memberships = [
        TeamMembership(team=team, contest=contest, user=users[email], role=role)
        for team in teams
        for email, role, _name, _phone in specs_by_name[team.name]["people"]
        if role == TeamRole.ADVISER or users[email].pk not in taken
    ]
    TeamMembership.objects.bulk_create(memberships, batch_size=2000)
    return len(teams)


def ensure_solo_user_and_invitation(contest):
    """Someone without a team, invited by team 1: shows the invitation flow on the dashboard."""
    solo = ensure_user("solo@shuyong.example", TEAM_PASSWORD, real_name="孙晓雨", organisation="济南某大学")
    leader = get_user_model().objects.filter(email="team1@shuyong.example").first()
    team = Team.objects.filter(contest=contest, created_by=leader).first()
    if team is not None and not TeamMembership.objects.filter(contest=contest, user=solo).exists():
        TeamInvitation.objects.get_or_create(
            team=team,
            email=solo.email,
            status=InvitationStatus.PENDING,
            defaults={"role": TeamRole.MEMBER, "invited_by": leader},
        )
    return solo


def load_contest(command, options):
    seed = options.get("seed") or 2026
    count = options.get("teams")
    count = DEFAULT_TEAMS if count is None else count
    contest = ensure_contest()
    ensure_tracks(contest)
    ensure_rounds(contest)
    index = ensure_pages(contest)
    ensure_organiser(index)
    created = ensure_teams(contest, count, seed)
    ensure_solo_user_and_invitation(contest)
    if command is not None and created:
        command.stdout.write(f"大赛：新建 {created} 支团队。")
    return [
        ("大赛组织者 organiser", *ORGANISER),
        ("队长 team leader", "team1@shuyong.example", TEAM_PASSWORD),
        ("队员 team member", "team1-m2@shuyong.example", TEAM_PASSWORD),
        ("未组队 no team yet", "solo@shuyong.example", TEAM_PASSWORD),
    ]
