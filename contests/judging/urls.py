"""The judges' workspace (/judging/), included by contests/urls.py: names are ``contests:judging:*``.

Entries are addressed by the assignment's opaque code, never by the entry's uuid or id.
"""

from django.urls import path

from contests.judging import invitations, views

app_name = "judging"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rounds/<int:round_id>/", views.round_list, name="round"),
    path("a/<str:code>/", views.assignment_detail, name="assignment"),
    path("a/<str:code>/declare/", views.declare, name="declare"),
    path("a/<str:code>/recuse/", views.recusal, name="recuse"),
    path("a/<str:code>/files/<int:position>/", views.entry_file, name="file"),
    path("a/<str:code>/others/", views.others_scores, name="others"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
]
