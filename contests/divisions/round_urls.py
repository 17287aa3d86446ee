"""URL patterns of a division's first rounds (names ``contests:divisions:rounds`` …), included by the
division workspace's urls under ``<contest_slug>/<division_slug>/``."""

from django.urls import path

from contests.divisions import rounds

urlpatterns = [
    path("rounds/", rounds.rounds, name="rounds"),
    path(
        "rounds/<int:round_id>/assign/",
        rounds.round_assign,
        name="round_assign",
    ),
    path(
        "rounds/<int:round_id>/compute/",
        rounds.round_compute,
        name="round_compute",
    ),
    path(
        "rounds/<int:round_id>/results/",
        rounds.round_results,
        name="round_results",
    ),
    path(
        "rounds/<int:round_id>/advance/",
        rounds.round_advance,
        name="round_advance",
    ),
]
