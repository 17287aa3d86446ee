"""What every page of the unit workspace shares: the membership check and the object lookups.

Anonymous visitors are sent to the login page; a signed-in account that belongs to no unit gets a
403 page saying so (superusers too: acting in a unit's name takes a UnitMember row, so the audit
trail names a member). Every object is looked up among the user's own units' objects and checked
with the named predicate again: another unit's 赛题, finding or request is a 404, never a hint that
it exists.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from contests.rules import can_manage_challenge, can_respond_to_finding
from scenes.rules import can_answer_open_request, is_unit_member, unit_ids_of


def unit_member_required(view):
    """Signed in (else login) and a member of at least one unit (else 403); ``request.unit_ids``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_unit_member(request.user):
            return render(request, "contests/units/not_a_member.html", status=403)
        request.unit_ids = unit_ids_of(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def challenge_for(request, pk):
    from contests.models import Challenge

    challenge = (
        Challenge.objects.select_related("track__contest", "unit", "need")
        .filter(pk=pk, unit_id__in=request.unit_ids)
        .first()
    )
    if challenge is None or not can_manage_challenge(request.user, challenge):
        raise Http404
    return challenge


def offer_for(challenge, offer_id):
    offer = challenge.offers.select_related("resource").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    offer.challenge = challenge
    return offer


def finding_for(request, pk):
    from contests.models import DataFinding

    finding = (
        DataFinding.objects.select_related("resource", "entry")
        .filter(pk=pk, resource__owner_unit_id__in=request.unit_ids)
        .first()
    )
    if finding is None or not can_respond_to_finding(request.user, finding):
        raise Http404
    return finding


def open_request_for(request, pk):
    from scenes.models import OpenDataRequest

    open_request = (
        OpenDataRequest.objects.select_related("resource__owner_unit")
        .filter(pk=pk, resource__owner_unit_id__in=request.unit_ids)
        .first()
    )
    if open_request is None or not can_answer_open_request(request.user, open_request):
        raise Http404
    return open_request
