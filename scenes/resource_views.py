"""/data/ (the data resource catalogue), /data/<slug>/ (a resource's page) and the open-data request
form posted from it. Thin: the services decide (scenes/services/resources.py, open_data.py)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cms import throttle
from cms.links import absolute_url
from scenes.services import open_data
from scenes.services.resources import catalogue_figures, resource_for_page, resource_listing, resource_page_context

THROTTLE = "open_data_request"


class OpenDataRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("用途说明"),
        max_length=open_data.MAX_PURPOSE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明您希望如何使用这些数据，数据责任单位将公开答复。"),
        error_messages={"required": _("请说明数据的用途。"), "max_length": _("用途说明不能超过 1000 字。")},
    )


def data_resources(request):
    listing = resource_listing(request)
    context = {
        "listing": listing,
        "figures": catalogue_figures(),
        "canonical_url": absolute_url(request.path, request),
    }
    return render(request, "pages/data_resource_index.html", context)


def _page(request, resource, form=None):
    context = resource_page_context(resource, request)
    context["form"] = form or OpenDataRequestForm()
    context["canonical_url"] = absolute_url(request.path, request)
    context["login_url"] = resolve_url(settings.LOGIN_URL)
    return render(request, "pages/data_resource_page.html", context, status=400 if form is not None else 200)


def data_resource(request, slug):
    return _page(request, resource_for_page(slug))


@require_POST
def data_resource_ask(request, slug):
    resource = resource_for_page(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(resource.get_absolute_url(), settings.LOGIN_URL)
    form = OpenDataRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, resource, form)
    if not throttle.allow(THROTTLE, request.user.pk):
        form.add_error(None, _("提交过于频繁，请稍后再试。"))
        return _page(request, resource, form)
    try:
        open_data.ask(resource, request.user, form.cleaned_data["purpose"])
    except open_data.OpenDataRefused as refusal:
        form.add_error(None, refusal.message)
        return _page(request, resource, form)
    messages.success(request, _("申请已提交，数据责任单位将在 5 个工作日内答复。"))
    return redirect(resource.get_absolute_url())
