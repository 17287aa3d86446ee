"""A by-agreement data file on S3 (moto): the approved player's download is logged and redirected to a
short-lived signed URL of the private bucket; the object itself stays unreadable without a signature."""

import re
import urllib.request

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.models import DataDownload
from contests.services import datadesk as desk
from tests.contests.datadesk.builders import FILE_BYTES, data_desk_world, make_file
from tests.contests.factories import ContestFactory
from tests.contests.factories.judging import organiser
from tests.integration.test_s3_storage import PRIVATE_BUCKET, buckets, http_request, keys, s3, s3_server  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


# The fixtures s3 and s3_server come from test_s3_storage (imported above).
def test_an_approved_download_redirects_to_a_signed_private_url(s3, s3_server, client):  # noqa: F811
    world = data_desk_world(ContestFactory(), organiser(email="organiser@s3-desk.example"))
    stored = make_file(world.offer, world.unit_user, name="门诊量.csv")
    assert f"private/{stored.file.name}" in keys(s3, PRIVATE_BUCKET)
    assert http_request("GET", f"{s3_server}/{PRIVATE_BUCKET}/private/{stored.file.name}")[0] == 403

    agreement = desk.current_agreement(world.offer)
    (request,) = desk.apply(
        world.ours.team, [world.offer], "用途", world.ours.leader, "", timezone.now(), accepting=[agreement]
    )
    desk.decide(request, world.unit_user, True, "", request.version, timezone.now())
    client.force_login(world.ours.leader)
    html = client.get(reverse("contests:team_data", kwargs={"pk": world.ours.team.pk})).content.decode()
    links = re.findall(r'href="(/portal/data/download/[^"]+/)"', html)
    (link,) = [link for link in links if desk.check_download_token(link.split("/")[-2], world.ours.leader)[1] == stored]

    response = client.get(link)
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(f"{s3_server}/{PRIVATE_BUCKET}/private/") and "Signature" in signed
    with urllib.request.urlopen(signed, timeout=5) as answer:  # noqa: S310 (our loopback S3)
        assert answer.read() == FILE_BYTES
        assert "attachment" in answer.headers["Content-Disposition"]
    assert DataDownload.objects.filter(file=stored, user=world.ours.leader).count() == 1
