"""Certificate PDFs signed with pyHanko when a PKCS#12 file is configured: the signature is intact,
valid and trusted against the committee's certificate, and breaks when a byte changes; unsigned when
nothing is configured; a wrong passphrase or a missing file is a configuration error that says so."""

import datetime
import io
from datetime import timedelta

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from contests.models import AwardCategory, AwardLevel, ResultPublication
from contests.services.outcomes.awards import grant_award
from contests.services.outcomes.certificates import certificate_pdf
from tests.contests.factories import ContestFactory, RoundFactory, TrackFactory
from tests.contests.factories.judging import eligible_entry, organiser

pytestmark = pytest.mark.django_db


def committee_certificate():
    """A self-signed certificate of the organising committee and its key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "数用大赛组委会")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, certificate


@pytest.fixture
def signing(settings, tmp_path):
    key, certificate = committee_certificate()
    path = tmp_path / "committee.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"committee", key, certificate, None, serialization.BestAvailableEncryption(b"s3cret")
        )
    )
    settings.CERTIFICATE_SIGNING_PKCS12 = str(path)
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "s3cret"
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


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
        round=round_, notice_days=7, published_by=boss, published_at=now, notice_ends_at=now + timedelta(days=7)
    )
    return award


def signatures(data):
    return PdfFileReader(io.BytesIO(data)).embedded_signatures


def test_certificate_is_signed_with_the_configured_certificate(signing, award):
    data = certificate_pdf(award)
    [signature] = signatures(data)
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[signing]))
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert signature.signer_cert.subject.native["common_name"] == "数用大赛组委会"
    assert signature.sig_object["/Reason"] == f"获奖证书 {award.certificate_number}"

    # One byte changed inside what the signature covers (the page's drawing, in its first stream).
    at = data.index(b"stream\n") + 20
    tampered = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    [broken] = signatures(tampered)
    assert validate_pdf_signature(broken, ValidationContext(trust_roots=[signing])).intact is False


def test_certificate_is_unsigned_without_configuration(settings, award):
    settings.CERTIFICATE_SIGNING_PKCS12 = ""
    assert signatures(certificate_pdf(award)) == []


def test_wrong_passphrase_or_missing_file_is_a_configuration_error(signing, settings, award, tmp_path):
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "wrong"
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATE_SIGNING_PASSPHRASE"):
        certificate_pdf(award)
    settings.CERTIFICATE_SIGNING_PKCS12 = str(tmp_path / "missing.p12")
    with pytest.raises(ImproperlyConfigured, match="cannot read"):
        certificate_pdf(award)
