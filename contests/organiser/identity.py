"""实名审核 and 单位负责人 in the Wagtail admin, for organisers (/admin/identity/…): the list of
real-name proofs (filter by status, contest and division; paginated: 14,000 participants is the
design scale), a proof's review with its documents (permission-checked downloads), and the requests
to become an organisation's contact person with confirmation pages to approve, turn down or withdraw. The rules are in
``contests.services.identity`` and ``contests.services.vetting``; every page checks the organiser on
the server (403 for other staff)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from contests.identity_review import review_page, status_filter
from contests.models import Contest, Division, IdentityDocument, IdentityProof, OrganisationContact, ProofStatus
from contests.organiser.base import OrganiserMenuItem, require_organiser
from contests.services import ContestError, vetting
from contests.services import identity as service
from contests.services.submission import format_beijing_time

PER_PAGE = 50


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
def proof_list(request):
    require_organiser(request.user)
    proofs, status = status_filter(request, IdentityProof.objects.all())
    contests = list(Contest.objects.exclude(real_name_rule="none").order_by("-year", "pk"))
    contest_id = _int(request.GET.get("contest"))
    if contest_id:
        proofs = proofs.filter(contest_id=contest_id)
    divisions = list(Division.objects.filter(contest_id=contest_id).order_by("name")) if contest_id else []
    division_id = _int(request.GET.get("division"))
    division = next((d for d in divisions if d.pk == division_id), None)
    if division is not None:
        proofs = proofs & service.proofs_in_division(division)
    proofs = proofs.select_related("user", "contest").order_by("submitted_at", "pk")
    page = Paginator(proofs, PER_PAGE).get_page(request.GET.get("p"))
    query = f"status={status or 'all'}&contest={contest_id or ''}&division={division.pk if division else ''}"
    return TemplateResponse(
        request,
        "contests/admin/identity_list.html",
        {"page_obj": page, "proofs": page.object_list, "statuses": ProofStatus.choices, "status": status,
         "contests": contests, "contest_id": contest_id, "divisions": divisions, "division": division,
         "query": query},
    )  # fmt: skip


def _proof(pk):
    return get_object_or_404(IdentityProof.objects.select_related("contest", "user", "reviewed_by"), pk=pk)


@require_http_methods(["GET", "POST"])
def proof_review(request, pk):
    require_organiser(request.user)
    proof = _proof(pk)
    return review_page(
        request, proof, template="contests/admin/identity_review.html", base_context={},
        done=reverse("identity_admin"),
        file_url=lambda d: reverse("identity_admin_file", kwargs={"pk": proof.pk, "document_id": d.pk}),
    )  # fmt: skip


@require_GET
def proof_file(request, pk, document_id):
    from contests.services.files import file_response

    require_organiser(request.user)
    document = IdentityDocument.objects.filter(proof_id=pk, pk=document_id).first()
    if document is None:
        raise Http404
    return file_response(document)


@require_GET
def contact_list(request):
    require_organiser(request.user)
    pending = request.GET.get("state", "pending") == "pending"
    contacts = OrganisationContact.objects.select_related("contest", "user", "approved_by").order_by("-created_at")
    if pending:
        contacts = contacts.filter(approved_at__isnull=True, revoked_at__isnull=True)
    page = Paginator(contacts, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "contests/admin/identity_contacts.html",
        {"page_obj": page, "contacts": page.object_list, "pending": pending},
    )


@require_http_methods(["GET", "POST"])
def contact_approve(request, pk):
    """A confirmation page: what approving means (the person sees and vets the matching teams)."""
    require_organiser(request.user)
    contact = get_object_or_404(OrganisationContact.objects.select_related("contest", "user"), pk=pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("请勾选确认后再提交。")
        else:
            try:
                vetting.approve(contact, actor=request.user)
            except ContestError as e:
                error = e.message
            else:
                messages.success(request, _("已批准，并已通过邮件通知申请人。"))
                return redirect("identity_contacts")
    teams = vetting.teams_for_contact(contact).order_by("name")[:PER_PAGE]
    return TemplateResponse(
        request,
        "contests/admin/identity_contact_approve.html",
        {"contact": contact, "teams": teams, "error": error, "note": vetting.application_note(contact),
         "created_at": format_beijing_time(contact.created_at)},
        status=400 if error else 200,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def contact_revoke(request, pk):
    """Turn down a pending request (驳回) or withdraw an approval (撤销): a reason, a confirmation."""
    require_organiser(request.user)
    contact = get_object_or_404(OrganisationContact.objects.select_related("contest", "user"), pk=pk)
    error, reason = "", request.POST.get("reason", "")
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("请勾选确认后再提交。")
        else:
            try:
                vetting.revoke(contact, actor=request.user, reason=reason)
            except ContestError as e:
                error = e.message
            else:
                messages.success(request, _("已处理，并已通过邮件通知申请人。"))
                return redirect("identity_contacts")
    return TemplateResponse(
        request,
        "contests/admin/identity_contact_revoke.html",
        {"contact": contact, "error": error, "reason": reason, "note": vetting.application_note(contact),
         "created_at": format_beijing_time(contact.created_at),
         "teams": vetting.teams_for_contact(contact).count() if contact.approved_at else 0},
        status=400 if error else 200,
    )  # fmt: skip


def admin_urls():
    return [
        path("identity/", proof_list, name="identity_admin"),
        path("identity/<int:pk>/", proof_review, name="identity_admin_review"),
        path("identity/<int:pk>/files/<int:document_id>/", proof_file, name="identity_admin_file"),
        path("identity/contacts/", contact_list, name="identity_contacts"),
        path("identity/contacts/<int:pk>/approve/", contact_approve, name="identity_contact_approve"),
        path("identity/contacts/<int:pk>/revoke/", contact_revoke, name="identity_contact_revoke"),
    ]


def menu_item():
    return OrganiserMenuItem(gettext_lazy("实名审核"), reverse("identity_admin"), icon_name="user", order=245)
