"""What the public sees of a contest, plugged into ``ContestPage`` by ContestsConfig.ready(): the
contest page's overview (timeline, tracks, the visitor's own team, published results) and the public
summary of a winning entry (/contests/<slug>/winners/<uuid>/; anything that is not an active award
of a final round is 404)."""

from django.http import Http404
from django.template.response import TemplateResponse

from contests.services.outcomes.public_results import winner_summary
from contests.services.public import contest_overview


def contest_context(page, request):
    return contest_overview(page.contest, request.user)


def winner_page(request, page, uuid):
    summary = winner_summary(page.contest, uuid)
    if summary is None:
        raise Http404
    return TemplateResponse(
        request,
        "contests/public/winner.html",
        {"page": page, "self": page, "contest": page.contest, "summary": summary, "entry": summary.entry},
    )
