"""Where photo bytes live: one setting (`PHOTO_STORAGE`) chooses local disk (the default,
a directory under the service's var dir) or an S3-compatible bucket (production, through
boto3). The database keeps only the metadata and the keys.

Keys are content-addressed (`photos/<sha256>.<ext>`, `thumbs/<sha256>.jpg`): writing the
same key twice writes the same bytes, so a write whose transaction then rolls back leaves
at worst an unreferenced object, never a wrong one.

A store that cannot be reached (the bucket's endpoint down or refusing, a disk error) is
answered 503 `photo-storage-unavailable` with `Retry-After`, never 500: every route using
`PhotoStoreDep` declares it.
"""

import asyncio
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from fastapi import Depends, Request
from pydantic import Field, SecretStr, model_validator

from weimin_kit.errors import Problem, raises
from weimin_kit.settings import ServiceSettings

log = logging.getLogger("weimin.photos")
#: What a caller is told to wait before trying again when the store is unreachable.
RETRY_AFTER_SECONDS = 30

_KEY = re.compile(r"^(photos|thumbs)/[0-9a-f]{64}\.(jpg|png|webp)$")
_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class StoredPhotoMissing(LookupError):
    """A key the database names has no bytes in the store (lost or not yet restored)."""


class PhotoStorageUnavailable(Problem):
    status_code = 503
    code = "photo-storage-unavailable"
    title = "Photo storage is unavailable; try again shortly"
    title_zh = "照片存储暂时不可用，请稍后再试"

    def __init__(self) -> None:
        super().__init__(
            f"Try again in {RETRY_AFTER_SECONDS} s",
            detail_zh=f"请 {RETRY_AFTER_SECONDS} 秒后再试",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            extra={"retry_after": RETRY_AFTER_SECONDS},
        )


#: What an unreachable store raises: botocore's own errors (EndpointConnectionError,
#: timeouts), S3's answers other than a missing key, and the disk's.
_STORE_FAILURES = (BotoCoreError, ClientError, OSError)


def _checked(key: str) -> str:
    # Keys are made by the kit, never by a caller; this keeps a bad one off the disk.
    if not _KEY.match(key):
        raise ValueError(f"not a photo key: {key!r}")
    return key


class PhotoStore(Protocol):
    def write(self, key: str, data: bytes) -> None: ...
    def read(self, key: str) -> bytes: ...
    def remove(self, key: str) -> None: ...


async def put(store: PhotoStore, key: str, data: bytes) -> None:
    try:
        await asyncio.to_thread(store.write, key, data)
    except _STORE_FAILURES as error:
        log.warning("photo store write failed: %s", error)
        raise PhotoStorageUnavailable() from error


async def get(store: PhotoStore, key: str) -> bytes:
    """The bytes; `StoredPhotoMissing` when the store answers that the key has none."""
    try:
        return await asyncio.to_thread(store.read, key)
    except StoredPhotoMissing:
        raise
    except _STORE_FAILURES as error:
        log.warning("photo store read failed: %s", error)
        raise PhotoStorageUnavailable() from error


async def delete(store: PhotoStore, key: str) -> None:
    """Removes the bytes (none there is fine)."""
    try:
        await asyncio.to_thread(store.remove, key)
    except _STORE_FAILURES as error:
        log.warning("photo store delete failed: %s", error)
        raise PhotoStorageUnavailable() from error


class LocalPhotoStore:
    """Files under `root`, written whole (a temporary file renamed into place)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise StoredPhotoMissing(key) from error

    def remove(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3PhotoStore:
    """Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS/COS S3 endpoints),
    under an optional key prefix. The bucket must exist and must not be public."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def _key(self, key: str) -> str:
        return self.prefix + _checked(key)

    def write(self, key: str, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._key(key),
            Body=data,
            ContentType=_CONTENT_TYPES[key.rsplit(".", 1)[1]],
        )

    def read(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise StoredPhotoMissing(key) from error
            raise
        body: bytes = answer["Body"].read()
        return body

    def remove(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))


class PhotoStorageSettings(ServiceSettings):
    """The settings of a service that stores photos (under its own env prefix)."""

    #: `local`: files under `photo_dir`; `s3`: objects in `photo_s3_bucket`.
    photo_storage: Literal["local", "s3"] = "local"
    #: Local storage's directory; default `var/photos/<service>` (the launcher sets it
    #: under its var dir).
    photo_dir: Path | None = None
    photo_s3_bucket: str = ""
    #: An S3-compatible endpoint (`https://minio.internal:9000`); empty: AWS itself.
    photo_s3_endpoint_url: str = ""
    photo_s3_region: str = "us-east-1"
    #: Prepended to every key, so that services may share a bucket (`grid/`).
    photo_s3_prefix: str = ""
    #: Empty: boto3's own chain (environment, instance role, ~/.aws).
    photo_s3_access_key_id: SecretStr = SecretStr("")
    photo_s3_secret_access_key: SecretStr = SecretStr("")
    photo_s3_timeout_seconds: float = Field(default=10.0, gt=0)
    #: Photos uploaded but attached to nothing (a report, a check-in, a wish's proof) are
    #: deleted, row and bytes, by the service's sweep once this many hours old.
    photo_unattached_hours: float = Field(default=24.0, gt=0)

    @model_validator(mode="after")
    def _bucket_for_s3(self) -> "PhotoStorageSettings":
        if self.photo_storage == "s3" and not self.photo_s3_bucket:
            raise ValueError("photo_storage is s3 but photo_s3_bucket is empty")
        return self


def photo_store_for(settings: PhotoStorageSettings) -> PhotoStore:
    if settings.photo_storage == "local":
        return LocalPhotoStore(settings.photo_dir or Path("var/photos") / settings.service_name)
    keys = {}
    if settings.photo_s3_access_key_id.get_secret_value():
        keys = {
            "aws_access_key_id": settings.photo_s3_access_key_id.get_secret_value(),
            "aws_secret_access_key": settings.photo_s3_secret_access_key.get_secret_value(),
        }
    client = boto3.session.Session().client(
        "s3",
        endpoint_url=settings.photo_s3_endpoint_url or None,
        region_name=settings.photo_s3_region,
        config=Config(
            # Path-style addressing: what S3-compatible servers on a plain host name expect.
            s3={"addressing_style": "path" if settings.photo_s3_endpoint_url else "auto"},
            connect_timeout=settings.photo_s3_timeout_seconds,
            read_timeout=settings.photo_s3_timeout_seconds,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
        **keys,
    )
    return S3PhotoStore(client, settings.photo_s3_bucket, settings.photo_s3_prefix)


def app_photo_store(app: Any) -> PhotoStore:
    """The app's store, made from its settings on first use (tests may set their own)."""
    store: PhotoStore | None = getattr(app.state, "photo_store", None)
    if store is None:
        store = photo_store_for(app.state.settings)
        app.state.photo_store = store
    return store


@raises(PhotoStorageUnavailable)
def photo_store(request: Request) -> PhotoStore:
    return app_photo_store(request.app)


PhotoStoreDep = Annotated[PhotoStore, Depends(photo_store)]
