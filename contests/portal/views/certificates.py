"""Download of an award certificate (PDF) from the team portal.

Only for an active award of a round whose results are published, and only to a member of the
awarded team (any role) or an organiser; anyone else gets 404, so a certificate number reveals
nothing about awards that are not public yet or belong to another team.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from cms.http import attachment
from contests.rules import can_view_entry
from contests.services.outcomes.certificates import certificate_filename, certificate_pdf


def downloadable_award(user, number):
    from contests.models import Award, ResultPublication

    award = (
        Award.objects.filter(certificate_number=number, revoked_at__isnull=True)
        .select_related("category__contest", "entry__team", "track", "round")
        .first()
    )
    if award is None or not can_view_entry(user, award.entry):
        raise Http404
    if not ResultPublication.objects.filter(round_id=award.round_id).exists():
        raise Http404
    return award


@login_required
@require_GET
def download(request, number):
    award = downloadable_award(request.user, number)
    response = HttpResponse(certificate_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = attachment(certificate_filename(award))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
