"""URL patterns of a division's first rounds (names ``contests:divisions:rounds`` …), to be
included into the division workspace's urls under ``<contest_slug>/<division_slug>/``."""

from django.urls import path

from contests.divisions import rounds

urlpatterns = [
    path("<slug:contest_slug>/<slug:division_slug>/rounds/", rounds.rounds, name="rounds"),
    path(
        "<slug:contest_slug>/<slug:division_slug>/rounds/<int:round_id>/assign/",
        rounds.round_assign,
        name="round_assign",
    ),
    path(
        "<slug:contest_slug>/<slug:division_slug>/rounds/<int:round_id>/compute/",
        rounds.round_compute,
        name="round_compute",
    ),
    path(
        "<slug:contest_slug>/<slug:division_slug>/rounds/<int:round_id>/results/",
        rounds.round_results,
        name="round_results",
    ),
    path(
        "<slug:contest_slug>/<slug:division_slug>/rounds/<int:round_id>/advance/",
        rounds.round_advance,
        name="round_advance",
    ),
]
