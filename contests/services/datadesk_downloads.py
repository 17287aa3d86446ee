"""Downloads of by-agreement data: who may download now, the signed expiring links (bound to the
user, the request and the file), the file itself (streamed, or a signed S3 URL), and the access log."""

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpResponseRedirect

from cms.http import attachment
from contests import models
from contests.rules import may_download_data

_DOWNLOAD_SALT = "contests.datadesk.download"
# A signed S3 URL handed out by a download lives this long (the page's download token: 10 minutes).
S3_LINK_SECONDS = 60


def can_download(user, request, now):
    return may_download_data(user, request, now)


def download_token(request, file, user):
    """A signed token naming the user, the request and the file; valid ``DATA_DESK_LINK_MAX_AGE`` s."""
    return signing.TimestampSigner(salt=_DOWNLOAD_SALT).sign_object(
        {"u": user.pk, "r": request.pk, "f": file.pk}, compress=True
    )


def check_download_token(token, user):
    """(request, file) named by a valid, unexpired token issued to ``user``, or None.

    The file must belong to the request's offer and not be removed. Whether the user may still
    download is a separate check (``can_download``), made at the moment of the download."""
    try:
        data = signing.TimestampSigner(salt=_DOWNLOAD_SALT).unsign_object(
            token, max_age=settings.DATA_DESK_LINK_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), int) for key in ("u", "r", "f")):
        return None
    if not (user and user.is_authenticated) or data["u"] != user.pk:
        return None
    request = models.DataRequest.objects.select_related("team__contest", "offer__resource").filter(pk=data["r"]).first()
    if request is None:
        return None
    file = models.OfferedFile.objects.filter(pk=data["f"], offer_id=request.offer_id, removed_at__isnull=True).first()
    if file is None:
        return None
    return request, file


def data_file_response(file):
    """The file as a download: streamed from private storage, or — where the storage signs URLs (S3 in
    production) — a redirect to a signed URL of the private bucket that expires in a minute."""
    storage = file.file.storage
    disposition = attachment(file.original_name)
    if getattr(storage, "querystring_auth", False):
        parameters = {"ResponseContentDisposition": disposition}
        url = storage.url(file.file.name, parameters=parameters, expire=S3_LINK_SECONDS)
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(file.file.open("rb"), content_type="application/octet-stream")
        response["Content-Disposition"] = disposition
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def record_download(request, file, user, ip, now):
    return models.DataDownload.objects.create(
        request=request, file=file, user=user, downloaded_at=now, size=file.size, ip_address=ip or None
    )


def downloads_visible_to(user):
    """The access log: organisers see every download, a unit's members those of their unit's data."""
    from contests.rules import is_organiser

    queryset = models.DataDownload.objects.all()
    if is_organiser(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    return queryset.filter(request__offer__challenge__unit__members__user=user)
