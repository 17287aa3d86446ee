"""Where uploaded files live: local folders by default, S3-compatible object storage when configured.

Two storages hold uploads (``STORAGES`` in the settings):

* ``"default"`` — public media: Wagtail images and their renditions, documents. Images are linked
  directly from pages, so this bucket (or prefix) is meant to be publicly readable.
* ``"private"`` — contest files, blind copies, exports, appeal attachments. Never linked: every
  download streams through a permission-checked view, so objects carry no public ACL and a URL, if
  one were ever made, is signed and short-lived.

``storages_from_env`` builds both from ``S3_*`` variables (deploy/README.md lists them) and is the one
place that does it: settings call it, and tests call ``s3_storages`` with a local S3 server's address.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from cms.env import env_bool, env_int, env_str

S3_BACKEND = "storages.backends.s3.S3Storage"
# AWS's rules for new buckets (3–63 lowercase letters, digits, dots and hyphens); other S3-compatible
# services accept a subset of what AWS accepts.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_PREFIX = re.compile(r"^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")
_REGION = re.compile(r"^[a-z0-9-]+$")
_ADDRESSING_STYLES = ("auto", "path", "virtual")
# Reading an object spools it to a temporary file past this size instead of holding it in memory
# (django-storages' default, 0, never spools: a 50 MB proposal would sit in a worker's memory).
SPOOL_AFTER_BYTES = 2 * 1024 * 1024


def _check(name, value, pattern, what):
    if value is not None and not pattern.match(value):
        raise ImproperlyConfigured(f"Environment variable {name} must be {what}, got {value!r}.")
    return value


def s3_storages(
    *,
    bucket,
    private_bucket=None,
    media_prefix="media",
    private_prefix="private",
    endpoint_url=None,
    region=None,
    access_key=None,
    secret_key=None,
    custom_domain=None,
    media_acl=None,
    addressing_style=None,
    private_url_expiry=300,
):
    """``STORAGES`` entries "default" and "private" on S3; separate buckets, or one bucket, two prefixes."""
    if (private_bucket or bucket) == bucket:
        media, private = f"{media_prefix.strip('/')}/", f"{private_prefix.strip('/')}/"
        if media == "/" or private == "/" or media.startswith(private) or private.startswith(media):
            # A policy that makes media public would publish the contest files with them.
            raise ImproperlyConfigured(
                "S3_MEDIA_PREFIX and S3_PRIVATE_PREFIX must be two separate, non-empty prefixes when media "
                f"and private files share the bucket {bucket!r} (got {media_prefix!r} and {private_prefix!r})."
            )
    common = {
        "endpoint_url": endpoint_url,
        "region_name": region,
        "addressing_style": addressing_style,
        # Never replace an object that has the same name: a second "photo.jpg" gets a suffix.
        "file_overwrite": False,
        "max_memory_size": SPOOL_AFTER_BYTES,
    }
    if access_key:
        # Otherwise boto3 finds credentials itself (AWS_ACCESS_KEY_ID…, a profile, an instance role).
        common |= {"access_key": access_key, "secret_key": secret_key}
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "location": media_prefix.strip("/"),
                "default_acl": media_acl,
                "querystring_auth": False,  # plain, cacheable URLs in pages
                "custom_domain": custom_domain,
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket or bucket,
                "location": private_prefix.strip("/"),
                "default_acl": None,  # the bucket's own default: private
                "querystring_auth": True,
                "querystring_expire": private_url_expiry,
                "custom_domain": None,
            },
        },
    }


def storages_from_env(local):
    """``local`` unchanged unless ``S3_BUCKET`` (or ``AWS_STORAGE_BUCKET_NAME``) is set; then "default"
    and "private" move to S3. Malformed values stop start-up with the variable's name."""
    bucket_var = "S3_BUCKET" if env_str("S3_BUCKET") else "AWS_STORAGE_BUCKET_NAME"
    bucket = env_str(bucket_var)
    if bucket is None:
        return local
    _check(bucket_var, bucket, _BUCKET, "an S3 bucket name (3–63 lowercase letters, digits, '.' or '-')")
    endpoint_url = env_str("S3_ENDPOINT_URL")
    if endpoint_url is not None and not re.match(r"^https?://[^\s/]+(/\S*)?$", endpoint_url):
        raise ImproperlyConfigured(
            f"Environment variable S3_ENDPOINT_URL must be an http(s):// URL, got {endpoint_url!r}."
        )
    access_key, secret_key = env_str("S3_ACCESS_KEY_ID"), env_str("S3_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured("Environment variables S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together.")
    addressing_style = env_str("S3_ADDRESSING_STYLE")
    if addressing_style is not None and addressing_style not in _ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"Environment variable S3_ADDRESSING_STYLE must be one of {', '.join(_ADDRESSING_STYLES)}, "
            f"got {addressing_style!r}."
        )
    expiry = env_int("S3_PRIVATE_URL_EXPIRY", 300)
    if not 1 <= expiry <= 7 * 24 * 3600:
        raise ImproperlyConfigured(
            f"Environment variable S3_PRIVATE_URL_EXPIRY must be 1–604800 seconds, got {expiry}."
        )
    media_public_read = env_bool("S3_MEDIA_PUBLIC_READ_ACL", False)
    return {
        **local,
        **s3_storages(
            bucket=bucket,
            private_bucket=_check("S3_PRIVATE_BUCKET", env_str("S3_PRIVATE_BUCKET"), _BUCKET, "an S3 bucket name"),
            media_prefix=_check("S3_MEDIA_PREFIX", env_str("S3_MEDIA_PREFIX", "media"), _PREFIX, "a key prefix"),
            private_prefix=_check(
                "S3_PRIVATE_PREFIX", env_str("S3_PRIVATE_PREFIX", "private"), _PREFIX, "a key prefix"
            ),
            endpoint_url=endpoint_url,
            region=_check("S3_REGION", env_str("S3_REGION"), _REGION, "a region name such as cn-north-1"),
            access_key=access_key,
            secret_key=secret_key,
            custom_domain=env_str("S3_CUSTOM_DOMAIN"),
            media_acl="public-read" if media_public_read else None,
            addressing_style=addressing_style,
            private_url_expiry=expiry,
        ),
    }


class PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used and again after ``STORAGES`` changes.

    A model field keeps the storage object it was given at import time; through this proxy the
    contest models follow ``override_settings(STORAGES=…)`` the way ``default_storage`` does.
    """

    def _setup(self):
        from django.core.files.storage import storages

        self._wrapped = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
