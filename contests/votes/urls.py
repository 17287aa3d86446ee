"""/vote/ (names ``contests:votes:*``): the public vote (人气奖) of a round, and the confirmation page
that casts a vote."""

from django.urls import path

from contests.votes import views

app_name = "votes"

urlpatterns = [
    path("<slug:contest_slug>/<int:number>/", views.round_page, name="round"),
    path("<slug:contest_slug>/<int:number>/<uuid:entry_uuid>/", views.cast, name="cast"),
]
