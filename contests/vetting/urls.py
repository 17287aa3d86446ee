"""/vetting/ (names ``contests:vetting:*``)."""

from django.urls import path

from contests.vetting import views

app_name = "vetting"

urlpatterns = [
    path("", views.home, name="home"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/<str:decision>/", views.decide, name="decide"),
]
