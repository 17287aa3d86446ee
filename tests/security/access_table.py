"""Who may reach what: the one expected-access table of the site, checked by test_url_sweep.py.

Every URL pattern of our apps (found by walking ``get_resolver()``) must have a row here, keyed by
its URL name ("namespace:name"), or by its view for an unnamed pattern; a new URL without a row
fails the sweep. Wagtail's and Django's own URLs (the admin's pages, images and documents, users,
workflows, the page-serving catch-all, the API router) are one family each, checked on the samples
at the end (``SAMPLES``) rather than one row per pattern.

Each expectation is a string of one outcome per role, in ``ROLES`` order:

    anonymous  team  other-team  judge: assigned  not-assigned  conflicted
    editor: own-city  other-city  moderator  organiser  superuser
    unit: member (of the unit whose 赛题, requests, findings are swept)  other-unit  signed-in (no role)
    provincial (#18): division-manager (of the swept team's 济南 division)  expert (in the pool, judging
        nothing here)  lead-judge (of the swept track)  unit-contact (of the swept team's organisation)

A row written before #18 may give the first 14 outcomes only: the four provincial roles then expect
what "signed-in (no role)" gets, since none of them grants anything on those URLs.

Outcomes: ``ok`` (2xx, or a redirect that is not to a login page), ``login`` (anonymous sent to a
login page), ``deny`` (403, Wagtail's "no permission" redirect to the admin home, or a signed-in
user sent to a login page), ``404``, ``405`` (method not allowed) and ``400``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from cms.models import CalendarDay
from contests.services import datadesk
from tests.security.conftest import ROLES

# Rows of 14 outcomes predate the provincial roles (see the docstring).
LEGACY_ROLE_COUNT = 14
OUTCOMES = frozenset({"ok", "login", "deny", "404", "405", "400"})


@dataclass(frozen=True)
class Row:
    key: str  # URL name, or the view's dotted path for an unnamed pattern
    url: Callable  # (world, role) -> path
    get: str | None = None
    post: str | None = None
    data: Callable | None = None  # (world) -> POST data

    def expected(self, method):
        spec = self.get if method == "get" else self.post
        outcomes = spec.split()
        if len(outcomes) == LEGACY_ROLE_COUNT:
            outcomes += [outcomes[-1]] * (len(ROLES) - LEGACY_ROLE_COUNT)
        assert len(outcomes) == len(ROLES) and set(outcomes) <= OUTCOMES, f"{self.key} {method}: {spec!r}"
        return dict(zip(ROLES, outcomes, strict=True))


def named(name, **kwargs_of):
    """A URL reversed from ``name``; each keyword is a function of the world (or a constant)."""

    def build(world, role):
        kwargs = {key: value(world) if callable(value) else value for key, value in kwargs_of.items()}
        return reverse(name, kwargs=kwargs)

    return build


def fixed(path):
    return lambda world, role: path(world) if callable(path) else path


# Shorthands for the objects of the world (tests/security/conftest.py).
J = lambda w: w.judging  # noqa: E731
R = lambda w: w.results  # noqa: E731
D = lambda w: w.datadesk  # noqa: E731

# Profiles used by many rows (same column order as above).
#                 anon  team  other jas   jnot  jconf edown edoth mod   org   su    unit  ounit signd
PUBLIC = "        ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok"
SIGNED_IN = "     login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok"
ORGANISERS = "    login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny  deny  deny"
ORG_404 = "       404   404   404   404   404   404   404   404   404   ok    ok    404   404   404"
# A team's own object: the team sees it, organisers too; everyone else gets 404.
TEAM_AND_ORG = "  login ok    404   404   404   404   404   404   404   ok    ok    404   404   404"
TEAM_ONLY = "     login ok    404   404   404   404   404   404   404   404   404   404   404   404"
# Wagtail admin views of our models that organisers may only view (read-only policy).
ORG_VIEW_ONLY_CHANGE = "login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny"
# Anyone who may enter the Wagtail admin (editors, moderators, organisers).
STAFF = "         login deny  deny  deny  deny  deny  ok    ok    ok    ok    ok    deny  deny  deny"
SUPERUSER = "     login deny  deny  deny  deny  deny  deny  deny  deny  deny  ok    deny  deny  deny"
MODERATORS = "    login deny  deny  deny  deny  deny  deny  deny  ok    deny  ok    deny  deny  deny"
EDITORS = "       login deny  deny  deny  deny  deny  ok    ok    ok    deny  ok    deny  deny  deny"
# POST-only views: the login comes first, then the method.
POST_ONLY = "     login 405   405   405   405   405   405   405   405   405   405   405   405   405"
# Team actions: the team acts; organisers see the team but may not act for it; others get 404.
TEAM_ACTS = "     login ok    404   404   404   404   404   404   404   deny  deny  404   404   404"
# The judge's own assignment: only its judges see it — the conflicted one too, since a conflict found
# after assignment is flagged to the organiser and never withdraws the judge on its own.
OWN_ASSIGNMENT = "login 404   404   ok    404   ok    404   404   404   404   404   404   404   404"


# The data desk's pages for units (/unit/requests/…): the unit's members and organisers.
DESK_LIST = "     login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    ok    ok    deny"
DESK_OBJECT = "   login deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    ok    404   deny"


def _entry(w):
    return w.judging.entry.uuid


ROWS = [
    # ------------------------------------------------------------------ site, search, feeds
    Row("healthz", fixed("/healthz"), get=PUBLIC),
    Row("search", named("search"), get=PUBLIC),
    Row("search_suggest", named("search_suggest"), get=PUBLIC),
    # The page editor's slug suggestion (cms/views/slug_suggestion.py): for anyone in the admin.
    Row(
        "cms_slug_suggestion",
        lambda w, role: reverse("cms_slug_suggestion") + f"?parent={w.showcase.scene_index.pk}&title=yanglao",
        # Only for those who may add a page there: the organiser is staff but adds no scenes.
        get="login deny deny deny deny deny ok ok ok 404 ok deny deny deny",
    ),
    # The page editors' data resource picker asks this for matches (scenes/picker_views.py): anyone in
    # the admin (the catalogue is public at /data/ anyway).
    Row("scenes_resource_search", lambda w, role: reverse("scenes_resource_search") + "?q=养老", get=STAFF),
    # The team portal's entry form asks this for data resources (contests/portal/views/resource_search.py).
    Row("contests:resource_search", lambda w, role: reverse("contests:resource_search") + "?q=养老", get=SIGNED_IN),
    Row("sitemap", named("sitemap"), get=PUBLIC),  # cms/views/sitemap.py: the index of the files
    Row("sitemap_section", named("sitemap_section", section="data"), get=PUBLIC),  # one file of it
    # The data resource catalogue and a resource's page (数源页), public; asking to open a resource
    # (数据开放申请) takes a signed-in person (scenes/resource_views.py).
    Row("data_resources", named("data_resources"), get=PUBLIC),
    Row("data_resource", fixed("/data/open-resource/"), get=PUBLIC),
    Row(
        "data_resource_ask",
        fixed("/data/open-resource/ask/"),
        get="405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        post=SIGNED_IN,
        data=lambda w: {"purpose": "用于研究"},
    ),
    Row("scene_statistics", named("scene_statistics"), get=PUBLIC),
    Row("scene_feed_rss", named("scene_feed_rss"), get=PUBLIC),
    Row("scene_feed_atom", named("scene_feed_atom"), get=PUBLIC),
    Row("catalogue", fixed("/scenes/city/jinan/"), get=PUBLIC),
    # A need's follow toggle and comments (scenes/views.py): POST only, then signed-in people only;
    # a need that is not live and public is a 404 for everyone (tests/scenes/test_need_interactions.py).
    Row(
        "need_follow",
        named("need_follow", pk=lambda w: w.showcase.need.pk),
        get="405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        post=SIGNED_IN,
    ),
    Row(
        "need_comment",
        named("need_comment", pk=lambda w: w.showcase.need.pk),
        get="405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        post=SIGNED_IN,
        data=lambda w: {"body": "这个需求很实在。"},
    ),
    # Wagtail's page serving behind our page and route caches (cms/page_serving.py); the page tree's
    # own pages are sampled at the end (SAMPLES), restricted and draft pages among them.
    Row("wagtail_serve", fixed("/"), get=PUBLIC),
    # ------------------------------------------------------------------ accounts
    # The landing: visitors to the login page, everyone else to their workspace (or the chooser).
    Row("contests:account_home", named("contests:account_home"), get="login ok ok ok ok ok ok ok ok ok ok ok ok ok"),
    Row("contests:signup", named("contests:signup"), get="ok ok ok ok ok ok ok ok ok ok ok ok ok ok"),
    Row("contests:signup_done", named("contests:signup_done"), get=PUBLIC),
    Row(
        "contests:verify_email",
        named("contests:verify_email", uidb64="MQ", token="forged"),
        get="400 400 400 400 400 400 400 400 400 400 400 400 400 400",
    ),
    Row(
        "contests:resend_verification",
        named("contests:resend_verification"),
        get=PUBLIC,
        post=PUBLIC,
        data=lambda w: {"email": "nobody@example.org"},
    ),
    Row("contests:login", named("contests:login"), get=PUBLIC),
    Row(
        "contests:logout",
        named("contests:logout"),
        get="405 405 405 405 405 405 405 405 405 405 405 405 405 405",
        post=PUBLIC,
    ),
    Row("contests:password_reset", named("contests:password_reset"), get=PUBLIC),
    Row("contests:password_reset_done", named("contests:password_reset_done"), get=PUBLIC),
    Row(
        "contests:password_reset_confirm",
        named("contests:password_reset_confirm", uidb64="MQ", token="forged"),
        get=PUBLIC,
    ),
    Row("contests:password_reset_complete", named("contests:password_reset_complete"), get=PUBLIC),
    Row("contests:password_change", named("contests:password_change"), get=SIGNED_IN),
    Row("contests:profile", named("contests:profile"), get=SIGNED_IN),
    # ------------------------------------------------------------------ team portal
    Row("contests:dashboard", named("contests:dashboard"), get=SIGNED_IN),
    Row("contests:team_create", named("contests:team_create", contest_slug="sweep-judging"), get=SIGNED_IN),
    Row("contests:team_detail", named("contests:team_detail", pk=lambda w: J(w).team.pk), get=TEAM_AND_ORG),
    Row(
        "contests:team_invite",
        named("contests:team_invite", pk=lambda w: J(w).team.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,
        data=lambda w: {"email": "sweep-new@example.org", "role": "member"},
    ),
    Row(
        "contests:invitation_revoke",
        named("contests:invitation_revoke", pk=lambda w: J(w).team.pk, invitation_pk=lambda w: J(w).team_invitation.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,
    ),
    Row(
        "contests:team_transfer",
        named("contests:team_transfer", pk=lambda w: J(w).team.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,
        data=lambda w: {"new_leader": J(w).member.pk, "confirm": "yes"},
    ),
    Row(
        "contests:team_leave",
        named("contests:team_leave", pk=lambda w: J(w).team.pk),
        get=POST_ONLY,
        data=lambda w: {"confirm": "yes"},
    ),
    Row(
        "contests:team_remove_member",
        named("contests:team_remove_member", pk=lambda w: J(w).team.pk, user_pk=lambda w: J(w).member.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,
        data=lambda w: {"confirm": "yes"},
    ),
    Row(
        "contests:invitation",
        named("contests:invitation", token=lambda w: J(w).team_invitation_token),
        get="ok 404 404 404 404 404 404 404 404 404 404 404 404 404",
    ),
    # ------------------------------------------------------------------ entries and files
    Row("contests:entry_create", named("contests:entry_create", team_pk=lambda w: J(w).team.pk), get=TEAM_ONLY),
    Row("contests:entry_detail", named("contests:entry_detail", uuid=_entry), get=TEAM_AND_ORG),
    Row("contests:entry_edit", named("contests:entry_edit", uuid=lambda w: J(w).draft.uuid), get=TEAM_ACTS),
    # The entry's data uses and findings: its team and organisers read; only the team writes.
    Row(
        "contests:entry_data",
        named("contests:entry_data", uuid=lambda w: J(w).draft.uuid),
        get=TEAM_AND_ORG,
        post=TEAM_ACTS,
        data=lambda w: {"action": "finding"},
    ),
    Row(
        "contests:entry_submit",
        named("contests:entry_submit", uuid=lambda w: J(w).draft.uuid),
        get=TEAM_ACTS,  # the review page before submitting
        post=TEAM_ACTS,
        data=lambda w: {"version": J(w).draft.version},
    ),
    Row(
        "contests:entry_withdraw",
        named("contests:entry_withdraw", uuid=_entry),
        get=TEAM_ACTS,  # the page that says what withdrawing means
        post=TEAM_ACTS,
    ),
    Row(
        "contests:entry_receipt",
        named("contests:entry_receipt", uuid=_entry, code=lambda w: J(w).receipt),
        get=TEAM_AND_ORG,
    ),
    Row(
        "contests:entry_receipt_pdf",
        named("contests:entry_receipt_pdf", uuid=_entry, code=lambda w: J(w).receipt),
        get=TEAM_AND_ORG,
    ),
    Row(
        "contests:entry_file_upload",
        named("contests:entry_file_upload", uuid=lambda w: J(w).draft.uuid, kind="proposal"),
        get=POST_ONLY,
        post=TEAM_ACTS,
    ),
    Row(
        "contests:entry_file_download",
        named("contests:entry_file_download", uuid=_entry, file_id=lambda w: J(w).entry_file.pk),
        get=TEAM_AND_ORG,
    ),
    Row(
        "contests:entry_file_remove",
        named("contests:entry_file_remove", uuid=_entry, file_id=lambda w: J(w).entry_file.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,
    ),
    # ------------------------------------------------------------------ results for teams (issue #6)
    Row(
        "contests:entry_feedback",
        named("contests:entry_feedback", uuid=lambda w: R(w).entry.uuid, round_id=lambda w: R(w).round.pk),
        get=TEAM_AND_ORG,
    ),
    Row(
        "contests:entry_appeal",
        named("contests:entry_appeal", uuid=lambda w: R(w).entry.uuid, round_id=lambda w: R(w).round.pk),
        get=TEAM_AND_ORG,
        post="login 400 404 404 404 404 404 404 404 404 404 404 404 404",
        data=lambda w: {"reasons": "越权申诉：这段文字不应被保存，因为提交者不是该团队成员。"},
    ),
    Row(
        "contests:appeal_attachment",
        named("contests:appeal_attachment", appeal_id=lambda w: R(w).appeal.pk, file_id=lambda w: R(w).attachment.pk),
        get=TEAM_AND_ORG,
    ),
    Row(
        "contests:award_certificate",
        named("contests:award_certificate", number=lambda w: R(w).award.certificate_number),
        get=TEAM_AND_ORG,
    ),
    Row("contests:export_download", named("contests:export_download", pk=lambda w: J(w).export.pk), get=ORG_404),
    # ------------------------------------------------------------------ the data desk (issue #16)
    # The team's 赛题 data: its members (advisers too) and organisers see it; only leader and members act.
    Row("contests:team_data", named("contests:team_data", pk=lambda w: J(w).team.pk), get=TEAM_AND_ORG),
    Row(
        "contests:team_data_apply",
        named("contests:team_data_apply", pk=lambda w: J(w).team.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,  # the empty form comes back with its errors
    ),
    Row(
        "contests:data_agreement_accept",
        named("contests:data_agreement_accept", pk=lambda w: J(w).team.pk, agreement_pk=lambda w: D(w).agreement.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,
    ),
    Row(
        "contests:data_request_withdraw",
        named("contests:data_request_withdraw", pk=lambda w: J(w).team.pk, request_pk=lambda w: D(w).pending.pk),
        get=POST_ONLY,
        post=TEAM_ACTS,
    ),
    # A link made for the team's leader: nobody else gets the file, organisers included.
    Row(
        "contests:data_download",
        lambda w, role: reverse(
            "contests:data_download", args=[datadesk.download_token(D(w).approved, D(w).file, D(w).leader)]
        ),
        get="login ok 404 404 404 404 404 404 404 404 404 404 404 404",
    ),
    # The unit's side (/unit/): the unit's members and organisers; 404 per object for another unit's
    # members (tests/contests/datadesk/test_units.py).
    Row("contests:units:data_requests", named("contests:units:data_requests"), get=DESK_LIST),
    Row(
        "contests:units:data_request_decide",
        named("contests:units:data_request_decide", pk=lambda w: D(w).pending.pk),
        get=DESK_OBJECT,
        post=DESK_OBJECT,  # without "confirm": the confirmation page
        data=lambda w: {"decision": "approve", "reason": "", "version": D(w).pending.version},
    ),
    Row(
        "contests:units:data_request_revoke",
        named("contests:units:data_request_revoke", pk=lambda w: D(w).approved.pk),
        get=DESK_OBJECT,
        post=DESK_OBJECT,  # without "confirm": the form again
        data=lambda w: {"reason": "越权撤销", "version": D(w).approved.version},
    ),
    Row("contests:units:data_access_log", named("contests:units:data_access_log"), get=DESK_LIST),
    Row("contests:units:data_access_log_export", named("contests:units:data_access_log_export"), get=DESK_LIST),
]


def judging_code(world, role):
    """A judge's own assignment: the conflicted judge addresses the conflicted one."""
    if role == "judge_conflicted":
        return world.judging.conflicted_assignment.code
    return world.judging.assignment.code


def by_code(name, **extra):
    return lambda world, role: reverse(name, kwargs={"code": judging_code(world, role), **extra})


ROWS += [
    # ------------------------------------------------------------------ judge portal
    Row(
        "contests:judging:dashboard",
        named("contests:judging:dashboard"),
        get="login deny deny ok ok ok deny deny deny deny deny deny deny deny",
    ),
    Row(
        "contests:judging:round",
        named("contests:judging:round", round_id=lambda w: J(w).round.pk),
        get="login 404 404 ok ok ok 404 404 404 404 404 404 404 404",
    ),
    Row(
        "contests:judging:assignment",
        by_code("contests:judging:assignment"),
        get=OWN_ASSIGNMENT,
        post=OWN_ASSIGNMENT,
        data=lambda w: {"version": 0, "comment": "越权评分", "action": "submit"},
    ),
    Row("contests:judging:declare", by_code("contests:judging:declare"), get=POST_ONLY, post=OWN_ASSIGNMENT),
    Row("contests:judging:recuse", by_code("contests:judging:recuse"), get=OWN_ASSIGNMENT, post=OWN_ASSIGNMENT),
    Row("contests:judging:file", by_code("contests:judging:file", position=1), get=OWN_ASSIGNMENT),
    Row(
        "contests:judging:others",
        by_code("contests:judging:others"),
        get="login 404 404 404 404 404 404 404 404 404 404 404 404 404",
    ),
    Row(
        "contests:judging:invitation",
        named("contests:judging:invitation", token=lambda w: J(w).judge_invitation_token),
        get=PUBLIC,
    ),
]

# ---------------------------------------------------------------------- unit workspace
# Only a unit's members act in /unit/ (superusers neither: acting in a unit's name takes a membership).
# The membership check comes before any lookup or method check; another unit's objects are a 404.
#                 anon  team  other jas   jnot  jconf edown edoth mod   org   su    unit  ounit signd
UNIT_LIST = "     login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  ok    ok    deny"
UNIT_OBJECT = "   login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  ok    404   deny"
# Upload and removal of a data file take POST only; the method is checked before the object.
UNIT_POST_ONLY = "login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  405   405   deny"
U = lambda w: w.units  # noqa: E731
_challenge = {"pk": lambda w: U(w).challenge.pk}
ROWS += [
    Row("contests:units:dashboard", named("contests:units:dashboard"), get=UNIT_LIST),
    Row("contests:units:challenge_new", named("contests:units:challenge_new"), get=UNIT_LIST, post=UNIT_LIST),
    Row("contests:units:challenge", named("contests:units:challenge", **_challenge), get=UNIT_OBJECT, post=UNIT_OBJECT),
    Row(
        "contests:units:challenge_accept",
        named("contests:units:challenge_accept", **_challenge),
        get=UNIT_OBJECT,
        post=UNIT_OBJECT,
    ),
    Row("contests:units:offer_add", named("contests:units:offer_add", **_challenge), get=UNIT_OBJECT, post=UNIT_OBJECT),
    # The offer form's resource picker asks this (contests/units/views/offers.py): the unit's members.
    Row(
        "contests:units:offer_resource_search",
        named("contests:units:offer_resource_search", **_challenge),
        get=UNIT_OBJECT,
    ),
    Row(
        "contests:units:offer_edit",
        named("contests:units:offer_edit", offer_id=lambda w: U(w).offer.pk, **_challenge),
        get=UNIT_OBJECT,
        post=UNIT_OBJECT,
    ),
    Row(
        "contests:units:offer_remove",
        named("contests:units:offer_remove", offer_id=lambda w: U(w).offer.pk, **_challenge),
        get=UNIT_OBJECT,
        post=UNIT_OBJECT,
    ),
    Row(
        "contests:units:file_upload",
        named("contests:units:file_upload", offer_id=lambda w: U(w).offer.pk, **_challenge),
        get=UNIT_POST_ONLY,
        post=UNIT_OBJECT,
    ),
    Row(
        "contests:units:file_remove",
        named(
            "contests:units:file_remove", offer_id=lambda w: U(w).offer.pk, file_id=lambda w: U(w).file.pk, **_challenge
        ),
        get=UNIT_POST_ONLY,
        post=UNIT_OBJECT,
    ),
    Row("contests:units:findings", named("contests:units:findings"), get=UNIT_LIST),
    Row(
        "contests:units:finding",
        named("contests:units:finding", pk=lambda w: U(w).finding.pk),
        get=UNIT_OBJECT,
        post=UNIT_OBJECT,
    ),
    Row("contests:units:open_requests", named("contests:units:open_requests"), get=UNIT_LIST),
    Row(
        "contests:units:open_request",
        named("contests:units:open_request", pk=lambda w: U(w).open_request.pk),
        get=UNIT_OBJECT,
        post=UNIT_OBJECT,
    ),
]

# ---------------------------------------------------------------------- our Wagtail admin pages

# The object each of our admin viewsets addresses by ``pk``.
VIEWSET_OBJECTS = {
    "contest_contests": lambda w: J(w).contest,
    "contest_tracks": lambda w: J(w).track,
    "contest_rounds": lambda w: J(w).round,
    "contest_teams": lambda w: J(w).team,
    "contest_members": lambda w: J(w).team.memberships.order_by("pk").first(),
    "contest_entries": lambda w: J(w).entry,
    "contest_audit": lambda w: J(w).contest.audit_events.order_by("pk").first(),
    "judging_judges": lambda w: J(w).judges["assigned"],
    "judging_criteria": lambda w: J(w).round.criteria.order_by("pk").first(),
    "judging_assignments": lambda w: J(w).assignment,
    "judging_scores": lambda w: J(w).score,
    "award_categories": lambda w: R(w).category,
    "calendar_days": lambda w: CalendarDay.objects.order_by("pk").first(),
    "need_comments": lambda w: w.showcase.need_comment,
    "contest_units": lambda w: w.units.unit,
    "contest_unit_members": lambda w: w.units.membership,
    "contest_challenges": lambda w: w.units.challenge,
    "wagtailsnippets_scenes_node": lambda w: w.showcase.scene.node,
    "wagtailsnippets_scenes_domain": lambda w: w.showcase.domain,
    "wagtailsnippets_scenes_dataresource": lambda w: w.showcase.data_resource,
    "wagtailsnippets_scenes_provider": lambda w: w.showcase.solution.provider,
    "wagtailsnippetchoosers_scenes_node": lambda w: w.showcase.scene.node,
    "wagtailsnippetchoosers_scenes_domain": lambda w: w.showcase.domain,
    "wagtailsnippetchoosers_scenes_dataresource": lambda w: w.showcase.data_resource,
    "wagtailsnippetchoosers_scenes_provider": lambda w: w.showcase.solution.provider,
}
MODEL_ACTIONS = ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "inspect")
SNIPPET_ACTIONS = ("list", "list_results", "add", "edit", "delete", "usage", "history", "history_results", "inspect")
CHOOSER_ACTIONS = ("choose", "choose_results", "chosen", "chosen_multiple", "create")
WITH_PK = {"edit", "delete", "history", "history_results", "usage", "inspect", "chosen"}


def _viewset_url(namespace, action):
    def build(world, role):
        if action in WITH_PK:
            return reverse(f"{namespace}:{action}", kwargs={"pk": VIEWSET_OBJECTS[namespace](world).pk})
        return reverse(f"{namespace}:{action}")

    return build


def viewset(namespace, actions, **expected):
    """One row per action of a generic Wagtail viewset; ``expected`` gives each action's outcomes."""
    assert set(expected) == set(actions), f"{namespace}: {set(actions) ^ set(expected)}"
    return [Row(f"{namespace}:{action}", _viewset_url(namespace, action), get=expected[action]) for action in actions]


CHANGE_ACTIONS = ("add", "edit", "delete")


def model_viewset(namespace, *, view, change, actions=MODEL_ACTIONS, **overrides):
    """Organisers' viewsets: ``view`` for the list and read-only pages, ``change`` for add/edit/delete,
    ``overrides`` for single actions."""
    grid = dict.fromkeys(actions, view) | dict.fromkeys(CHANGE_ACTIONS, change) | overrides
    return viewset(namespace, actions, **grid)


# Deleting a contest (and everything PROTECTed under it) is for superusers only.
ROWS += model_viewset("contest_contests", view=ORGANISERS, change=ORGANISERS, delete=SUPERUSER)
ROWS += model_viewset("contest_tracks", view=ORGANISERS, change=ORGANISERS)
ROWS += model_viewset("contest_rounds", view=ORGANISERS, change=ORGANISERS)
ROWS += model_viewset("judging_criteria", view=ORGANISERS, change=ORGANISERS)
ROWS += model_viewset("award_categories", view=ORGANISERS, change=ORGANISERS, actions=MODEL_ACTIONS[:-1])
# The working-day calendar (设置 › 节假日安排): organisers keep it (contests' migration 0015).
ROWS += model_viewset("calendar_days", view=ORGANISERS, change=ORGANISERS, actions=MODEL_ACTIONS[:-1])
# Teams come from the portal (sign-up), judges from invitations: organisers edit, never add/delete.
ROWS += model_viewset("contest_teams", view=ORGANISERS, change=ORGANISERS, add=SUPERUSER, delete=SUPERUSER)
ROWS += model_viewset("judging_judges", view=ORGANISERS, change=ORGANISERS, delete=SUPERUSER)
# Units and their members are the organisers' (deleting a unit: superusers; a membership has nothing
# to edit: added by e-mail, removed); 赛题 come from the units' workspace, organisers change the
# review flag and order only.
ROWS += model_viewset("contest_units", view=ORGANISERS, change=ORGANISERS, delete=SUPERUSER)
ROWS += model_viewset(
    "contest_unit_members",
    view=ORGANISERS,
    change=ORGANISERS,
    actions=tuple(a for a in MODEL_ACTIONS if a != "inspect"),
    edit=SUPERUSER,
    usage=SUPERUSER,
)
ROWS += model_viewset("contest_challenges", view=ORGANISERS, change=ORGANISERS, add=SUPERUSER, delete=SUPERUSER)
# Members, entries, assignments, scores and the audit trail change only through the services
# (ReadOnlyPermissionPolicy): organisers list and inspect them; nobody, not even a superuser,
# edits them here, and the history and usage pages (which need "change") are closed as well.
NOBODY_IN_ADMIN = "login deny deny deny deny deny deny deny deny deny deny deny deny deny"
for _namespace in ("contest_members", "contest_entries", "contest_audit", "judging_assignments", "judging_scores"):
    ROWS += viewset(
        _namespace,
        MODEL_ACTIONS,
        **dict.fromkeys(MODEL_ACTIONS, NOBODY_IN_ADMIN)
        | dict.fromkeys(("index", "index_results", "inspect"), ORGANISERS),
    )
# The needs' comments (scenes/need_admin.py): the provincial moderators list them and hide one with a
# reason; comments are the public's, so nobody adds or deletes them in the admin.
ROWS += viewset(
    "need_comments",
    MODEL_ACTIONS,
    **dict.fromkeys(MODEL_ACTIONS, MODERATORS) | dict.fromkeys(("add", "delete"), NOBODY_IN_ADMIN),
)
# The scene taxonomy belongs to the provincial moderators (and superusers); deleting, to superusers.
# Every admin user may use the choosers (editors pick a city or domain on a scene), not create in them.
for _model in ("node", "domain", "dataresource", "provider"):
    ROWS += viewset(
        f"wagtailsnippets_scenes_{_model}",
        SNIPPET_ACTIONS,
        **dict.fromkeys(SNIPPET_ACTIONS, MODERATORS) | {"delete": SUPERUSER},
    )
    ROWS += viewset(
        f"wagtailsnippetchoosers_scenes_{_model}",
        CHOOSER_ACTIONS,
        **dict.fromkeys(CHOOSER_ACTIONS, STAFF) | {"create": MODERATORS},
    )


def admin(name, **kwargs_of):
    return named(name, **kwargs_of)


ROWS += [
    # Eligibility review
    Row("contest_eligibility", admin("contest_eligibility"), get=ORGANISERS),
    Row("contest_eligibility_entry", admin("contest_eligibility_entry", pk=lambda w: J(w).entry.pk), get=ORGANISERS),
    # Exports and imports
    Row("contest_exports:index", admin("contest_exports:index"), get=ORGANISERS),
    Row("contest_exports:new", admin("contest_exports:new"), get=ORGANISERS),
    Row("contest_exports:detail", admin("contest_exports:detail", pk=lambda w: J(w).export.pk), get=ORGANISERS),
    Row("contest_exports:status", admin("contest_exports:status", pk=lambda w: J(w).export.pk), get=ORGANISERS),
    Row("contest_exports:import", admin("contest_exports:import"), get=ORGANISERS),
    Row(
        "contest_exports:import_template",
        admin("contest_exports:import_template", kind="teams", contest_pk=lambda w: J(w).contest.pk),
        get=ORGANISERS,
    ),
    # 数据服务: the organiser's view of the data desk (figures, overdue requests, access log, exports)
    Row("contest_datadesk:index", admin("contest_datadesk:index"), get=ORGANISERS),
    Row(
        "contest_datadesk:contest",
        admin("contest_datadesk:contest", contest_id=lambda w: J(w).contest.pk),
        get=ORGANISERS,
    ),
    Row(
        "contest_datadesk:figures_export",
        admin("contest_datadesk:figures_export", contest_id=lambda w: J(w).contest.pk),
        get=ORGANISERS,
    ),
    Row(
        "contest_datadesk:overdue",
        admin("contest_datadesk:overdue", contest_id=lambda w: J(w).contest.pk),
        get=ORGANISERS,
    ),
    Row("contest_datadesk:log", admin("contest_datadesk:log", contest_id=lambda w: J(w).contest.pk), get=ORGANISERS),
    Row(
        "contest_datadesk:log_export",
        admin("contest_datadesk:log_export", contest_id=lambda w: J(w).contest.pk),
        get=ORGANISERS,
    ),
    # Organisers fix a team's membership (remove a member, name a new leader)
    Row(
        "team_admin:remove_member",
        admin("team_admin:remove_member", membership_id=lambda w: J(w).team.memberships.get(user=J(w).member).pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"reason": "越权移出"},
    ),
    Row(
        "team_admin:make_leader",
        admin("team_admin:make_leader", membership_id=lambda w: J(w).team.memberships.get(user=J(w).member).pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"reason": "越权设为队长"},
    ),
    # Judging administration
    Row("judging_rounds:index", admin("judging_rounds:index"), get=ORGANISERS),
    Row("judging_rounds:round", admin("judging_rounds:round", round_id=lambda w: J(w).round.pk), get=ORGANISERS),
    Row("judging_rounds:results", admin("judging_rounds:results", round_id=lambda w: J(w).round.pk), get=ORGANISERS),
    Row(
        "judging_rounds:why",
        admin("judging_rounds:why", round_id=lambda w: J(w).round.pk, entry_id=lambda w: J(w).entry.pk),
        get=ORGANISERS,
    ),
    Row("judging_rounds:judges", admin("judging_rounds:judges", round_id=lambda w: J(w).round.pk), get=ORGANISERS),
    Row(
        "judging_rounds:add_assignment",
        admin("judging_rounds:add_assignment", round_id=lambda w: J(w).round.pk),
        get=ORGANISERS,
    ),
    # 安排出题单位评审: the confirmation page and the action, organisers only.
    Row(
        "judging_rounds:unit_reviewers",
        admin("judging_rounds:unit_reviewers", round_id=lambda w: J(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
    ),
    Row(
        "judging_rounds:remove_assignment",
        admin("judging_rounds:remove_assignment", assignment_id=lambda w: J(w).assignment.pk),
        get=ORGANISERS,
        post=ORGANISERS,
    ),
    Row(
        "judging_rounds:keep_judge",
        admin("judging_rounds:keep_judge", flag_id=lambda w: J(w).conflict_flag.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"reason": "越权保留评委"},
    ),
    Row(
        "judging_rounds:reopen_score",
        admin("judging_rounds:reopen_score", score_id=lambda w: J(w).score.pk),
        get=ORGANISERS,
        post=ORGANISERS,
    ),
    Row(
        "judging_rounds:invite",
        admin("judging_rounds:invite", judge_id=lambda w: J(w).judges["assigned"].pk),
        get=ORGANISERS,
        post=ORGANISERS,
    ),
    # Outcomes (issue #6): advancement, awards, publication and appeals, overview, promotion
    Row("outcomes_advancement:index", admin("outcomes_advancement:index"), get=ORGANISERS),
    Row(
        "outcomes_advancement:round",
        admin("outcomes_advancement:round", round_id=lambda w: J(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"method": "top_n", "parameter": "1", "next_round": "", "confirm": "1"},
    ),
    Row(
        "outcomes_advancement:decision",
        admin("outcomes_advancement:decision", round_id=lambda w: J(w).round.pk),
        get="login deny deny deny deny deny deny deny deny 404 404 deny deny deny",
    ),
    Row("awards:index", admin("awards:index"), get=ORGANISERS),
    Row("awards:round", admin("awards:round", round_id=lambda w: R(w).round.pk), get=ORGANISERS),
    Row(
        "awards:apply",
        admin("awards:apply", round_id=lambda w: R(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
    ),
    Row(
        "awards:grant",
        admin("awards:grant", round_id=lambda w: R(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"entry": R(w).other_entry.pk, "category": R(w).category.pk, "reason": "越权授奖"},
    ),
    Row(
        "awards:revoke",
        admin("awards:revoke", award_id=lambda w: R(w).award.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"reason": "越权撤销"},
    ),
    # The entry chooser of the award grant form (?round=): organisers only, as it shows team names.
    Row(
        "contest_entry_chooser:choose",
        fixed(lambda w: reverse("contest_entry_chooser:choose") + f"?round={R(w).round.pk}"),
        get=ORGANISERS,
    ),
    Row(
        "contest_entry_chooser:choose_results",
        fixed(lambda w: reverse("contest_entry_chooser:choose_results") + f"?round={R(w).round.pk}&q=获奖"),
        get=ORGANISERS,
    ),
    Row(
        "contest_entry_chooser:chosen",
        fixed(lambda w: reverse("contest_entry_chooser:chosen", args=[R(w).entry.pk]) + f"?round={R(w).round.pk}"),
        get=ORGANISERS,
    ),
    Row(
        "contest_entry_chooser:chosen_multiple",
        fixed(
            lambda w: reverse("contest_entry_chooser:chosen_multiple") + f"?round={R(w).round.pk}&id={R(w).entry.pk}"
        ),
        get=ORGANISERS,
    ),
    Row("contest_entry_chooser:create", admin("contest_entry_chooser:create"), get=NOBODY_IN_ADMIN),
    Row("outcomes_publication:index", admin("outcomes_publication:index"), get=ORGANISERS),
    Row(
        "outcomes_publication:round",
        admin("outcomes_publication:round", round_id=lambda w: R(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"action": "finalise"},
    ),
    Row(
        "outcomes_publication:appeal",
        admin("outcomes_publication:appeal", appeal_id=lambda w: R(w).appeal.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"upheld": "false", "review": "越权复核：这段文字不应被保存。"},
    ),
    Row(
        "outcomes_publication:appeal_file",
        admin(
            "outcomes_publication:appeal_file", appeal_id=lambda w: R(w).appeal.pk, file_id=lambda w: R(w).attachment.pk
        ),
        get=ORGANISERS,
    ),
    Row("outcomes_dashboard:index", admin("outcomes_dashboard:index"), get=ORGANISERS),
    Row(
        "outcomes_dashboard:contest",
        admin("outcomes_dashboard:contest", contest_id=lambda w: J(w).contest.pk),
        get=ORGANISERS,
    ),
    Row("outcomes_promotion:index", admin("outcomes_promotion:index"), get=ORGANISERS),
    Row(
        "outcomes_promotion:contest",
        admin("outcomes_promotion:contest", contest_id=lambda w: R(w).contest.pk),
        get=ORGANISERS,
    ),
    Row(
        "outcomes_promotion:promote",
        admin("outcomes_promotion:promote", entry_id=lambda w: R(w).entry.pk),
        get=ORGANISERS,
        post=ORGANISERS,
    ),
]

# Adoption milestones (落地, contests/portal/views/adoption.py, contests/organiser/adoption.py,
# contests/units/views/adoption.py): the team's own pages; evidence for the team, the milestone's
# reviewers (its city's editors, moderators, its unit) and organisers; the admin's 落地确认 for node
# editors (another city's milestone is a 404; organisers read but do not decide); the unit workspace's.
A = lambda w: w.adoption  # noqa: E731
_entry_uuid = {"uuid": lambda w: R(w).entry.uuid}
_milestone = {"pk": lambda w: A(w).milestone.pk}
#                      anon  team  other jas   jnot  jconf edown edoth mod   org   su    unit  ounit signd
EVIDENCE = "           login ok    404   404   404   404   ok    404   ok    ok    ok    ok    404   404"
ADMIN_MILESTONE = "    login deny  deny  deny  deny  deny  ok    404   ok    ok    ok    deny  deny  deny"
ADMIN_DECIDE = "       login deny  deny  deny  deny  deny  ok    404   ok    deny  ok    deny  deny  deny"


def _milestone_form(world):
    return {
        "kind": "pilot",
        "title": "在济南开展试点",
        "happened_on": "2025-10-01",
        "node": world.adoption.milestone.node_id,
        "version": 1,
    }


ROWS += [
    Row("contests:entry_adoption", named("contests:entry_adoption", **_entry_uuid), get=TEAM_ONLY),
    Row(
        "contests:milestone_create",
        named("contests:milestone_create", **_entry_uuid),
        get=TEAM_ONLY,
        post=TEAM_ONLY,
        data=_milestone_form,
    ),
    Row(
        "contests:milestone_edit",
        named("contests:milestone_edit", **_entry_uuid, **_milestone),
        get=TEAM_ONLY,
        post=TEAM_ONLY,
        data=_milestone_form,
    ),
    Row(
        "contests:milestone_evidence_upload",
        named("contests:milestone_evidence_upload", **_entry_uuid, **_milestone),
        get=POST_ONLY,
        post=TEAM_ONLY,
    ),
    Row(
        "contests:milestone_evidence",
        named("contests:milestone_evidence", file_id=lambda w: A(w).evidence.pk),
        get=EVIDENCE,
    ),
    Row("adoption_review", named("adoption_review"), get=STAFF),
    Row("adoption_review_milestone", named("adoption_review_milestone", **_milestone), get=ADMIN_MILESTONE),
    Row(
        "adoption_review_decide",
        named("adoption_review_decide", decision="more_info", **_milestone),
        get=ADMIN_DECIDE,
        post=ADMIN_DECIDE,
        data=lambda w: {"note": "请补充上线通知", "version": 1},
    ),
    Row("contests:units:adoption", named("contests:units:adoption"), get=UNIT_LIST),
    Row("contests:units:adoption_milestone", named("contests:units:adoption_milestone", **_milestone), get=UNIT_OBJECT),
    Row(
        "contests:units:adoption_decide",
        named("contests:units:adoption_decide", decision="reject", **_milestone),
        get=UNIT_OBJECT,
        post=UNIT_OBJECT,
        data=lambda w: {"note": "材料不符", "version": 1},
    ),
]

# The pages API is Wagtail's, served through our subclass (cms/api.py: prefetching for scenes and
# solutions): public, live pages only — drafts and private pages are sampled further down.
ROWS += [
    Row(
        "wagtailapi:pages:listing",
        fixed("/api/v2/pages/?type=scenes.ScenePage&fields=*"),
        get="ok ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    Row(
        "wagtailapi:pages:detail",
        lambda w, role: f"/api/v2/pages/{w.showcase.scene.pk}/",
        get="ok ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    Row(
        "wagtailapi:pages:find",
        lambda w, role: f"/api/v2/pages/find/?html_path={w.showcase.scene.url}",
        get="ok ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
]
# Images and documents: Wagtail's endpoints through our subclasses (cms/api.py: links from the site
# address); public, as Wagtail's own are.
ROWS += [
    Row("wagtailapi:images:listing", fixed("/api/v2/images/"), get=PUBLIC),
    Row("wagtailapi:images:detail", lambda w, role: f"/api/v2/images/{w.showcase.image.pk}/", get=PUBLIC),
    Row("wagtailapi:images:find", lambda w, role: f"/api/v2/images/find/?id={w.showcase.image.pk}", get=PUBLIC),
    Row("wagtailapi:documents:listing", fixed("/api/v2/documents/"), get=PUBLIC),
    Row("wagtailapi:documents:detail", lambda w, role: f"/api/v2/documents/{w.showcase.document.pk}/", get=PUBLIC),
    Row(
        "wagtailapi:documents:find",
        lambda w, role: f"/api/v2/documents/find/?id={w.showcase.document.pk}",
        get=PUBLIC,
    ),
]


# The data resources in the API (scenes/resource_api.py): the catalogue is public.
def _resource_pk(world):
    from scenes.models import DataResource

    return DataResource.objects.get(slug="open-resource").pk


ROWS += [
    Row("wagtailapi:data-resources:listing", fixed("/api/v2/data-resources/"), get=PUBLIC),
    Row("wagtailapi:data-resources:detail", lambda w, role: f"/api/v2/data-resources/{_resource_pk(w)}/", get=PUBLIC),
    Row(
        "wagtailapi:data-resources:find",
        lambda w, role: f"/api/v2/data-resources/find/?id={_resource_pk(w)}",
        get=PUBLIC,
    ),
]

# ---------------------------------------------------------------------- certificates anyone can verify (#17)
# Public, GET only. The sweep world's results are still under notice (公示), so its award cannot be
# verified yet: the same 404 for everyone, signed in or not (organisers included: the page is public).
NOT_FOUND_FOR_ALL = "404 404 404 404 404 404 404 404 404 404 404 404 404 404"
GET_ONLY = "405 405 405 405 405 405 405 405 405 405 405 405 405 405"
ROWS += [
    Row("contests:verify_lookup", named("contests:verify_lookup"), get=PUBLIC, post=GET_ONLY),
    Row(
        "contests:verify_certificate",
        named("contests:verify_certificate", number=lambda w: R(w).award.certificate_number),
        get=NOT_FOUND_FOR_ALL,
        post=GET_ONLY,
    ),
]

# Tracking surveys (#17, after the award): the winning team's survey page (only its own team: organisers
# read the answers in the admin) and the organiser's editor, response rates and answers.
S = lambda w: w.surveys  # noqa: E731


def _survey_editor_data(world):
    return {
        "title": "越权问卷",
        "months_after_award": "12",
        "open_days": "30",
        "q-TOTAL_FORMS": "1",
        "q-INITIAL_FORMS": "0",
        "q-0-key": "deployed",
        "q-0-label": "是否已上线？",
        "q-0-kind": "yesno",
    }


# Finalist confirmation with a waitlist (issue #17): the team's answer pages (leaders and members of
# the entry's team; everyone else 404) and the organiser's decision and replacement pages.
def _finalists(world):
    """The objects conftest._finalists_contest made (contest "sweep-finalists")."""
    from types import SimpleNamespace

    from contests.models import FinalistConfirmation

    rows = FinalistConfirmation.objects.filter(decision__round__contest__slug="sweep-finalists")
    pending = rows.get(entry__title="晋级作品")
    return SimpleNamespace(
        decision=pending.decision, confirmation=pending, declined=rows.get(entry__title="别队晋级作品")
    )


ROWS += [
    Row(
        "contests:entry_survey",
        named("contests:entry_survey", uuid=lambda w: S(w).entry.uuid, survey_id=lambda w: S(w).survey.pk),
        get=TEAM_ONLY,
        post="login 400 404 404 404 404 404 404 404 404 404 404 404 404",
        data=lambda w: {"q_deployed": "yes"},  # no confirmation: even the team's own POST saves nothing
    ),
    Row("outcomes_surveys:index", admin("outcomes_surveys:index"), get=ORGANISERS),
    Row(
        "outcomes_surveys:contest",
        admin("outcomes_surveys:contest", contest_id=lambda w: S(w).contest.pk),
        get=ORGANISERS,
    ),
    Row(
        "outcomes_surveys:create",
        admin("outcomes_surveys:create", contest_id=lambda w: S(w).contest.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=_survey_editor_data,
    ),
    Row(
        "outcomes_surveys:answers",
        admin("outcomes_surveys:answers", survey_id=lambda w: S(w).survey.pk),
        get=ORGANISERS,
    ),
    Row(
        "outcomes_surveys:edit",
        admin("outcomes_surveys:edit", survey_id=lambda w: S(w).survey.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=_survey_editor_data,
    ),
]

ROWS += [
    Row(
        "contests:finalist_confirm",
        named("contests:finalist_confirm", pk=lambda w: _finalists(w).confirmation.pk),
        get=TEAM_ONLY,
        post=TEAM_ONLY,
        data=lambda w: {"confirmed": "on"},
    ),
    Row(
        "contests:finalist_decline",
        named("contests:finalist_decline", pk=lambda w: _finalists(w).confirmation.pk),
        get=TEAM_ONLY,
        post=TEAM_ONLY,
        data=lambda w: {"confirmed": "on", "reason": "越权放弃"},
    ),
    Row("outcomes_finalists:index", admin("outcomes_finalists:index"), get=ORGANISERS),
    Row(
        "outcomes_finalists:decision",
        admin("outcomes_finalists:decision", decision_id=lambda w: _finalists(w).decision.pk),
        get=ORGANISERS,
    ),
    Row(
        "outcomes_finalists:replace",
        admin("outcomes_finalists:replace", pk=lambda w: _finalists(w).declined.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"entry": "0", "deadline": "2099-01-01T10:00", "confirmed": "on"},
    ),
]

# ---------------------------------------------------------------------- winner due diligence (issue #17)
# The team's case (submitted in the world, so no POST can change it): the award's team and organisers
# see it, everyone else gets 404; the organiser's pages in the awards section are for organisers only.
DD = lambda w: w.results.due_diligence  # noqa: E731
DD_REFUSED = "   login ok    404   404   404   404   404   404   404   ok    ok    404   404   404"
DD_SUBMIT_POST = "login 400   404   404   404   404   404   404   404   400   400   404   404   404"
ROWS += [
    Row(
        "contests:due_diligence_case",
        named("contests:due_diligence_case", case_id=lambda w: DD(w).case.pk),
        get=TEAM_AND_ORG,
    ),
    Row(
        "contests:due_diligence_submit",
        named("contests:due_diligence_submit", case_id=lambda w: DD(w).case.pk),
        get=TEAM_AND_ORG,
        post=DD_SUBMIT_POST,
        data=lambda w: {"version": DD(w).case.version},
    ),
    Row(
        "contests:due_diligence_upload",
        named("contests:due_diligence_upload", case_id=lambda w: DD(w).case.pk, kind="licences"),
        get=POST_ONLY,
        post=DD_REFUSED,
    ),
    Row(
        "contests:due_diligence_document",
        named(
            "contests:due_diligence_document", case_id=lambda w: DD(w).case.pk, document_id=lambda w: DD(w).document.pk
        ),
        get=TEAM_AND_ORG,
    ),
    Row(
        "contests:due_diligence_document_remove",
        named(
            "contests:due_diligence_document_remove",
            case_id=lambda w: DD(w).case.pk,
            document_id=lambda w: DD(w).document.pk,
        ),
        get=POST_ONLY,
        post=DD_REFUSED,
    ),
    Row("awards:due_diligence", admin("awards:due_diligence", round_id=lambda w: R(w).round.pk), get=ORGANISERS),
    Row(
        "awards:due_diligence_request",
        admin("awards:due_diligence_request", round_id=lambda w: R(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"documents": ["licences"], "deadline": "2099-01-01T10:00", "confirm": "on"},
    ),
    Row(
        "awards:due_diligence_case", admin("awards:due_diligence_case", case_id=lambda w: DD(w).case.pk), get=ORGANISERS
    ),
    Row(
        "awards:due_diligence_review",
        admin("awards:due_diligence_review", case_id=lambda w: DD(w).case.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"step": "confirm", "decision": "failed", "reason": "越权审核", "version": DD(w).case.version},
    ),
    Row(
        "awards:due_diligence_successor",
        admin("awards:due_diligence_successor", case_id=lambda w: DD(w).case.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"entry": R(w).other_entry.pk, "version": DD(w).case.version, "confirm": "on"},
    ),
    Row(
        "awards:due_diligence_document",
        admin(
            "awards:due_diligence_document", case_id=lambda w: DD(w).case.pk, document_id=lambda w: DD(w).document.pk
        ),
        get=ORGANISERS,
    ),
]

# Impact dashboard (#17): /impact/ and a contest's fact sheet are public (the sweep's results contest
# has a public page); the organiser's view with unconfirmed milestones is the organisers' only.
ROWS += [
    Row("contests:impact", named("contests:impact"), get=PUBLIC),
    Row("contests:impact_fact_sheet", named("contests:impact_fact_sheet", slug="sweep-results"), get=PUBLIC),
    Row("contest_impact", admin("contest_impact"), get=ORGANISERS),
]

# ---------------------------------------------------------------------- branch `divisions` (#18)
# The division workspace (/division/): its managers (the 济南 manager's division holds the swept team)
# and organisers; any other signed-in account is refused with a 403 page. Another city's division,
# team, entry or file is a 404 (tests/contests/divisions/test_workspace.py). In the admin:
# divisions, their track quotas, managers and moving a team are the organisers'.
PV = lambda w: w.provincial  # noqa: E731
#          anon  team other jas  jnot jconf edown edoth mod  org su unit ounit signd div exp  lead cont
DIVISION = "login deny deny deny deny deny deny deny deny ok ok deny deny deny ok deny deny deny"


def _division_url(name, **kwargs_of):
    at = {"contest_slug": lambda w: PV(w).division.contest.slug, "division_slug": lambda w: PV(w).division.slug}
    return named(f"contests:divisions:{name}", **at, **kwargs_of)


VIEWSET_OBJECTS["contest_divisions"] = lambda w: PV(w).division
VIEWSET_OBJECTS["contest_division_quotas"] = lambda w: PV(w).track_quota
ROWS += [
    Row("contests:divisions:home", named("contests:divisions:home"), get=DIVISION),
    *(
        Row(f"contests:divisions:{name}", _division_url(name), get=DIVISION)
        for name in ("dashboard", "teams", "entries", "judges", "export")
    ),
    Row("contests:divisions:team", _division_url("team", pk=lambda w: J(w).team.pk), get=DIVISION),
    Row("contests:divisions:entry", _division_url("entry", uuid=_entry), get=DIVISION),
    Row(
        "contests:divisions:entry_file",
        _division_url("entry_file", uuid=_entry, file_id=lambda w: J(w).entry_file.pk),
        get=DIVISION,
    ),
    Row(
        "contests:divisions:eligibility",
        _division_url("eligibility"),
        get=DIVISION,
        post=DIVISION,
        data=lambda w: {"entries": [J(w).entry.pk], "decision": "eligible", "confirming": "1", "confirm": "on"},
    ),
    Row(
        "contests:divisions:judge_invite",
        _division_url("judge_invite"),
        get=DIVISION,
        post=DIVISION,
        data=lambda w: {
            "name": "越权评委",
            "email": "intruder-judge@sweep.example",
            "organisation": "越权单位",
            "city": PV(w).division.node_id,
        },
    ),
    Row(
        "division_admin:managers",
        admin("division_admin:managers", division_id=lambda w: PV(w).division.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"email": "leader@sweep.example"},
    ),
    Row(
        "division_admin:remove_manager",
        admin(
            "division_admin:remove_manager",
            division_id=lambda w: PV(w).division.pk,
            user_id=lambda w: PV(w).manager.pk,
        ),
        get=ORGANISERS,
        post=ORGANISERS,
    ),
    Row(
        "division_admin:move_team",
        admin("division_admin:move_team", team_id=lambda w: J(w).team.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {
            "to_division": PV(w).other_division.pk,
            "reason": "越权调整",
            "confirm_step": "1",
            "confirm": "on",
        },
    ),
]
ROWS += model_viewset("contest_divisions", view=ORGANISERS, change=ORGANISERS)
ROWS += model_viewset("contest_division_quotas", view=ORGANISERS, change=ORGANISERS)
# ---------------------------------------------------------------------- branch calibration (#18)
# Calibration: the judges of the anchor's round (the swept round: assigned and not-assigned — who
# judges another entry of it) score anchors; anyone else gets a 404, and so does the conflicted judge
# (same organisation as the anchor's team): an anchor is never shown to a judge in conflict with it. The lead judge's
# workspace: only the lead judge of the swept track, through their own appointment (404 otherwise).
# The organiser's calibration, consensus and lead judge pages: organisers only.
CAL = lambda w: w.provincial.calibration  # noqa: E731
LEAD = lambda w: w.provincial.lead  # noqa: E731
#            anon  team  other jas   jnot  jconf edown edoth mod   org   su    unit  ounit signd dmgr  exp   lead  cont
CAL_LIST = "login deny  deny  ok    ok    ok    deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny"
CAL_ANCHOR = "login 404   404   ok    ok    404   404   404   404   404   404   404   404   404   404   404   404   404"
LEAD_HOME = "login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  ok    deny"
LEAD_ONLY = "login 404   404   404   404   404   404   404   404   404   404   404   404   404   404   404   ok    404"
_lead_panel = {"lead_id": lambda w: LEAD(w).pk, "round_id": lambda w: J(w).round.pk}
_lead_entry = {**_lead_panel, "entry_id": lambda w: J(w).entry.pk}
ROWS += [
    Row("contests:judging:calibration", named("contests:judging:calibration"), get=CAL_LIST),
    Row(
        "contests:judging:calibration_score",
        named("contests:judging:calibration_score", code=lambda w: CAL(w).anchor.code),
        get=CAL_ANCHOR,
        post=CAL_ANCHOR,
        data=lambda w: {"version": 0, "comment": "越权校准评分", "action": "save"},
    ),
    Row(
        "contests:judging:calibration_file",
        named("contests:judging:calibration_file", code=lambda w: CAL(w).anchor.code, position=1),
        get=CAL_ANCHOR,
    ),
    Row("contests:judging:lead", named("contests:judging:lead"), get=LEAD_HOME),
    Row("contests:judging:lead_panel", named("contests:judging:lead_panel", **_lead_panel), get=LEAD_ONLY),
    Row(
        "contests:judging:lead_remind",
        named("contests:judging:lead_remind", **_lead_panel),
        get=LEAD_ONLY,
        post=LEAD_ONLY,  # without "confirm": the confirmation page again
    ),
    Row(
        "contests:judging:lead_flag",
        named("contests:judging:lead_flag", **_lead_entry),
        get=LEAD_ONLY,
        post=LEAD_ONLY,
        data=lambda w: {"note": "越权标记分歧"},
    ),
    Row(
        "contests:judging:lead_consensus",
        named("contests:judging:lead_consensus", **_lead_entry),
        get=LEAD_ONLY,
        post=LEAD_ONLY,
        data=lambda w: {"value": "99", "reason": "越权合议", "version": 0},
    ),
    Row("judging_calibration:index", admin("judging_calibration:index"), get=ORGANISERS),
    Row(
        "judging_calibration:contest_leads",
        admin("judging_calibration:contest_leads", contest_id=lambda w: J(w).contest.pk),
        get=ORGANISERS,
        post=ORGANISERS,  # an empty form comes back with its errors
        data=lambda w: {"user": w.provincial.expert.user.pk, "track": J(w).track.pk},
    ),
    Row(
        "judging_calibration:end_lead",
        admin("judging_calibration:end_lead", lead_id=lambda w: LEAD(w).pk),
        get=ORGANISERS,
        post=ORGANISERS,  # without "confirm": the form again
    ),
    Row(
        "judging_calibration:round",
        admin("judging_calibration:round", round_id=lambda w: J(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"action": "note", "note": "越权纪要"},
    ),
    Row(
        "judging_calibration:close",
        admin("judging_calibration:close", round_id=lambda w: J(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,  # without "confirm": the form again
    ),
    Row(
        "judging_calibration:consensus",
        admin("judging_calibration:consensus", round_id=lambda w: J(w).round.pk),
        get=ORGANISERS,
    ),
    Row(
        "judging_calibration:consensus_entry",
        admin(
            "judging_calibration:consensus_entry", round_id=lambda w: J(w).round.pk, entry_id=lambda w: J(w).entry.pk
        ),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"value": "99", "reason": "越权合议", "version": 0},
    ),
]

# Branch division-rounds (#18): a division's first-round pages (/division/<contest>/<division>/rounds/…)
# for its managers and organisers, 404 for everyone else; the round is the judging contest's divisional
# round 5. The leaderboard row is 青岛's (the rival's division): the 济南 manager gets 404 there. The
# province dashboard in the admin is the organisers'.
#              anon  team other jas jnot jconf edown edoth mod org su  unit ounit signd dman exp lead cont
DIVISION = "   login 404  404   404 404  404   404   404   404 ok  ok  404  404   404   ok   404 404  404"
OTHER_DIVISION = "login 404 404   404 404  404   404   404   404 ok  ok  404  404   404   404  404 404  404"
# Advancing with nothing computed in the division: refused (400) for those who may act, nothing changed.
DIVISION_400 = "login 404  404   404 404  404   404   404   404 400 400 404  404   404   400  404 404  404"


def division_url(name, division=lambda w: w.judging.division_rounds.division):
    def build(world, role):
        kwargs = {"contest_slug": world.judging.contest.slug, "division_slug": division(world).slug}
        if name != "contests:divisions:rounds":
            kwargs["round_id"] = world.judging.division_rounds.round.pk
        return reverse(name, kwargs=kwargs)

    return build


def _confirmed(world):
    return {"confirmed": "on"}


ROWS += [
    Row("contests:divisions:rounds", division_url("contests:divisions:rounds"), get=DIVISION),
    Row(
        "contests:divisions:round_assign",
        division_url("contests:divisions:round_assign"),
        get=DIVISION,
        post=DIVISION,
        data=_confirmed,
    ),
    Row(
        "contests:divisions:round_compute",
        division_url("contests:divisions:round_compute"),
        get=DIVISION,
        post=DIVISION,
        data=_confirmed,
    ),
    Row(
        "contests:divisions:round_results",
        division_url("contests:divisions:round_results", division=lambda w: w.judging.division_rounds.other_division),
        get=OTHER_DIVISION,
    ),
    Row(
        "contests:divisions:round_advance",
        division_url("contests:divisions:round_advance"),
        get=DIVISION,
        post=DIVISION_400,
        data=_confirmed,
    ),
    Row("province_dashboard:index", named("province_dashboard:index"), get=ORGANISERS),
    Row(
        "province_dashboard:contest",
        named("province_dashboard:contest", contest_id=lambda w: w.judging.contest.pk),
        get=ORGANISERS,
    ),
]

# The expert pool (branch ``experts``: contests/experts/, contests/organiser/experts.py and
# expert_draws.py): the expert's own pages for anyone signed in (own row only; the invitation link
# for anyone holding it); the pool, its decisions and the draws for organisers only. The organiser's
# re-draw is refused with 400: nobody of the sweep's draw declined.
P = lambda w: w.provincial.pool  # noqa: E731
_EXPERT_ORG_400 = "login deny deny deny deny deny deny deny deny 400 400 deny deny deny"
ROWS += [
    Row(
        "contests:experts:apply",
        named("contests:experts:apply"),
        get=SIGNED_IN,
        post=SIGNED_IN,
        data=lambda w: {"name": "申请人"},  # incomplete: the form is shown again, nothing saved
    ),
    Row("contests:experts:me", named("contests:experts:me"), get=SIGNED_IN),
    Row("contests:experts:invitation", named("contests:experts:invitation", token=lambda w: P(w).token), get=PUBLIC),
    Row("expert_pool:index", admin("expert_pool:index"), get=ORGANISERS),
    Row(
        "expert_pool:invite",
        admin("expert_pool:invite"),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {
            "email": "new.expert@sweep.example",
            "name": "新专家",
            "organisation": "某大学",
            "domains": [P(w).domain.pk],
        },
    ),
    Row(
        "expert_pool:decide",
        admin("expert_pool:decide", expert_id=lambda w: w.provincial.expert.pk, decision="pause"),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"reason": "本年度暂停"},
    ),
    Row("expert_pool:rounds", admin("expert_pool:rounds"), get=ORGANISERS),
    Row(
        "expert_pool:draw_round",
        admin("expert_pool:draw_round", round_id=lambda w: J(w).round.pk),
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda w: {"count": 1, "domains": [P(w).domain.pk], "seed": "sweep-1", "confirm": "on"},
    ),
    Row("expert_pool:draw", admin("expert_pool:draw", draw_id=lambda w: P(w).draw.pk), get=ORGANISERS),
    Row(
        "expert_pool:redraw",
        admin("expert_pool:redraw", draw_id=lambda w: P(w).draw.pk),
        get=ORGANISERS,
        post=_EXPERT_ORG_400,
        data=lambda w: {"confirm": "on"},
    ),
]

# Real names (实名) and unit vetting (单位负责人确认) — branch identity (#18). The judging contest requires
# real names; the swept leader's proof (通过, one document) is in 济南; the unit contact's organisation is
# the swept team's. Refused POSTs are 400s (already reviewed, reason or confirmation missing).
IDENT = lambda w: w.provincial.identity  # noqa: E731
JUDGING_SLUG = lambda w: J(w).contest.slug  # noqa: E731
JINAN = {"contest_slug": JUDGING_SLUG, "division_slug": "jinan"}
# Roles: anon team other jas jnot jconf edown edoth mod org su unit ounit signd | dm exp lead contact
TEAMS_ONLY = "login ok ok 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404"
TEAMS_400 = "login 400 400 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404"
OWN_ONLY = "login ok 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404"
CONTACT_ONLY = "login 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 ok"
CONTACT_400 = "login 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 400"
DIVISION = "login 404 404 404 404 404 404 404 404 ok ok 404 404 404 ok 404 404 404"
DIVISION_400 = "login 404 404 404 404 404 404 404 404 400 400 404 404 404 400 404 404 404"
ALL_400 = "login 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400"
ORGANISERS_400 = "login deny deny deny deny deny deny deny deny 400 400 deny deny deny"
ROWS += [
    Row(
        "contests:identity",
        named("contests:identity", contest_slug=JUDGING_SLUG),
        get=TEAMS_ONLY,
        post=TEAMS_ONLY,  # an upload without a file: a message, nothing stored
        data=lambda w: {"kind": "id_card"},
    ),
    Row(
        "contests:identity_file",
        named("contests:identity_file", contest_slug=JUDGING_SLUG, document_id=lambda w: IDENT(w).document.pk),
        get=OWN_ONLY,
    ),
    Row(
        "contests:identity_submit",
        named("contests:identity_submit", contest_slug=JUDGING_SLUG),
        get=TEAMS_ONLY,
        post=TEAMS_400,  # already 通过: nothing to submit
        data=lambda w: {"legal_name": "张三", "version": IDENT(w).proof.version, "confirm": "on"},
    ),
    Row(
        "contests:vetting_apply",
        named("contests:vetting_apply", contest_slug=JUDGING_SLUG),
        get=SIGNED_IN,
        post=ALL_400,  # no organisation name
        data=lambda w: {"organisation": " ", "credit_code": "123"},
    ),
    Row("contests:vetting:home", named("contests:vetting:home"), get=CONTACT_ONLY),
    Row("contests:vetting:team", named("contests:vetting:team", pk=lambda w: J(w).team.pk), get=CONTACT_ONLY),
    Row(
        "contests:vetting:decide",
        named("contests:vetting:decide", pk=lambda w: J(w).team.pk, decision="dispute"),
        get=CONTACT_ONLY,
        post=CONTACT_400,  # a dispute needs a reason
        data=lambda w: {"expected": "unvetted", "confirm": "on", "reason": ""},
    ),
    Row("contests:divisions:identity", named("contests:divisions:identity", **JINAN), get=DIVISION),
    Row(
        "contests:divisions:identity_review",
        named("contests:divisions:identity_review", **JINAN, proof_id=lambda w: IDENT(w).proof.pk),
        get=DIVISION,
        post=DIVISION_400,  # already 通过
        data=lambda w: {"decision": "reject", "reason": "x", "version": IDENT(w).proof.version, "confirm": "on"},
    ),
    Row(
        "contests:divisions:identity_file",
        named(
            "contests:divisions:identity_file",
            **JINAN,
            proof_id=lambda w: IDENT(w).proof.pk,
            document_id=lambda w: IDENT(w).document.pk,
        ),
        get=DIVISION,
    ),
    Row("identity_admin", admin("identity_admin"), get=ORGANISERS),
    Row(
        "identity_admin_review",
        admin("identity_admin_review", pk=lambda w: IDENT(w).proof.pk),
        get=ORGANISERS,
        post=ORGANISERS_400,  # already 通过
        data=lambda w: {"decision": "reject", "reason": "x", "version": IDENT(w).proof.version, "confirm": "on"},
    ),
    Row(
        "identity_admin_file",
        admin("identity_admin_file", pk=lambda w: IDENT(w).proof.pk, document_id=lambda w: IDENT(w).document.pk),
        get=ORGANISERS,
    ),
    Row("identity_contacts", admin("identity_contacts"), get=ORGANISERS),
    Row(
        "identity_contact_approve",
        admin("identity_contact_approve", pk=lambda w: IDENT(w).pending_contact.pk),
        get=ORGANISERS,
        post=ORGANISERS_400,  # not confirmed
        data=lambda w: {},
    ),
    Row(
        "identity_contact_revoke",
        admin("identity_contact_revoke", pk=lambda w: IDENT(w).pending_contact.pk),
        get=ORGANISERS,
        post=ORGANISERS_400,  # not confirmed
        data=lambda w: {"reason": "x"},
    ),
]

# ---------------------------------------------------------------------- branch sms (#18): SMS sign-in, phone
# Sign-in by SMS code is public (a signed-in person is sent on); /accounts/phone/ is every signed-in
# person's own page. A refused POST (anonymous on /accounts/phone/) changes nothing.
ROWS += [
    Row(
        "contests:login_sms",
        named("contests:login_sms"),
        get=PUBLIC,
        post=PUBLIC,
        # Not a mobile number: the form answers on the page (a sent code redirects back to the page,
        # which the sweep would read as "sent to a login page").
        data=lambda w: {"action": "send", "phone": "not-a-number"},
    ),
    Row(
        "contests:phone",
        named("contests:phone"),
        get=SIGNED_IN,
        post=SIGNED_IN,
        data=lambda w: {"action": "send", "phone": "13800000008", "password": "not-the-password"},
    ),
]
# Branch entry-forms (#18): the entry form's configured questions. The team uploads a file answer and
# fills in finalist materials like its other entry actions; organisers configure the questions in
# the admin (adding, editing; deleting is the superusers': an answered question is switched off).
VIEWSET_OBJECTS["contest_form_fields"] = lambda w: J(w).file_question
ROWS += [
    Row(
        "contests:entry_field_upload",
        named("contests:entry_field_upload", uuid=lambda w: J(w).draft.uuid, key="sweep_file"),
        get=POST_ONLY,
        post=TEAM_ACTS,
    ),
    Row(
        "contests:entry_materials",
        named("contests:entry_materials", uuid=lambda w: J(w).draft.uuid, round_id=lambda w: J(w).round.pk),
        get=TEAM_ACTS,
        post=TEAM_ACTS,
        data=lambda w: {"version": J(w).draft.version, "extra__sweep_final": "越权补充材料"},
    ),
]
ROWS += model_viewset("contest_form_fields", view=ORGANISERS, change=ORGANISERS, delete=SUPERUSER)

# ---------------------------------------------------------------------- branch vote (#19): the public vote
# The voting page is public; casting needs a verified phone (nobody of the sweep has one: 403 with
# the reason, nothing counted). The organisers' pages refuse everyone else; their POSTs without the
# confirmation (or with bad input) answer 400 and change nothing.
V = lambda w: w.votes  # noqa: E731
VOTE_REFUSED = "login deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny"
VOTE_KW = {
    "contest_slug": lambda w: V(w).public_vote.round.contest.slug,
    "number": lambda w: V(w).public_vote.round.number,
}
ROWS += [
    Row("contests:votes:round", named("contests:votes:round", **VOTE_KW), get=PUBLIC),
    Row(
        "contests:votes:cast",
        named("contests:votes:cast", **VOTE_KW, entry_uuid=lambda w: V(w).entry.uuid),
        get=VOTE_REFUSED,
        post=VOTE_REFUSED,
        data=lambda w: {"confirm": "on"},
    ),
    Row("votes_admin", admin("votes_admin"), get=ORGANISERS),
    Row(
        "votes_admin_edit",
        admin("votes_admin_edit", round_id=lambda w: V(w).bare_round.pk),
        get=ORGANISERS,
        post=ORGANISERS_400,  # no rules, no dates
        data=lambda w: {"categories": "track", "daily_cap": "3", "weight": "0"},
    ),
    Row("votes_admin_report", admin("votes_admin_report", pk=lambda w: V(w).public_vote.pk), get=ORGANISERS),
    Row(
        "votes_admin_publish",
        admin("votes_admin_publish", pk=lambda w: V(w).public_vote.pk),
        get=ORGANISERS,
        post=ORGANISERS_400,  # not confirmed
        data=lambda w: {},
    ),
    Row(
        "votes_admin_announce",
        admin("votes_admin_announce", pk=lambda w: V(w).public_vote.pk),
        get=ORGANISERS,
        post=ORGANISERS_400,  # not confirmed
        data=lambda w: {},
    ),
    Row(
        "votes_admin_void",
        admin("votes_admin_void", pk=lambda w: V(w).public_vote.pk, kind="vote", key=lambda w: V(w).vote.pk),
        get=ORGANISERS,
        post=ORGANISERS_400,  # no reason, not confirmed
        data=lambda w: {"reason": ""},
    ),
]

# ---------------------------------------------------------------------- branch `live` (#19)
# The live final (/live/): the session's record, big screen and state are public (the swept session
# is public; a session not marked public is a 404 for them: tests/contests/live/test_views.py). The
# console and the host's steps: the room's hosts and organisers (404 for anyone else). The judge page
# and submission: the room's panel only ("judge: assigned" sits on it and chairs it). The team's
# sign-off and appeal: the leader of the team on stage only. The draw and publication: organisers.
LV = lambda w: w.live  # noqa: E731
#           anon  team other jas  jnot jconf edown edoth mod  org su  unit ounit signd div exp lead cont
LIVE_HOST = "login 404 404 404 404 404 404 404 404 ok ok 404 404 404 404 404 404 404"
LIVE_JUDGE = "login 404 404 ok 404 404 404 404 404 404 404 404 404 404 404 404 404 404"
LIVE_TEAM = "login ok 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404"
LIVE_CHAIR = "login 404 404 ok 404 404 404 404 404 ok ok 404 404 404 404 404 404 404"
LIVE_POST_ONLY = "405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405 405"


def _live(name, **kwargs_of):
    return named(
        f"contests:live:{name}",
        session_slug=lambda w: LV(w).session.slug,
        room_slug=lambda w: LV(w).room.slug,
        **kwargs_of,
    )


def _live_session(name):
    return named(f"contests:live:{name}", session_slug=lambda w: LV(w).session.slug)


_slot = {"slot_id": lambda w: LV(w).slot.pk}
_confirmed = lambda w: {"confirm": "on"}  # noqa: E731
ROWS += [
    Row("contests:live:home", named("contests:live:home"), get=SIGNED_IN),
    Row("contests:live:session", _live_session("session"), get=PUBLIC),
    Row("contests:live:setup", named("contests:live:setup"), get=LIVE_HOST, post=LIVE_HOST, data=_confirmed),
    Row("contests:live:room_new", _live_session("room_new"), get=LIVE_HOST, post=LIVE_HOST, data=_confirmed),
    Row(
        "contests:live:publicity",
        _live_session("publicity"),
        get=LIVE_POST_ONLY,
        post=LIVE_HOST,
        data=lambda w: {"public": "0"},
    ),
    *(
        Row(f"contests:live:{name}", _live_session(name), get=LIVE_HOST, post=LIVE_HOST, data=_confirmed)
        for name in ("draw", "publish")
    ),
    Row("contests:live:console", _live("console"), get=LIVE_HOST),
    Row("contests:live:step", _live("step", action="pitch"), get=LIVE_POST_ONLY, post=LIVE_HOST),
    Row("contests:live:close", _live("close"), get=LIVE_HOST, post=LIVE_HOST, data=_confirmed),
    Row(
        "contests:live:absent",
        _live("absent", judge_id=lambda w: LV(w).judge.pk),
        get=LIVE_HOST,
        post=LIVE_HOST,
        data=lambda w: {"confirm": "on"},
    ),
    Row(
        "contests:live:host_signoff",
        _live("host_signoff", **_slot),
        get=LIVE_HOST,
        post=LIVE_HOST,
        data=lambda w: {"representative": "越权代表", "confirm": "on"},
    ),
    Row(
        "contests:live:video",
        _live("video", **_slot),
        get=LIVE_POST_ONLY,
        post=LIVE_HOST,
        data=lambda w: {"video_url": "https://video.example/x"},
    ),
    Row(
        "contests:live:team_signoff",
        _live("team_signoff", **_slot),
        get=LIVE_TEAM,
        post=LIVE_TEAM,
        data=lambda w: {"code": LV(w).slot.signoff_code, "confirm": "on"},
    ),
    Row(
        "contests:live:appeal",
        _live("appeal", **_slot),
        get=LIVE_TEAM,
        post=LIVE_TEAM,
        data=lambda w: {"reason": "越权申诉"},
    ),
    Row(
        "contests:live:decide",
        _live("decide", appeal_id=lambda w: LV(w).appeal.pk),
        get=LIVE_CHAIR,
        post=LIVE_CHAIR,
        data=lambda w: {"outcome": "rejected", "decision": "越权裁决", "confirm": "on"},
    ),
    Row("contests:live:judge", _live("judge"), get=LIVE_JUDGE),
    Row(
        "contests:live:judge_submit",
        _live("judge_submit"),
        get=LIVE_POST_ONLY,
        post=LIVE_JUDGE,
        data=lambda w: {"slot": LV(w).slot.pk, "key": "sweep-intruder-key"},
    ),
    Row("contests:live:screen", _live("screen"), get=PUBLIC),
    Row("contests:live:state", _live("state"), get=PUBLIC),
]

# ---------------------------------------------------------------------- Wagtail's and Django's own URLs
# Checked as two families on samples: the admin (staff only, each page by its own permission) and
# the public side (pages served by the catch-all, documents, the API, the language switch).


def page_path(page):
    return lambda world: page(world).url


def page(getter):
    return lambda world, role: getter(world).get_url()


def admin_page(name, getter):
    return lambda world, role: reverse(name, args=[getter(world).pk])


#              anon  team  other jas   jnot  jconf edown edoth mod   org   su
PRIVATE = "    login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok"
NOBODY_BUT_EDITORS = "404 404 404 404 404 404 404 404 404 404 404 404 404 404"

SAMPLES = [
    # Public pages and feeds of the page tree
    Row("page:home", fixed("/"), get=PUBLIC),
    Row("page:scenes", fixed("/scenes/"), get=PUBLIC),
    Row("page:scene", page(lambda w: w.showcase.scene), get=PUBLIC),
    Row("page:solutions", fixed("/solutions/"), get=PUBLIC),
    Row("page:solution", page(lambda w: w.showcase.solution), get=PUBLIC),
    Row("page:contests", page(lambda w: R(w).index_page), get=PUBLIC),
    Row("page:contest", page(lambda w: R(w).page), get=PUBLIC),
    Row(
        "page:winner",
        lambda w, role: R(w).page.get_url() + f"winners/{R(w).entry.uuid}/",
        get="404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    ),
    # A draft is no page at all for the public, whoever is signed in.
    Row("page:draft_scene", fixed("/scenes/jinan-draft/"), get=NOBODY_BUT_EDITORS),
    Row("page:private", page(lambda w: w.showcase.private_page), get=PRIVATE),
    Row("api:draft_scene", lambda w, role: f"/api/v2/pages/{w.showcase.draft_scene.pk}/", get=NOBODY_BUT_EDITORS),
    Row(
        "api:private",
        lambda w, role: f"/api/v2/pages/{w.showcase.private_page.pk}/",
        get="404 ok ok ok ok ok ok ok ok ok ok ok ok ok",
    ),
    Row("documents:serve", lambda w, role: w.showcase.document.url, get=PUBLIC),
    Row("i18n:setlang", named("set_language"), post=PUBLIC, get=PUBLIC),
    # The admin: home for staff; pages by Wagtail's page permissions (city editors: own city only)
    Row("wagtailadmin_home", named("wagtailadmin_home"), get=STAFF),
    Row("wagtailadmin_explore", admin_page("wagtailadmin_explore", lambda w: w.showcase.scene_index), get=EDITORS),
    Row(
        "wagtailadmin_pages:edit:draft_scene",
        admin_page("wagtailadmin_pages:edit", lambda w: w.showcase.draft_scene),
        get="login deny deny deny deny deny ok deny ok deny ok deny deny deny",
    ),
    Row(
        "wagtailadmin_pages:preview_on_edit:draft_scene",
        admin_page("wagtailadmin_pages:view_draft", lambda w: w.showcase.draft_scene),
        get="login deny deny deny deny deny ok deny ok deny ok deny deny deny",
    ),
    Row("wagtailusers_users:index", named("wagtailusers_users:index"), get=SUPERUSER),
    Row("wagtailusers_groups:index", named("wagtailusers_groups:index"), get=SUPERUSER),
    Row("wagtailsites:index", named("wagtailsites:index"), get=SUPERUSER),
    Row("wagtailimages:index", named("wagtailimages:index"), get=EDITORS),
    Row("wagtaildocs:index", named("wagtaildocs:index"), get=MODERATORS),
    Row("wagtailadmin_workflows:index", named("wagtailadmin_workflows:index"), get=SUPERUSER),
    Row("wagtailadmin_reports:aging_pages", named("wagtailadmin_reports:aging_pages"), get=EDITORS),
    Row("wagtailredirects:index", named("wagtailredirects:index"), get=SUPERUSER),
]
