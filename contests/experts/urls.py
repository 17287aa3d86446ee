"""The expert pool's own pages (/experts/), included by contests/urls.py: ``contests:experts:*``."""

from django.urls import path

from contests.experts import views

app_name = "experts"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("me/", views.me, name="me"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
