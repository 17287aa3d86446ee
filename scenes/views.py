"""What the showcase pages hand over to when they are served: the index pages' listing, landing
pages and exports, and the context of a scene or solution page.

The far end of the one import seam in scenes (``scenes.models.pages._views``): the page models call
these lazily, and these read the page models through the services.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenes.exports import export_response, scene_table, solution_table
from scenes.services import catalogue, detail, needs

EXPORT_FORMATS = ("csv", "xlsx")


def _respond(request, page, listing, table):
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS:
        headers, rows = table(listing.queryset, request)
        return export_response(fmt, headers, rows, listing.title)
    return page.render(request, context_overrides={"listing": listing})


def scene_listing(request, page, landing=None):
    return _respond(request, page, catalogue.scene_listing(request, page, landing), scene_table)


def solution_listing(request, page, landing=None):
    return _respond(request, page, catalogue.solution_listing(request, page, landing), solution_table)


def scene_page_context(request, scene):
    return detail.scene_detail_context(scene, request)


def solution_page_context(request, solution):
    return detail.solution_detail_context(solution, request)


def need_listing(request, page):
    return page.render(request, context_overrides={"listing": needs.need_listing(request, page)})


def need_page_context(request, need):
    context = needs.need_detail_context(need, request)
    next_url = need.get_url(request) if need.pk else ""
    context["login_url"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}" if next_url else ""
    return context


def _visible_need_or_404(pk):
    need = needs.find_visible_need(pk)
    if need is None:
        raise Http404("no such need")
    return need


def _back_to(request, need, anchor):
    return redirect(f"{need.get_url(request)}#{anchor}")


@require_POST
def follow_need(request, pk):
    """Follow a need, or stop following it (one follow per person)."""
    need = _visible_need_or_404(pk)  # first: an unpublished need is a 404 for everyone
    if not request.user.is_authenticated:
        return redirect_to_login(need.get_url(request), settings.LOGIN_URL)
    try:
        following, _count = needs.toggle_follow(need, request.user)
    except needs.NeedActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已关注这个需求。") if following else _("已取消关注。"))
    return _back_to(request, need, "need-follow")


@require_POST
def comment_need(request, pk):
    """Add a comment to a need (signed-in people; rate-limited)."""
    need = _visible_need_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(need.get_url(request), settings.LOGIN_URL)
    body = request.POST.get("body", "")
    try:
        needs.add_comment(need, request.user, body)
    except ValidationError as error:
        return _comment_refused(request, need, body, error.messages, 400)
    except needs.NeedActionRefused as refused:
        return _comment_refused(request, need, body, [refused.message], 429)
    messages.success(request, _("评论已发表。"))
    return _back_to(request, need, "comments")


def _comment_refused(request, need, body, errors, status):
    """The need's page again, with the text as typed and why it was not posted (nothing saved)."""
    context = {**need.get_context(request), "comment_body": body, "comment_errors": errors}
    return TemplateResponse(request, need.get_template(request), context, status=status)
