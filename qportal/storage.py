"""Where files live: static files under hashed names, and uploaded media on the file system or,
when a bucket is named, on S3-compatible storage (django-storages). boto3 finds the credentials:
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's role. Objects are private and links
to them are signed and expire, so drafts' files never become public."""

import os
from typing import Any

from qportal.env import env_int


def storages(*, bucket: str) -> dict[str, dict[str, Any]]:
    """Django's STORAGES, with media in `bucket` when one is named."""
    chosen: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "core.staticstorage.HashedStaticFilesStorage"},
    }
    if bucket:
        chosen["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
                "file_overwrite": False,
            },
        }
    return chosen
