"""The certificate PDF carries a QR code of its verification page: drawn as vector (no image in the
PDF), readable by a scanner (the page rendered by PDFium, decoded by zxing-cpp), with the number and
the address printed beside it."""

import io
from datetime import timedelta

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone
from pypdf import PdfReader

from contests.models import AwardCategory, AwardLevel, ResultPublication
from contests.services.outcomes.awards import grant_award
from contests.services.outcomes.certificates import certificate_pdf
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory
from tests.contests.factories.judging import eligible_entry, organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def award():
    contest = ContestFactory()
    round_ = RoundFactory(contest=contest, number=1)
    entry = eligible_entry(contest, TrackFactory(contest=contest))
    category = AwardCategory.objects.create(contest=contest, name="一等奖", level=AwardLevel.FIRST, quota=1)
    boss = organiser()
    award = grant_award(entry, category, round_=round_, actor=boss, reason="评审委员会决定")
    now = timezone.now()
    ResultPublication.objects.create(
        round=round_, notice_days=7, published_by=boss, published_at=now - timedelta(days=8),
        notice_ends_at=now - timedelta(days=1), finalised_by=boss, finalised_at=now,
    )  # fmt: skip
    return award


def test_certificate_qr_code_is_vector_and_scans_to_the_verification_page(award):
    data = certificate_pdf(award)
    url = f"http://testserver/verify/{award.certificate_number}/"

    page = PdfReader(io.BytesIO(data)).pages[0]
    # Vector: the page draws no image at all (a raster QR code would be an image XObject).
    assert list(page.images) == []
    text = page.extract_text()
    assert f"证书编号：{award.certificate_number}" in text
    assert url in text
    assert "扫描二维码或访问以下网址核验本证书" in text
    assert "向组委会查验" not in text  # the old footer without an address is gone

    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    codes = zxingcpp.read_barcodes(image)
    assert [(code.format, code.text) for code in codes] == [(zxingcpp.BarcodeFormat.QRCode, url)]
