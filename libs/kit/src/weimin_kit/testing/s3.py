"""A real S3-speaking server for tests: moto's S3 server on a free local port (boto3 talks
to it over HTTP as it would to a bucket in production)."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager

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
