"""Real-name review (实名审核) in the division workspace: the proofs of the members of the division's
teams, filtered by status and paginated (a division may hold thousands of participants), a proof's
documents through a permission-checked download, and 通过 / 驳回 with a confirmation.

The division comes from ``division_for_manager`` (404 outside the user's divisions) and every proof
from ``identity.proofs_in_division``: a proof of another division's member is a 404 too.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from contests.identity_review import review_page, status_filter
from contests.models import IdentityDocument, ProofStatus
from contests.services import identity as service
from contests.services.divisions import division_for_manager
from contests.services.files import file_response

PER_PAGE = 50


def _proof(division, proof_id):
    queryset = service.proofs_in_division(division).select_related("contest", "user", "reviewed_by")
    return get_object_or_404(queryset, pk=proof_id)


@login_required
@require_GET
def proof_list(request, contest_slug, division_slug):
    division = division_for_manager(request.user, contest_slug, division_slug)
    proofs, status = status_filter(request, service.proofs_in_division(division))
    proofs = proofs.select_related("user").order_by("submitted_at", "pk")
    page = Paginator(proofs, PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "contests/divisions/identity_list.html",
        {"division": division, "contest": division.contest, "page_obj": page, "proofs": page.object_list,
         "statuses": ProofStatus.choices, "status": status},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def proof_review(request, contest_slug, division_slug, proof_id):
    division = division_for_manager(request.user, contest_slug, division_slug)
    proof = _proof(division, proof_id)
    base = {"division": division, "contest": division.contest}
    done = reverse("contests:divisions:identity", kwargs={"contest_slug": contest_slug, "division_slug": division_slug})
    kwargs = {"contest_slug": contest_slug, "division_slug": division_slug, "proof_id": proof.pk}
    return review_page(
        request, proof, template="contests/divisions/identity_review.html", base_context=base, done=done,
        file_url=lambda d: reverse("contests:divisions:identity_file", kwargs={**kwargs, "document_id": d.pk}),
    )  # fmt: skip


@login_required
@require_GET
def proof_file(request, contest_slug, division_slug, proof_id, document_id):
    division = division_for_manager(request.user, contest_slug, division_slug)
    proof = _proof(division, proof_id)
    document = IdentityDocument.objects.filter(proof=proof, pk=document_id).first()
    if document is None:
        raise Http404
    return file_response(document)
