"""Digital signatures on the PDFs the contest issues (award certificates), with pyHanko.

When ``settings.CERTIFICATE_SIGNING_PKCS12`` names a PKCS#12 file (the organising committee's
certificate and private key, opened with ``CERTIFICATE_SIGNING_PASSPHRASE``), every certificate PDF
gets an invisible approval signature that a PDF reader checks against that certificate: a changed
byte breaks it. When it is not set, PDFs stay unsigned; the public verification page
(``/verify/<number>/``) is the check that always works. The key is read once per process: restart
after replacing the file.
"""

import functools
import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FIELD_NAME = "Signature"


def signing_configured():
    return bool(settings.CERTIFICATE_SIGNING_PKCS12)


@functools.cache
def _signer(path, passphrase):
    from pyhanko.sign import signers

    if not Path(path).is_file():
        raise ImproperlyConfigured(f"CERTIFICATE_SIGNING_PKCS12: cannot read {path}: no such file")
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode() if passphrase else None)
    if signer is None:  # pyHanko logs why: a wrong passphrase, or no key in the file
        raise ImproperlyConfigured(
            f"CERTIFICATE_SIGNING_PKCS12: {path} has no usable key (check CERTIFICATE_SIGNING_PASSPHRASE)"
        )
    return signer


def sign_pdf(data, *, reason, location=""):
    """``data`` (PDF bytes) signed when signing is configured, else unchanged."""
    if not signing_configured():
        return data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = _signer(settings.CERTIFICATE_SIGNING_PKCS12, settings.CERTIFICATE_SIGNING_PASSPHRASE)
    metadata = signers.PdfSignatureMetadata(field_name=FIELD_NAME, reason=reason, location=location or None)
    # An incremental update: the certificate's own bytes stay as drawn, the signature covers them.
    signed = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), metadata, signer=signer)
    return signed.getvalue()
