"""The bench-only URLconf of bench/rush_server.py: the site's own URLs plus ``/bench/floor/``.

The floor is the least a logged-in write can cost on this stack: the same gunicorn, middleware
(session, CSRF, authentication, messages, axes), one transaction with one INSERT and a redirect —
what a draft save or a submit cannot go below. The table is made by the bench script.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.urls import path
from django.views.decorators.http import require_POST

from cms.urls import urlpatterns as site_urlpatterns

FLOOR_TABLE = "bench_rush_floor"


@login_required
@require_POST
def floor(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (user_id, note, created_at) VALUES (%s, %s, now())",  # noqa: S608
            [request.user.pk, request.POST.get("note", "")[:200]],
        )
    return HttpResponseRedirect("/bench/floor/done/")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *site_urlpatterns]
