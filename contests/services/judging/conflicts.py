"""Conflicts of interest between judges and teams, detected in bulk.

A judge is in conflict with a team (and so with all its entries) when:

* the judge works at the same organisation as the team or any of its members — organisation names
  are compared after normalisation (full-width/half-width, spaces, case), and one name being the
  start of the other counts too (山东大学 / 山东大学软件学院), for names of at least 4 characters;
* the judge's unit has the same unified social credit code as the team's or a member's;
* the judge's e-mail domain equals a member's, unless it is a public mail provider
  (``PUBLIC_EMAIL_DOMAINS``);
* the judge's account is a member or adviser of the team;
* the judge declared the team, or an organisation name matching the team, its name or a member's
  organisation (``JudgeProfile.conflict_teams`` / ``declared_conflicts``).

Everything is loaded with a few queries and matched through in-memory indexes, so a whole round
(5,000 entries × 150 judges) is checked in well under a second. Reasons name the team's identity:
they are for organisers only and never reach a judge.
"""

import bisect
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

PUBLIC_EMAIL_DOMAINS = frozenset(
    [
        "qq.com",
        "vip.qq.com",
        "foxmail.com",
        "163.com",
        "vip.163.com",
        "126.com",
        "yeah.net",
        "188.com",
        "sina.com",
        "sina.cn",
        "vip.sina.com",
        "sohu.com",
        "139.com",
        "wo.cn",
        "189.cn",
        "aliyun.com",
        "21cn.com",
        "tom.com",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        # The demo site's own domain: every demo account has it, as if it were a public provider.
        "shuyong.example",
    ]
)
# Shorter names ("山东", "大学") would make everyone a conflict of everyone when used as prefixes.
MIN_PREFIX_LENGTH = 4


def normalise_organisation(name):
    """Compare organisation names by content: NFKC (full-width → half-width), no spaces, case-folded."""
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(text.split()).casefold()


def email_domain(email):
    email = (email or "").strip().lower()
    return email.rpartition("@")[2] if "@" in email else ""


def private_domain(email):
    domain = email_domain(email)
    return "" if not domain or domain in PUBLIC_EMAIL_DOMAINS else domain


@dataclass
class TeamIdentity:
    """What identifies a team and its people, normalised for matching."""

    team_id: int
    name: str = ""
    organisations: set = field(default_factory=set)
    credit_codes: set = field(default_factory=set)
    domains: set = field(default_factory=set)
    user_ids: set = field(default_factory=set)


@dataclass
class JudgeIdentity:
    judge_id: int
    user_id: int | None
    organisations: set
    credit_codes: set
    domains: set
    declared_team_ids: set
    declared_names: list


def _add_organisation(target, raw):
    key = normalise_organisation(raw)
    if key:
        target.add(key)


def load_team_identities(team_ids):
    """TeamIdentity per team id, in two queries (teams; members with their accounts)."""
    from contests.models import Team, TeamMembership

    identities = {}
    for team_id, name, organisation, credit_code in Team.objects.filter(pk__in=team_ids).values_list(
        "pk", "name", "organisation", "credit_code"
    ):
        identity = identities[team_id] = TeamIdentity(team_id=team_id, name=normalise_organisation(name))
        _add_organisation(identity.organisations, organisation)
        if credit_code:
            identity.credit_codes.add(credit_code.strip().upper())
    members = TeamMembership.objects.filter(team_id__in=team_ids).values_list(
        "team_id", "user_id", "user__email", "user__organisation", "user__credit_code"
    )
    for team_id, user_id, email, organisation, credit_code in members:
        identity = identities[team_id]
        identity.user_ids.add(user_id)
        _add_organisation(identity.organisations, organisation)
        if credit_code:
            identity.credit_codes.add(credit_code.strip().upper())
        domain = private_domain(email)
        if domain:
            identity.domains.add(domain)
    return identities


def load_judge_identities(judges):
    """JudgeIdentity per judge profile (a queryset or list of JudgeProfile), in two queries."""
    from contests.models import JudgeProfile

    judge_ids = [judge.pk for judge in judges]
    declared = defaultdict(set)
    for judge_id, team_id in JudgeProfile.conflict_teams.through.objects.filter(
        judgeprofile_id__in=judge_ids
    ).values_list("judgeprofile_id", "team_id"):
        declared[judge_id].add(team_id)
    rows = JudgeProfile.objects.filter(pk__in=judge_ids).values_list(
        "pk", "user_id", "email", "organisation", "credit_code", "declared_conflicts",
        "user__email", "user__organisation", "user__credit_code",
    )  # fmt: skip
    identities = {}
    for judge_id, user_id, email, organisation, code, declared_text, user_email, user_org, user_code in rows:
        organisations, codes, domains = set(), set(), set()
        for raw in (organisation, user_org):
            _add_organisation(organisations, raw)
        for raw in (code, user_code):
            if raw:
                codes.add(raw.strip().upper())
        for raw in (email, user_email):
            domain = private_domain(raw)
            if domain:
                domains.add(domain)
        names = [normalise_organisation(line) for line in (declared_text or "").splitlines()]
        identities[judge_id] = JudgeIdentity(
            judge_id=judge_id,
            user_id=user_id,
            organisations=organisations,
            credit_codes=codes,
            domains=domains,
            declared_team_ids=declared[judge_id],
            declared_names=[name for name in names if name],
        )
    return identities


class ConflictIndex:
    """Inverted indexes over a set of teams: organisation / code / domain / member → team ids."""

    def __init__(self, team_identities):
        self.teams = team_identities
        self.by_organisation = defaultdict(set)
        self.by_code = defaultdict(set)
        self.by_domain = defaultdict(set)
        self.by_user = defaultdict(set)
        self.by_name = defaultdict(set)
        for team_id, identity in team_identities.items():
            for key in identity.organisations:
                self.by_organisation[key].add(team_id)
            for code in identity.credit_codes:
                self.by_code[code].add(team_id)
            for domain in identity.domains:
                self.by_domain[domain].add(team_id)
            for user_id in identity.user_ids:
                self.by_user[user_id].add(team_id)
            if identity.name:
                self.by_name[identity.name].add(team_id)
        self.sorted_organisations = sorted(self.by_organisation)

    def teams_for_organisation(self, key):
        """Teams whose (or whose member's) organisation equals ``key``, starts with it, or is its start."""
        found = set(self.by_organisation.get(key, ()))
        if len(key) >= MIN_PREFIX_LENGTH:
            start = bisect.bisect_left(self.sorted_organisations, key)
            for other in self.sorted_organisations[start:]:
                if not other.startswith(key):
                    break
                found |= self.by_organisation[other]
        for length in range(MIN_PREFIX_LENGTH, len(key)):
            found |= self.by_organisation.get(key[:length], set())
        return found

    def conflicts_of(self, judge):
        """{team_id: [reason, …]} for one JudgeIdentity."""
        found = defaultdict(list)
        for key in judge.organisations:
            for team_id in self.teams_for_organisation(key):
                found[team_id].append(_("评委与团队或其成员属同一单位"))
        for code in judge.credit_codes:
            for team_id in self.by_code.get(code, ()):
                found[team_id].append(_("评委单位与团队或其成员的统一社会信用代码相同"))
        for domain in judge.domains:
            for team_id in self.by_domain.get(domain, ()):
                found[team_id].append(_("评委与团队成员使用同一单位邮箱域名 @%(domain)s") % {"domain": domain})
        if judge.user_id is not None:
            for team_id in self.by_user.get(judge.user_id, ()):
                found[team_id].append(_("评委本人是该团队成员或指导老师"))
        for team_id in judge.declared_team_ids:
            if team_id in self.teams:
                found[team_id].append(_("评委申报回避该团队"))
        for name in judge.declared_names:
            for team_id in self.teams_for_organisation(name) | self.by_name.get(name, set()):
                found[team_id].append(_("评委申报回避的单位或团队：%(name)s") % {"name": name})
        return found


def find_conflicts(judges, entries):
    """{judge_id: {entry_id: [reasons]}} for every conflicted pair among ``judges`` × ``entries``.

    ``entries`` is an iterable of (entry_id, team_id) pairs or of Entry objects.
    """
    pairs = [(e.pk, e.team_id) if hasattr(e, "team_id") else tuple(e) for e in entries]
    entries_by_team = defaultdict(list)
    for entry_id, team_id in pairs:
        entries_by_team[team_id].append(entry_id)
    index = ConflictIndex(load_team_identities(list(entries_by_team)))
    result = {}
    for judge_id, identity in load_judge_identities(judges).items():
        conflicts = {}
        for team_id, reasons in index.conflicts_of(identity).items():
            for entry_id in entries_by_team.get(team_id, ()):
                conflicts[entry_id] = list(dict.fromkeys(reasons))
        if conflicts:
            result[judge_id] = conflicts
    return result


def conflict_reasons(judge, entry):
    """The reasons ``judge`` may not judge ``entry`` (an empty list when there are none)."""
    return find_conflicts([judge], [(entry.pk, entry.team_id)]).get(judge.pk, {}).get(entry.pk, [])
