"""A real S3-speaking server for tests: moto's S3 server on a free local port (boto3 talks
to it over HTTP as it would to a bucket in production). For outages: a store whose
endpoint is a closed port (`unreachable_s3_store`) and one whose bucket answers every call
with a server error (`failing_s3_store`)."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from weimin_kit.photos import PhotoStorageSettings, S3PhotoStore, photo_store_for


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def s3_server() -> Iterator[str]:
    """The endpoint URL of a fresh S3 server, stopped afterwards."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_settings(endpoint: str, bucket: str, prefix: str = "") -> PhotoStorageSettings:
    return PhotoStorageSettings(
        photo_storage="s3",
        photo_s3_bucket=bucket,
        photo_s3_endpoint_url=endpoint,
        photo_s3_region="us-east-1",
        photo_s3_prefix=prefix,
        photo_s3_access_key_id="test-access-key",
        photo_s3_secret_access_key="test-secret-key",  # noqa: S106 (the server's own)
    )


def s3_store(endpoint: str, bucket: str, prefix: str = "") -> S3PhotoStore:
    """A store on `bucket` (created if new), made from settings as a service makes it."""
    store = photo_store_for(s3_settings(endpoint, bucket, prefix))
    assert isinstance(store, S3PhotoStore)
    existing = {b["Name"] for b in store.client.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        store.client.create_bucket(Bucket=bucket)
    return store


def unreachable_s3_store(bucket: str = "weimin-photos") -> S3PhotoStore:
    """A store made from settings whose endpoint is a local port nothing listens on: every
    call fails with botocore's EndpointConnectionError, as when the bucket's host is down."""
    settings = s3_settings(f"http://127.0.0.1:{_free_port()}", bucket)
    settings.photo_s3_timeout_seconds = 1.0
    store = photo_store_for(settings)
    assert isinstance(store, S3PhotoStore)
    return store


class _FailingS3Client:
    """Answers every call as an overloaded S3 does (500 InternalError)."""

    def __getattr__(self, operation: str) -> Any:
        def fail(**_: Any) -> Any:
            raise ClientError(
                {"Error": {"Code": "InternalError", "Message": "We encountered an internal error"}},
                operation,
            )

        return fail


def failing_s3_store(bucket: str = "weimin-photos") -> S3PhotoStore:
    """A store whose bucket answers every call with a server error (not a missing key)."""
    return S3PhotoStore(_FailingS3Client(), bucket)
