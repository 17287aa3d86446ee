"""The data a 赛题 offers: add, change terms (agreement versions), remove; a by-agreement offer's
files: upload (size enforced while streaming, SHA-256 computed on the way) and remove.

Uploads follow the portal's recipe (``contests.portal.views.files``): the outer view is
``csrf_exempt``, checks membership and the declared Content-Length before reading the body,
installs ``LimitedHashingUploadHandler`` and hands over to an inner ``csrf_protect`` view.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.upload_handlers import LimitedHashingUploadHandler
from contests.services import ContestError
from contests.services.offers import (
    MAX_FILE_BYTES,
    add_offer,
    latest_agreement,
    remove_offer,
    remove_offered_file,
    store_offered_file,
    too_large_message,
    update_offer,
)
from contests.units.base import challenge_for, offer_for, unit_member_required
from contests.units.forms import OfferForm
from scenes.services.resource_picker import as_choice, pick_resources

FORM_OVERHEAD_BYTES = 64 * 1024


def _back(challenge):
    return redirect("contests:units:challenge", pk=challenge.pk)


def offerable_resources(challenge):
    """The unit's own resources and those the need names."""
    from scenes.models import DataResource

    wanted = Q(owner_unit=challenge.unit_id)
    if challenge.need_id:
        wanted |= Q(needs=challenge.need_id)
    return DataResource.objects.filter(wanted).exclude(offers__challenge=challenge).distinct().order_by("name", "pk")


def _need_resources(challenge):
    """The offerable resources the source need names (a few), listed in the form as they are."""
    if not challenge.need_id:
        return list
    named = offerable_resources(challenge).filter(needs=challenge.need_id).only("pk", "name", "department")
    return lambda: list(named)


def _offer_form(request, challenge):
    return OfferForm(
        request.POST or None,
        resources=offerable_resources(challenge),
        search_url=reverse("contests:units:offer_resource_search", kwargs={"pk": challenge.pk}),
        suggested=_need_resources(challenge),
    )


@unit_member_required
@require_GET
def offer_resource_search(request, pk):
    """The offer form's picker: at most 20 of the resources this 赛题 may offer (the unit's own and
    the need's, not yet offered) matching ?q= (a unit may answer for thousands)."""
    challenge = challenge_for(request, pk)
    rows, more = pick_resources(request.GET.get("q", ""), queryset=offerable_resources(challenge))
    return JsonResponse({"results": [as_choice(row) for row in rows], "more": more})


@unit_member_required
@require_http_methods(["GET", "POST"])
def offer_add(request, pk):
    challenge = challenge_for(request, pk)
    form = _offer_form(request, challenge)
    if request.method == "POST" and form.is_valid():
        try:
            offer = add_offer(challenge, form.cleaned_data["resource"], form.cleaned_data, request.user)
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已添加数据“%(name)s”。") % {"name": offer.resource.name})
            return _back(challenge)
    return render(request, "contests/units/offer_form.html", {"challenge": challenge, "form": form})


@unit_member_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk, offer_id):
    challenge = challenge_for(request, pk)
    offer = offer_for(challenge, offer_id)
    agreement = latest_agreement(offer)
    locked = offer.requests.exists()
    form = OfferForm(request.POST or None, offer=offer, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            new_version = update_offer(offer, form.cleaned_data, request.user)
        except ContestError as error:
            form.add_error(None, error.message)
        else:
            if new_version and new_version > 1:
                messages.warning(
                    request,
                    _("数据使用协议已更新为第 %(version)d 版：每位团队成员须重新签署后才能下载数据。")
                    % {"version": new_version},
                )
            messages.success(request, _("已保存数据“%(name)s”的获取方式。") % {"name": offer.resource.name})
            return _back(challenge)
    context = {"challenge": challenge, "offer": offer, "agreement": agreement, "locked": locked, "form": form}
    return render(request, "contests/units/offer_form.html", context)


@unit_member_required
@require_http_methods(["GET", "POST"])
def offer_remove(request, pk, offer_id):
    challenge = challenge_for(request, pk)
    offer = offer_for(challenge, offer_id)
    if request.method == "POST":
        try:
            remove_offer(offer, request.user)
        except ContestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已移除数据“%(name)s”。") % {"name": offer.resource.name})
        return _back(challenge)
    return render(request, "contests/units/offer_remove.html", {"challenge": challenge, "offer": offer})


@csrf_exempt
@unit_member_required
@require_POST
def file_upload(request, pk, offer_id):
    offer = offer_for(challenge_for(request, pk), offer_id)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_FILE_BYTES + FORM_OVERHEAD_BYTES:
        # Refused without reading the body at all.
        messages.error(request, too_large_message())
        return _back(offer.challenge)
    handler = LimitedHashingUploadHandler(request, max_bytes=MAX_FILE_BYTES, too_large_message=too_large_message())
    request.upload_handlers = [handler]
    return _file_upload(request, offer, handler)


@csrf_protect
def _file_upload(request, offer, handler):
    upload = request.FILES.get("file")
    try:
        if handler.error:
            messages.error(request, handler.error)
        elif upload is None:
            messages.error(request, _("请选择要上传的文件。"))
        else:
            stored = store_offered_file(offer, upload, request.user)
            messages.success(
                request,
                _("已上传“%(name)s”（%(size)s，SHA-256：%(sha)s…）。")
                % {"name": stored.original_name, "size": filesizeformat(stored.size), "sha": stored.sha256[:16]},
            )
    except ContestError as error:
        messages.error(request, error.message)
    finally:
        if upload is not None:
            upload.close()  # deletes the temporary file
    return _back(offer.challenge)


@unit_member_required
@require_POST
def file_remove(request, pk, offer_id, file_id):
    offer = offer_for(challenge_for(request, pk), offer_id)
    offered_file = offer.files.filter(pk=file_id, removed_at__isnull=True).first()
    if offered_file is None:
        raise Http404
    offered_file.offer = offer
    try:
        remove_offered_file(offered_file, request.user)
    except ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已移除文件“%(name)s”。") % {"name": offered_file.original_name})
    return _back(offer.challenge)
