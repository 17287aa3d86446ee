"""The judge portal (/judging/), included by contests/urls.py: names are ``contests:judging:*``.

Entries are addressed by the assignment's opaque code, never by the entry's uuid or id.
"""

from django.urls import path

from contests.views import judging, judging_invitations

app_name = "judging"

urlpatterns = [
    path("", judging.dashboard, name="dashboard"),
    path("rounds/<int:round_id>/", judging.round_list, name="round"),
    path("a/<str:code>/", judging.assignment_detail, name="assignment"),
    path("a/<str:code>/declare/", judging.declare, name="declare"),
    path("a/<str:code>/recuse/", judging.recusal, name="recuse"),
    path("a/<str:code>/files/<int:position>/", judging.entry_file, name="file"),
    path("a/<str:code>/others/", judging.others_scores, name="others"),
    path("invitations/<str:token>/", judging_invitations.invitation, name="invitation"),
]
