"""The public vote's pages. A vote whose rules are not published is a 404 for everyone. While it
runs, the page shows the entries' public summary (title, track, abstract: no team) and never a
count; once the organisers announce the result, it is the public notice with the tallies and the
voided counts. Rules, window, caps and limits are the service's (contests.services.votes)."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cms import throttle
from contests.models import PublicVote, VoteCategories, VoteStatus
from contests.rules import is_verified_voter
from contests.services.submission import format_beijing_time
from contests.services.votes import casting, challenge
from contests.services.votes.clients import VoteClient
from contests.services.votes.tallies import tallies

DEVICE_COOKIE = "vote_device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def _public_vote(contest_slug, number):
    return get_object_or_404(
        PublicVote.objects.select_related("round__contest").exclude(status=VoteStatus.DRAFT),
        round__contest__slug=contest_slug,
        round__number=number,
    )


def _client(request):
    return VoteClient(
        address=throttle.client_address(request),
        user_agent=request.headers.get("user-agent", "")[:500],
        device=request.COOKIES.get(DEVICE_COOKIE, "")[:64],
    )


def _finish(request, response):
    """Personal pages: never cached; the device cookie set once (an anomaly signal, not an identity)."""
    add_never_cache_headers(response)
    if not request.COOKIES.get(DEVICE_COOKIE):
        response.set_cookie(DEVICE_COOKIE, uuid.uuid4().hex, max_age=DEVICE_MAX_AGE, httponly=True, samesite="Lax")
    return response


def _phase(public_vote, now):
    if public_vote.status == VoteStatus.ANNOUNCED:
        return "announced"
    if public_vote.has_closed(now):
        return "counting"
    return "open" if public_vote.is_open(now) else "upcoming"


def _window(public_vote):
    return {"opens": format_beijing_time(public_vote.opens_at), "closes": format_beijing_time(public_vote.closes_at)}


def _groups(public_vote, entries):
    """[(track or None, [entries])] in the page's order."""
    groups = []
    for entry in entries:
        track = entry.track if public_vote.categories == VoteCategories.TRACK else None
        if not groups or groups[-1][0] != track:
            groups.append((track, []))
        groups[-1][1].append(entry)
    return groups


@require_GET
def round_page(request, contest_slug, number):
    public_vote = _public_vote(contest_slug, number)
    now = timezone.now()
    phase = _phase(public_vote, now)
    context = {
        "public_vote": public_vote,
        "round": public_vote.round,
        "contest": public_vote.round.contest,
        "phase": phase,
        "window": _window(public_vote),
        "verified": is_verified_voter(request.user, public_vote),
        "limits": casting.rate_limits(),
    }
    if phase == "announced":
        context["tallies"] = tallies(public_vote)
    else:
        entries = list(casting.candidate_entries(public_vote))
        context["groups"] = _groups(public_vote, entries)
        mine = casting.votes_of(public_vote, request.user)
        context["voted"] = {vote.entry_id for vote in mine.values()}
        context["voted_categories"] = set(mine)
        if phase == "open":
            casting.record_views(public_vote, [entry.pk for entry in entries], now)
    return _finish(request, render(request, "contests/votes/round.html", context))


def _already_for(public_vote, entry, user):
    vote = casting.votes_of(public_vote, user).get(public_vote.category_of(entry))
    return vote is not None and vote.entry_id == entry.pk and vote.voided_at is None


class CastForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("我知道每个类别只能投一票，投出后不能更改。"),
        error_messages={"required": gettext_lazy("请勾选确认后再投票。")},
    )
    challenge_token = forms.CharField(required=False, widget=forms.HiddenInput)
    challenge_answer = forms.CharField(label=gettext_lazy("验证问题"), required=False, max_length=8)


@login_required
@require_http_methods(["GET", "POST"])
def cast(request, contest_slug, number, entry_uuid):
    """The confirmation page (GET), then the vote (POST). Refusals answer on the page, nothing counted."""
    public_vote = _public_vote(contest_slug, number)
    entry = get_object_or_404(casting.candidate_entries(public_vote), uuid=entry_uuid)
    now = timezone.now()
    client = _client(request)
    error, status = "", 200
    form = CastForm(request.POST if request.method == "POST" else None)
    try:
        casting.check_can_vote(public_vote, request.user, now)
    except casting.VoteError as refused:
        error, status = refused.message, 403
        form = None
    # On a POST the service decides (and says "challenge"); asking first would cost its queries twice.
    challenge_needed = form is not None and request.method == "GET"
    challenge_needed = challenge_needed and casting.needs_challenge(public_vote, request.user, client, now)
    if form is not None and request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            solved = challenge.check_challenge(request.user, data["challenge_token"], data["challenge_answer"])
            try:
                casting.cast_vote(public_vote, entry, request.user, client=client, now=now, challenge_passed=solved)
            except casting.VoteError as refused:
                if refused.code == "duplicate" and _already_for(public_vote, entry, request.user):
                    # The same vote sent again (a retry after a dropped answer): it counts once, and says so.
                    messages.info(request, _("你已投给这件作品，投票已记录。"))
                    return _finish(request, redirect("contests:votes:round", contest_slug=contest_slug, number=number))
                error, status = refused.message, 429 if refused.code == "rate" else 400
                if refused.code == "challenge" and data["challenge_answer"]:
                    error = _("验证问题回答错误，请重新回答。")
                challenge_needed = challenge_needed or refused.code == "challenge"
            else:
                messages.success(request, _("投票成功，感谢参与！"))
                return _finish(request, redirect("contests:votes:round", contest_slug=contest_slug, number=number))
        else:
            status = 400
    question = ""
    if challenge_needed and form is not None:
        question, token = challenge.new_challenge(request.user)
        form = CastForm(initial={"challenge_token": token}) if request.method == "GET" else form
        if request.method == "POST":
            form.data = form.data.copy()
            form.data["challenge_token"], form.data["challenge_answer"] = token, ""
    context = {
        "public_vote": public_vote,
        "round": public_vote.round,
        "contest": public_vote.round.contest,
        "entry": entry,
        "form": form,
        "error": error,
        "question": question,
        "window": _window(public_vote),
    }
    return _finish(request, render(request, "contests/votes/cast.html", context, status=status))
