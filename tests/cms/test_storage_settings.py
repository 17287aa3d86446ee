"""``STORAGES`` from S3_* variables (cms/storage.py): unchanged without them, exact options with them,
and a start-up error naming the variable for every malformed value. The real S3 round trip is in
tests/integration/test_s3_storage.py."""

import json
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.storage import S3_BACKEND, SPOOL_AFTER_BYTES, storages_from_env
from tests.services import REPO_DIR, production_env

VARIABLES = [
    "S3_BUCKET",
    "AWS_STORAGE_BUCKET_NAME",
    "S3_PRIVATE_BUCKET",
    "S3_MEDIA_PREFIX",
    "S3_PRIVATE_PREFIX",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_CUSTOM_DOMAIN",
    "S3_MEDIA_PUBLIC_READ_ACL",
    "S3_ADDRESSING_STYLE",
    "S3_PRIVATE_URL_EXPIRY",
]
LOCAL = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/srv/private"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_a_bucket_nothing_changes():
    assert storages_from_env(LOCAL) is LOCAL


def test_one_bucket_holds_media_and_private_files_under_two_prefixes(clean_env):
    clean_env.setenv("S3_BUCKET", "shuyong")
    clean_env.setenv("S3_ENDPOINT_URL", "https://oss-cn-qingdao.example.com")
    clean_env.setenv("S3_REGION", "cn-qingdao")
    common = {
        "endpoint_url": "https://oss-cn-qingdao.example.com",
        "region_name": "cn-qingdao",
        "addressing_style": None,
        "file_overwrite": False,
        "max_memory_size": SPOOL_AFTER_BYTES,
    }
    assert storages_from_env(LOCAL) == {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": "shuyong",
                "location": "media",
                "default_acl": None,
                "querystring_auth": False,
                "custom_domain": None,
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": "shuyong",
                "location": "private",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 300,
                "custom_domain": None,
            },
        },
        "staticfiles": LOCAL["staticfiles"],
    }


def test_separate_buckets_keys_public_acl_and_custom_domain(clean_env):
    for name, value in {
        "AWS_STORAGE_BUCKET_NAME": "shuyong-media",
        "S3_PRIVATE_BUCKET": "shuyong-private",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
        "S3_CUSTOM_DOMAIN": "media.shuyong.example",
        "S3_MEDIA_PUBLIC_READ_ACL": "true",
        "S3_ADDRESSING_STYLE": "path",
        "S3_PRIVATE_URL_EXPIRY": "60",
    }.items():
        clean_env.setenv(name, value)
    built = storages_from_env(LOCAL)
    media, private = built["default"]["OPTIONS"], built["private"]["OPTIONS"]
    assert (media["bucket_name"], media["default_acl"], media["custom_domain"], media["access_key"]) == (
        "shuyong-media",
        "public-read",
        "media.shuyong.example",
        "key",
    )
    assert (private["bucket_name"], private["default_acl"], private["custom_domain"]) == ("shuyong-private", None, None)
    assert (private["querystring_expire"], private["secret_key"], private["addressing_style"]) == (60, "secret", "path")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("S3_BUCKET", "Shuyong_Media"),
        ("S3_PRIVATE_BUCKET", "x"),
        ("S3_ENDPOINT_URL", "oss.example.com"),
        ("S3_REGION", "cn north"),
        ("S3_MEDIA_PREFIX", "/media"),
        ("S3_ADDRESSING_STYLE", "dns"),
        ("S3_PRIVATE_URL_EXPIRY", "0"),
        ("S3_MEDIA_PUBLIC_READ_ACL", "sometimes"),
        ("S3_ACCESS_KEY_ID", "key-without-secret"),
    ],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(clean_env, name, value):
    clean_env.setenv("S3_BUCKET", "shuyong")
    clean_env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        storages_from_env(LOCAL)


@pytest.mark.parametrize(("media", "private"), [("media", "media"), ("media", "media/private"), ("files", "files/x")])
def test_one_bucket_refuses_private_files_inside_the_media_prefix(clean_env, media, private):
    clean_env.setenv("S3_BUCKET", "shuyong")
    clean_env.setenv("S3_MEDIA_PREFIX", media)
    clean_env.setenv("S3_PRIVATE_PREFIX", private)
    with pytest.raises(ImproperlyConfigured, match="S3_PRIVATE_PREFIX"):
        storages_from_env(LOCAL)


def test_production_settings_use_the_buckets_and_keep_hashed_static_files():
    env = production_env(S3_BUCKET="shuyong-media", S3_PRIVATE_BUCKET="shuyong-private", S3_REGION="cn-north-1")
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({k: v['BACKEND'] for k, v in settings.STORAGES.items()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "default": S3_BACKEND,
        "private": S3_BACKEND,
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }
