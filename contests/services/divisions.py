"""Who manages which division, and what a division manager may see.

Every division page asks ``division_for_manager`` (404 outside the user's divisions) and takes its
lists from the ``*_in_division`` querysets, so a manager never sees another city's teams, entries
or judges — not in a list, a detail page, a file download or an export.
"""

from django.http import Http404

from contests.rules import is_organiser


def divisions_managed_by(user):
    """The divisions ``user`` manages (organisers manage every division)."""
    from contests.models import Division

    if is_organiser(user):
        return Division.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Division.objects.none()
    return Division.objects.filter(managers=user)


def is_division_manager(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.managed_divisions.exists()


def division_for_manager(user, contest_slug, division_slug):
    """The division at (contest, slug) if ``user`` manages it, else 404 (never 403: no leak)."""
    division = (
        divisions_managed_by(user)
        .select_related("contest", "node")
        .filter(contest__slug=contest_slug, slug=division_slug)
        .first()
    )
    if division is None:
        raise Http404
    return division


def teams_in_division(division):
    from contests.models import Team

    return Team.objects.filter(division=division)


def entries_in_division(division):
    from contests.models import Entry

    return Entry.objects.filter(team__division=division)


def judges_in_division(division):
    from contests.models import JudgeProfile

    return JudgeProfile.objects.filter(division=division)


# The scoring windows live beside the Division model, so that contests.rules (which may import
# models only, tests/test_architecture.py) reads them too; re-exported here for the services.
def scoring_window(round_, division):
    from contests.models.divisions import scoring_window

    return scoring_window(round_, division)


def assignment_window(assignment):
    from contests.models.divisions import assignment_window

    return assignment_window(assignment)


def is_scoring_open(assignment, now=None):
    from contests.models.divisions import is_scoring_open

    return is_scoring_open(assignment, now)
