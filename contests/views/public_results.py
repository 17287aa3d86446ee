"""The public summary of a winning entry, served as a route of its ``ContestPage``
(/contests/<slug>/winners/<uuid>/). Anything that is not an active award of a final round is 404."""

from django.http import Http404
from django.template.response import TemplateResponse

from contests.services.outcomes.public_results import winner_summary


def winner_page(request, page, uuid):
    summary = winner_summary(page.contest, uuid)
    if summary is None:
        raise Http404
    return TemplateResponse(
        request,
        "contests/public/winner.html",
        {"page": page, "self": page, "contest": page.contest, "summary": summary, "entry": summary.entry},
    )
