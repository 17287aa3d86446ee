"""An image enters the library only with its 描述 (the alt text on public pages): through the single
upload form, and through Wagtail's multiple uploader, which keeps the file aside until the
description is filled in."""

import gc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from cms.demo import ensure_user
from tests.scenes.factories import png_bytes, renders_images

Image = get_image_model()
REFUSAL = "请填写“描述”：用一句话说明图片内容，它将作为替代文本提供给无法看到图片的读者。"


@pytest.fixture
def uploader(client, db):
    user = ensure_user("images@shuyong.example", "pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def png(name="cover.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def single_upload(client, description):
    data = {"title": "社保自助终端", "description": description, "collection": Collection.get_first_root_node().pk}
    return client.post(reverse("wagtailimages:add"), {**data, "file": png()})


@pytest.mark.django_db
@pytest.mark.parametrize("description", ["", "   "])
def test_single_upload_without_a_description_is_refused_with_a_chinese_reason(uploader, description):
    response = single_upload(uploader, description)
    assert response.status_code == 200
    assert response.context["form"].errors["description"] == [REFUSAL]
    assert REFUSAL in response.content.decode()
    assert Image.objects.count() == 0


@pytest.mark.django_db
def test_single_upload_with_a_description_is_accepted(uploader):
    response = single_upload(uploader, "济南市民在自助终端办理社保业务")
    assert response.status_code == 302
    saved = list(Image.objects.values_list("title", "description"))
    assert saved == [("社保自助终端", "济南市民在自助终端办理社保业务")]


@pytest.mark.django_db
@renders_images  # Wagtail leaves the uploaded file for the garbage collector to close
def test_multiple_uploader_creates_the_image_only_once_described(uploader):
    response = uploader.post(reverse("wagtailimages:add_multiple"), {"files[]": png("terminal.png")})
    upload_id = response.json()["uploaded_file_id"]
    assert (Image.objects.count(), UploadedFile.objects.count()) == (0, 1)

    url = reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id])
    prefix = f"uploaded-image-{upload_id}"
    refused = uploader.post(url, {f"{prefix}-title": "社保自助终端", f"{prefix}-description": ""}).json()
    assert refused["success"] is False
    assert REFUSAL in refused["form"]
    assert Image.objects.count() == 0

    described = {f"{prefix}-title": "社保自助终端", f"{prefix}-description": "自助终端的触摸屏"}
    assert uploader.post(url, described).json()["success"] is True
    assert list(Image.objects.values_list("description", flat=True)) == ["自助终端的触摸屏"]
    assert UploadedFile.objects.count() == 0
    gc.collect()  # close it now, under this test's filter, not during the next test


@pytest.mark.django_db
@renders_images  # the edit page shows a rendition of the image
def test_editing_an_image_cannot_clear_its_description(uploader):
    image = Image.objects.create(title="旧图", description="", file=png("old.png"))
    url = reverse("wagtailimages:edit", args=[image.pk])
    response = uploader.post(url, {"title": "旧图", "description": "", "collection": image.collection_id})
    assert response.context["form"].errors["description"] == [REFUSAL]
