"""The contest's section on the home page, contributed through ``cms.registry.home_sections``."""

from django.template.loader import render_to_string


def current_contest_page():
    """The live contest page of the most recent contest (by year, then registration date)."""
    from contests.models import ContestPage

    return (
        ContestPage.objects.live()
        .public()
        .select_related("contest")
        .order_by("-contest__year", "-contest__registration_opens")
        .first()
    )


def render_home_section(request):
    from contests.models import Team
    from contests.services.public import participant_count

    page = current_contest_page()
    if page is None:
        return ""
    contest = page.contest
    context = {
        "contest": contest,
        "page_url": page.get_url(request),
        "phase": contest.phase(),
        "registration_open": contest.registration_is_open(),
        "participant_count": participant_count(contest),
        "team_count": Team.objects.filter(contest=contest).count(),
    }
    return render_to_string("components/contest_home_section.html", context, request=request)
