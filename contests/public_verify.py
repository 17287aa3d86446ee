"""/verify/ (look a certificate up by its number) and /verify/<number>/ (the verification page a
certificate's QR code opens). Public, in Chinese and under /en/.

The service decides what is shown (contests/services/outcomes/verification.py). Here: every answer
about a number counts against the client's limit (``THROTTLES["certificate_verify"]``), "not
found" is one 404 page whatever the reason, and nothing is cached — neither by the anonymous page
cache nor by a browser or proxy — so a revocation shows on the next look.
"""

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cms import throttle
from cms.links import absolute_url
from contests.services.outcomes.verification import MAX_INPUT, normalise_number, verify_certificate

THROTTLE = "certificate_verify"


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("证书编号"),
        max_length=MAX_INPUT,
        help_text=_("证书左下角的 12 位编号，字母不分大小写，可含空格或连字符。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": _("请输入证书编号。"), "max_length": _("证书编号为 12 位字母和数字。")},
    )

    def clean_number(self):
        number = normalise_number(self.cleaned_data["number"])
        if number is None:
            raise forms.ValidationError(_("证书编号为 12 位字母和数字。"))
        return number


def _never_cached(response):
    add_never_cache_headers(response)
    return response


@require_GET
def lookup(request):
    """The form; a well-formed number goes on to its page (which alone says whether it exists)."""
    form = LookupForm(request.GET if "number" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("contests:verify_certificate", number=form.cleaned_data["number"])
    context = {"form": form, "canonical_url": absolute_url(request.path, request)}
    return _never_cached(
        render(request, "contests/public/verify_lookup.html", context, status=400 if form.errors else 200)
    )


@require_GET
def verify(request, number):
    if not throttle.allow(THROTTLE, throttle.client_address(request)):
        response = render(request, "contests/public/verify_throttled.html", status=429)
        response["Retry-After"] = str(settings.THROTTLES[THROTTLE][1])
        return _never_cached(response)
    normalised = normalise_number(number)
    if normalised is not None and normalised != number:
        # Typed by hand (lower case, grouped): one address per certificate. Any well-formed number is
        # redirected, found or not, so the redirect tells nothing.
        return redirect("contests:verify_certificate", number=normalised)
    certificate = verify_certificate(normalised)
    context = {
        "certificate": certificate,
        "number": normalised,
        "form": LookupForm(),
        "canonical_url": absolute_url(request.path, request),
    }
    status = 200 if certificate is not None else 404
    return _never_cached(render(request, "contests/public/verify.html", context, status=status))
