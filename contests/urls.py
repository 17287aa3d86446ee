"""The contest's public-facing URLs, included at the site root by cms/urls.py (names ``contests:*``):
accounts for everyone, the team portal, the judges' workspace (``contests:judging:*``), the unit
workspace (``contests:units:*``), the division managers' workspace (``contests:divisions:*``) and
the download of a finished export (organisers; the export pages themselves are in the Wagtail
admin)."""

from django.urls import include, path

from cms.page_cache import cache_for_anonymous
from contests import public_impact, public_verify
from contests.organiser.exports import download_export

app_name = "contests"

urlpatterns = [
    path("accounts/", include("contests.accounts.urls")),
    path("portal/", include("contests.portal.urls")),
    path("judging/", include("contests.judging.urls")),
    path("unit/", include("contests.units.urls")),
    path("division/", include("contests.divisions.urls")),
    # The standing expert pool (专家库): apply, the expert's own profile and record, invitations.
    path("experts/", include("contests.experts.urls")),
    # Unit vetting (单位负责人确认): an approved contact person's teams.
    path("vetting/", include("contests.vetting.urls")),
    # The public vote (人气奖) of a round: the voting page, the confirmation that casts a vote, the result.
    path("vote/", include("contests.votes.urls")),
    # The live final (路演): host consoles, judges' tablets, big screens, sign-off and appeals.
    path("live/", include("contests.live.urls")),
    path("exports/<int:pk>/download/", download_export, name="export_download"),
    # Certificates anyone can verify: the lookup form and the page a certificate's QR code opens.
    path("verify/", public_verify.lookup, name="verify_lookup"),
    path("verify/<str:number>/", public_verify.verify, name="verify_certificate"),
    # The impact dashboard and each contest's fact sheet (public; ?format=csv|xlsx is never cached).
    path("impact/", cache_for_anonymous(public_impact.dashboard), name="impact"),
    path("impact/<str:slug>/", cache_for_anonymous(public_impact.fact_sheet), name="impact_fact_sheet"),
]
