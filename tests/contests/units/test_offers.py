"""The data a 赛题 offers: terms per access level, versioned agreements, a level fixed once teams
have applied, and private data files (size limit while streaming, SHA-256, clean names, soft removal)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contests.choices import AccessLevel
from contests.models import DataAgreement, OfferedFile, OfferedResource
from contests.services import ContestError
from contests.services.offers import store_offered_file
from tests.contests.units.conftest import data_request

pytestmark = pytest.mark.django_db


def offer_data(**overrides):
    return {
        "access_level": AccessLevel.AGREEMENT,
        "download_url": "",
        "sandbox_instructions": "",
        "agreement_text": "仅限本次大赛使用，不得外传。",
        "note": "2020—2025 年",
    } | overrides


@pytest.fixture
def agreement_offer(challenge, member, resource):
    from contests.services.offers import add_offer

    return add_offer(challenge, resource, offer_data(), member)


def test_each_access_level_requires_its_terms_and_bad_input_saves_nothing(client, member, challenge, resource):
    client.force_login(member)
    url = reverse("contests:units:offer_add", kwargs={"pk": challenge.pk})
    cases = [
        (AccessLevel.OPEN, "开放下载的数据须填写下载链接。"),
        (AccessLevel.SANDBOX, "沙箱使用的数据须填写使用说明。"),
        (AccessLevel.AGREEMENT, "协议开放的数据须填写数据使用协议。"),
    ]
    for level, message in cases:
        response = client.post(url, offer_data(resource=resource.pk, access_level=level, agreement_text=""))
        assert message in response.content.decode()
    assert not OfferedResource.objects.exists()

    client.post(
        url, offer_data(resource=resource.pk, access_level=AccessLevel.OPEN, download_url="https://data.example/x.csv")
    )
    assert OfferedResource.objects.get().download_url == "https://data.example/x.csv"


def test_an_agreement_offer_starts_at_version_1_and_a_changed_text_is_a_new_version(
    client, member, challenge, resource
):
    client.force_login(member)
    client.post(reverse("contests:units:offer_add", kwargs={"pk": challenge.pk}), offer_data(resource=resource.pk))
    offer = OfferedResource.objects.get()
    assert list(offer.agreements.values_list("version", "text")) == [(1, "仅限本次大赛使用，不得外传。")]

    url = reverse("contests:units:offer_edit", kwargs={"pk": challenge.pk, "offer_id": offer.pk})
    client.post(url, offer_data(note="只改说明"))  # same text: no new version
    assert offer.agreements.count() == 1
    response = client.post(url, offer_data(agreement_text="仅限本次大赛使用；结果须注明数据来源。"), follow=True)
    assert "每位团队成员须重新签署" in response.content.decode()
    assert list(offer.agreements.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert DataAgreement.objects.get(offer=offer, version=1).text == "仅限本次大赛使用，不得外传。"


def test_the_access_level_is_fixed_once_a_team_has_applied(client, member, challenge, agreement_offer):
    data_request(agreement_offer)
    client.force_login(member)
    url = reverse("contests:units:offer_edit", kwargs={"pk": challenge.pk, "offer_id": agreement_offer.pk})
    page = client.get(url).content.decode()
    assert "获取方式不能再更改" in page
    response = client.post(url, offer_data(access_level=AccessLevel.OPEN, download_url="https://data.example/"))
    assert "获取方式不能再更改" in response.content.decode()
    agreement_offer.refresh_from_db()
    assert agreement_offer.access_level == AccessLevel.AGREEMENT

    remove = reverse("contests:units:offer_remove", kwargs={"pk": challenge.pk, "offer_id": agreement_offer.pk})
    client.post(remove)
    assert OfferedResource.objects.filter(pk=agreement_offer.pk).exists()


def test_an_unused_offer_is_removed_with_its_agreements(client, member, challenge, agreement_offer):
    client.force_login(member)
    remove = reverse("contests:units:offer_remove", kwargs={"pk": challenge.pk, "offer_id": agreement_offer.pk})
    assert "确认移除" in client.get(remove).content.decode()
    client.post(remove)
    assert not OfferedResource.objects.exists() and not DataAgreement.objects.exists()


def upload_url(challenge, offer):
    return reverse("contests:units:file_upload", kwargs={"pk": challenge.pk, "offer_id": offer.pk})


def test_a_data_file_is_stored_privately_with_its_sha256(
    client, member, challenge, agreement_offer, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    content = b"id,name\n1,\xe5\xbc\xa0\xe4\xb8\x89\n"
    client.force_login(member)
    response = client.post(
        upload_url(challenge, agreement_offer),
        {"file": SimpleUploadedFile("就诊记录 2025.csv", content, content_type="text/csv")},
        follow=True,
    )
    stored = OfferedFile.objects.get()
    assert (stored.original_name, stored.size) == ("就诊记录 2025.csv", len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.file.name.startswith(f"data-desk/{agreement_offer.pk}/") and "就诊" not in stored.file.name
    assert "就诊记录 2025.csv" in response.content.decode()


def test_too_large_files_are_refused_while_streaming(client, member, challenge, agreement_offer, monkeypatch):
    monkeypatch.setattr("contests.units.views.offers.MAX_FILE_BYTES", 1024)
    client.force_login(member)
    response = client.post(
        upload_url(challenge, agreement_offer),
        {"file": SimpleUploadedFile("big.csv", b"x" * 5000, content_type="text/csv")},
        follow=True,
    )
    assert "文件超过大小上限" in response.content.decode()
    assert not OfferedFile.objects.exists()


def test_programs_markup_and_crafted_names_are_refused(member, agreement_offer):
    for name, content, message in [
        ("tool.exe", b"MZ\x90\x00" + b"\x00" * 100, "不是允许的数据文件类型"),
        ("data.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 60 + b"PE\x00\x00", ""),
        ("page.json", b"<!DOCTYPE html><script>alert(1)</script>", "标记文件"),
        ("报告\u202egpj.csv", b"a,b\n", "控制字符"),
        ("empty.csv", b"", "空文件"),
    ]:
        with pytest.raises(ContestError) as refused:
            store_offered_file(agreement_offer, SimpleUploadedFile(name, content), member)
        assert message in refused.value.message
    assert not OfferedFile.objects.exists()


def test_only_agreement_offers_take_files_and_removal_is_soft(client, member, challenge, agreement_offer, resource):
    open_offer = OfferedResource.objects.create(
        challenge=challenge,
        resource=type(resource).objects.create(
            name="开放数据", slug="open-data", department="x", owner_unit=challenge.unit
        ),
        access_level=AccessLevel.OPEN,
        download_url="https://data.example/",
    )
    with pytest.raises(ContestError):
        store_offered_file(open_offer, SimpleUploadedFile("a.csv", b"a,b\n"), member)

    stored = store_offered_file(agreement_offer, SimpleUploadedFile("a.csv", b"a,b\n"), member)
    client.force_login(member)
    client.post(
        reverse(
            "contests:units:file_remove",
            kwargs={"pk": challenge.pk, "offer_id": agreement_offer.pk, "file_id": stored.pk},
        )
    )
    stored.refresh_from_db()
    assert stored.removed_at is not None
    page = client.get(reverse("contests:units:challenge", kwargs={"pk": challenge.pk})).content.decode()
    assert '<th scope="row">a.csv</th>' not in page


def test_an_upload_without_the_csrf_token_is_refused(member, challenge, agreement_offer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(
        upload_url(challenge, agreement_offer), {"file": SimpleUploadedFile("a.csv", b"a,b\n", content_type="text/csv")}
    )
    assert response.status_code == 403
    assert not OfferedFile.objects.exists()
