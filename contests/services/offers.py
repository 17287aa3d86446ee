"""The data a 赛题 offers (OfferedResource), its versioned agreements and its private files.

- open: a download link is required; sandbox: access instructions; agreement (协议开放): the
  agreement text, saved as DataAgreement version 1. A changed text is a new version (N+1): every
  team member must accept it again before downloading (the data desk checks the latest version).
- Once a team has applied for an offer, its access level is fixed and the offer cannot be removed:
  the requests, decisions and acceptances refer to it.
- Files (by-agreement offers only) go to the private storage under a random name, up to
  ``MAX_FILE_BYTES``; their SHA-256 is computed while the upload streams in
  (``cms.upload_handlers``) and their name is cleaned as entry files' are. Removing a file is soft
  (``removed_at``): the download log keeps pointing at it.
"""

import hashlib

import filetype
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.choices import AccessLevel
from contests.rules import can_manage_challenge
from contests.services import ContestError
from contests.services.audit import record
from contests.services.challenges import require_editable
from contests.services.upload_checks import MiB, extension_of
from contests.services.uploads import clean_filename

MAX_FILE_BYTES = 200 * MiB
# Data comes as tables, documents and archives; programs and markup never.
DATA_EXTENSIONS = ("csv", "tsv", "txt", "json", "xlsx", "xls", "zip", "gz", "7z", "parquet", "pdf", "docx")
EXECUTABLE_MIMES = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-elf",
    "application/x-mach-binary",
    "application/x-sharedlib",
    "application/x-shockwave-flash",
}
OFFER_FIELDS = ("access_level", "download_url", "sandbox_instructions", "note")


def too_large_message():
    return _("文件超过大小上限（%(size)d MB），未保存。") % {"size": MAX_FILE_BYTES // MiB}


def _require(user, challenge, now=None):
    if not can_manage_challenge(user, challenge):
        raise ContestError(_("只有出题单位的成员可以修改赛题的数据。"), code="forbidden")
    require_editable(challenge, now)


def _check_terms(data):
    level = data.get("access_level")
    if level not in AccessLevel.values:
        raise ContestError(_("请选择获取方式。"), code="level")
    if level == AccessLevel.OPEN and not (data.get("download_url") or "").strip():
        raise ContestError(_("开放下载的数据须填写下载链接。"), code="download_url")
    if level == AccessLevel.SANDBOX and not (data.get("sandbox_instructions") or "").strip():
        raise ContestError(_("沙箱使用的数据须填写使用说明。"), code="sandbox_instructions")
    if level == AccessLevel.AGREEMENT and not (data.get("agreement_text") or "").strip():
        raise ContestError(_("协议开放的数据须填写数据使用协议。"), code="agreement_text")


def _snapshot(offer):
    return {"resource": offer.resource_id, **{name: getattr(offer, name) for name in OFFER_FIELDS}}


def latest_agreement(offer):
    return offer.agreements.order_by("-version").first()


def add_offer(challenge, resource, data, user, *, now=None):
    """Offer ``resource`` with ``challenge`` on the terms in ``data``."""
    from contests.models import DataAgreement, OfferedResource

    _require(user, challenge, now)
    _check_terms(data)
    if challenge.offers.filter(resource=resource).exists():
        raise ContestError(_("本赛题已提供这项数据资源。"), code="duplicate")
    with transaction.atomic():
        offer = OfferedResource.objects.create(
            challenge=challenge, resource=resource, **{name: (data.get(name) or "").strip() for name in OFFER_FIELDS}
        )
        if offer.access_level == AccessLevel.AGREEMENT:
            DataAgreement.objects.create(offer=offer, version=1, text=data["agreement_text"].strip(), created_by=user)
        record("offer.add", offer, actor=user, contest=challenge.track.contest, after=_snapshot(offer))
    return offer


def update_offer(offer, data, user, *, now=None):
    """Change an offer's terms; returns the new agreement version number when the text changed, else None."""
    from contests.models import DataAgreement

    challenge = offer.challenge
    _require(user, challenge, now)
    _check_terms(data)
    if data["access_level"] != offer.access_level and offer.requests.exists():
        raise ContestError(
            _(
                "已有团队申请这项数据，获取方式不能再更改（已提交的申请和协议签署都基于当前方式）。如需其他方式，请另行添加。"
            ),
            code="level_locked",
        )
    new_version = None
    with transaction.atomic():
        before = _snapshot(offer)
        for name in OFFER_FIELDS:
            setattr(offer, name, (data.get(name) or "").strip())
        offer.save(update_fields=list(OFFER_FIELDS))
        if offer.access_level == AccessLevel.AGREEMENT:
            text = data["agreement_text"].strip()
            current = latest_agreement(offer)
            if current is None or current.text != text:
                new_version = (current.version + 1) if current else 1
                DataAgreement.objects.create(offer=offer, version=new_version, text=text, created_by=user)
        record(
            "offer.update",
            offer,
            actor=user,
            contest=challenge.track.contest,
            before=before,
            after=_snapshot(offer) | {"agreement_version": new_version},
        )
    return new_version


def remove_offer(offer, user, *, now=None):
    """Withdraw an offer nobody has applied for or accepted yet."""
    from contests.models import AgreementAcceptance

    challenge = offer.challenge
    _require(user, challenge, now)
    if offer.requests.exists() or AgreementAcceptance.objects.filter(agreement__offer=offer).exists():
        raise ContestError(_("已有团队申请或签署协议，这项数据不能再移除。"), code="in_use")
    with transaction.atomic():
        record("offer.remove", offer, actor=user, contest=challenge.track.contest, before=_snapshot(offer))
        files = list(offer.files.all())
        offer.files.all().delete()
        offer.agreements.all().delete()
        offer.delete()
        transaction.on_commit(lambda: [f.file.delete(save=False) for f in files])


def _check_data_file(upload, name):
    if extension_of(name) not in DATA_EXTENSIONS:
        raise ContestError(
            _("“%(name)s”不是允许的数据文件类型（%(allowed)s）。未保存。")
            % {"name": name, "allowed": "、".join(DATA_EXTENSIONS)},
            code="type",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess and guess.mime in EXECUTABLE_MIMES:
        raise ContestError(_("“%(name)s”是可执行程序，不允许上传。") % {"name": name}, code="executable")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<svg", b"<script")):
        raise ContestError(_("“%(name)s”是网页或 SVG 等标记文件，不允许上传。") % {"name": name}, code="markup")


def _sha256_of(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def store_offered_file(offer, upload, user, *, now=None):
    """Keep ``upload`` (a Django ``File``) as a private file of a by-agreement offer."""
    from contests.models import OfferedFile

    _require(user, offer.challenge, now)
    if offer.access_level != AccessLevel.AGREEMENT:
        raise ContestError(_("只有协议开放的数据可以上传文件；开放下载的数据请填写链接。"), code="level")
    name = clean_filename(upload.name)
    size = upload.size
    if not size:
        raise ContestError(_("“%(name)s”是空文件，未保存。") % {"name": name}, code="empty")
    if size > MAX_FILE_BYTES:
        raise ContestError(too_large_message(), code="too_large")
    _check_data_file(upload, name)
    sha256 = getattr(upload, "sha256", None) or _sha256_of(upload)
    upload.seek(0)
    with transaction.atomic():
        stored = OfferedFile(offer=offer, original_name=name, size=size, sha256=sha256, uploaded_by=user)
        stored.file.save(name, upload, save=False)
        stored.save()
        record(
            "offer.file_upload",
            stored,
            actor=user,
            contest=offer.challenge.track.contest,
            after={"name": name, "size": size, "sha256": sha256},
        )
    return stored


def remove_offered_file(offered_file, user, *, now=None):
    """Take a file out of the offer; downloads logged for it keep their record."""
    now = now or timezone.now()
    offer = offered_file.offer
    _require(user, offer.challenge, now)
    if offered_file.removed_at is not None:
        raise ContestError(_("这个文件已经移除。"), code="removed")
    offered_file.removed_at = now
    offered_file.save(update_fields=["removed_at"])
    record(
        "offer.file_remove",
        offered_file,
        actor=user,
        contest=offer.challenge.track.contest,
        before={"name": offered_file.original_name, "sha256": offered_file.sha256},
    )
    return offered_file
