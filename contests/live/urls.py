"""The live final (/live/), included by contests/urls.py: names are ``contests:live:*``."""

from django.urls import path

from contests.live.views import console, judge, organiser, screen, team

app_name = "live"

room = "<slug:session_slug>/<slug:room_slug>/"

urlpatterns = [
    path("", console.home, name="home"),
    path("new/", organiser.setup, name="setup"),
    path("<slug:session_slug>/", screen.session_record, name="session"),
    path("<slug:session_slug>/draw/", organiser.draw, name="draw"),
    path("<slug:session_slug>/publish/", organiser.publish, name="publish"),
    path("<slug:session_slug>/public/", organiser.publicity, name="publicity"),
    path("<slug:session_slug>/rooms/new/", organiser.room_new, name="room_new"),
    path(room, console.console, name="console"),
    path(room + "step/<slug:action>/", console.step, name="step"),
    path(room + "close/", console.close, name="close"),
    path(room + "absent/<int:judge_id>/", console.absent, name="absent"),
    path(room + "slots/<int:slot_id>/confirm/", console.host_signoff, name="host_signoff"),
    path(room + "slots/<int:slot_id>/video/", console.video, name="video"),
    path(room + "slots/<int:slot_id>/signoff/", team.team_signoff, name="team_signoff"),
    path(room + "slots/<int:slot_id>/appeal/", team.appeal, name="appeal"),
    path(room + "appeals/<int:appeal_id>/decide/", team.decide, name="decide"),
    path(room + "judge/", judge.judge_page, name="judge"),
    path(room + "judge/submit/", judge.judge_submit, name="judge_submit"),
    path(room + "screen/", screen.screen, name="screen"),
    path(room + "state.json", screen.state_json, name="state"),
]
