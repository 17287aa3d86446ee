"""Pictures are re-encoded with their pixels only, upright."""

import io

import pytest
from PIL import Image

from cms.documents.kinds import JPEG, PNG, WEBP
from cms.documents.limits import DocumentRejected, Limits
from tests.cms.documents.conftest import cleaned
from tests.cms.documents.hostile import image_markers, jpeg_bytes, marker, png_bytes, webp_bytes
from tests.cms.documents.scanning import leaks, missing

CASES = {
    JPEG: (lambda: jpeg_bytes(marker("JPEG")), "jpeg", "JPEG", (8, 4), (30, 30, 200)),
    PNG: (lambda: png_bytes(marker("PNG")), "png", "PNG", (4, 3), (200, 30, 30)),
    WEBP: (lambda: webp_bytes(marker("WEBP")), "webp", "WEBP", (6, 6), (20, 160, 20)),
}


@pytest.mark.parametrize("content_type", CASES, ids=["jpeg", "png", "webp"])
def test_clean_image_drops_exif_xmp_icc_comments_and_text_chunks(content_type):
    build, kind, image_format, size, color = CASES[content_type]
    data = build()
    markers = image_markers(marker(image_format), kind)
    assert missing(data, markers) == []
    result = cleaned(data, content_type)
    assert leaks(result, markers) == {}
    with Image.open(io.BytesIO(result)) as image:
        assert (image.format, image.size) == (image_format, size)
        assert all(abs(a - b) <= 3 for a, b in zip(image.convert("RGB").getpixel((1, 1)), color, strict=True))
        assert "exif" not in image.info and "icc_profile" not in image.info


def test_clean_image_turns_the_picture_upright_from_its_exif_orientation():
    rotated = jpeg_bytes(marker("JPEG"), size=(8, 4), orientation=6)
    with Image.open(io.BytesIO(cleaned(rotated, JPEG))) as image:
        assert image.size == (4, 8)
        assert image.getexif() == {}


def test_clean_image_refuses_more_pixels_than_the_limit():
    with pytest.raises(DocumentRejected) as refused:
        cleaned(png_bytes(size=(200, 101)), PNG, Limits(max_image_pixels=20_000))
    assert refused.value.code == "bomb"
    assert str(refused.value) == "图片像素过多（上限 2 万像素），可能是“解压炸弹”。"


def test_clean_image_refuses_a_file_of_another_format():
    with pytest.raises(DocumentRejected) as refused:
        cleaned(png_bytes(), JPEG)
    assert refused.value.code == "corrupt"
