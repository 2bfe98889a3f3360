"""The photo stores: local disk and an S3-compatible bucket pass the same suite. The S3
store talks to moto's S3 server over a real socket (boto3 as in production, no stand-in
for our code)."""

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from weimin_kit.photos import (
    LocalPhotoStore,
    PhotoStorageSettings,
    PhotoStorageUnavailable,
    PhotoStore,
    StoredPhotoMissing,
    delete,
    get,
    photo_store_for,
    prepare_photo,
    put,
)
from weimin_kit.testing.images import GPS_IFD, camera_jpeg, exif_of, size_of
from weimin_kit.testing.s3 import failing_s3_store, s3_server, s3_store, unreachable_s3_store

BUCKET = "weimin-photos-test"
KEY = "photos/" + "ab" * 32 + ".jpg"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> PhotoStore:
    if request.param == "local":
        return photo_store_for(PhotoStorageSettings(photo_dir=tmp_path / "photos"))
    endpoint: str = request.getfixturevalue("s3_endpoint")
    return s3_store(endpoint, BUCKET, prefix=f"{tmp_path.name}/")


async def test_bytes_written_are_read_back(store: PhotoStore) -> None:
    await put(store, KEY, b"\xff\xd8\xffphoto")
    assert await get(store, KEY) == b"\xff\xd8\xffphoto"


async def test_writing_a_key_again_replaces_its_bytes(store: PhotoStore) -> None:
    await put(store, KEY, b"first")
    await put(store, KEY, b"second")
    assert await get(store, KEY) == b"second"


async def test_a_missing_key_is_told_apart_from_a_failure(store: PhotoStore) -> None:
    with pytest.raises(StoredPhotoMissing):
        await get(store, "thumbs/" + "cd" * 32 + ".jpg")


async def test_a_removed_key_is_gone_and_removing_again_is_harmless(store: PhotoStore) -> None:
    await put(store, KEY, b"bytes")
    store.remove(KEY)
    store.remove(KEY)
    with pytest.raises(StoredPhotoMissing):
        await get(store, KEY)


@pytest.mark.parametrize(
    "key", ["../etc/passwd", "photos/../../x.jpg", "photos/abc.jpg", "/abs/" + "ab" * 32 + ".jpg"]
)
async def test_keys_not_made_by_the_kit_are_refused(store: PhotoStore, key: str) -> None:
    with pytest.raises(ValueError, match="not a photo key"):
        await put(store, key, b"x")


async def test_a_prepared_photo_round_trips_stripped(store: PhotoStore) -> None:
    prepared = prepare_photo(camera_jpeg(1000, 500), "image/jpeg")
    await put(store, prepared.storage_key, prepared.data)
    await put(store, prepared.thumbnail_key, prepared.thumbnail)
    stored = await get(store, prepared.storage_key)
    assert not exif_of(stored).get_ifd(GPS_IFD)
    assert size_of(stored) == (1000, 500)
    assert size_of(await get(store, prepared.thumbnail_key)) == (320, 160)


def test_local_files_land_under_the_directory(tmp_path: Path) -> None:
    store = LocalPhotoStore(tmp_path)
    store.write(KEY, b"bytes")
    assert (tmp_path / KEY).read_bytes() == b"bytes"
    assert [p.name for p in (tmp_path / "photos").iterdir()] == [KEY.split("/")[1]]


def test_s3_objects_carry_the_prefix_and_type(s3_endpoint: str) -> None:
    store = s3_store(s3_endpoint, "weimin-prefix-test", prefix="grid/")
    store.write(KEY, b"bytes")
    direct = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="k",
        aws_secret_access_key="s",
    )
    head = direct.head_object(Bucket="weimin-prefix-test", Key="grid/" + KEY)
    assert head["ContentType"] == "image/jpeg"


def test_s3_storage_without_a_bucket_does_not_start() -> None:
    with pytest.raises(ValueError, match="photo_s3_bucket"):
        PhotoStorageSettings(photo_storage="s3")


def test_local_storage_defaults_under_var(tmp_path: Path) -> None:
    store = photo_store_for(PhotoStorageSettings(service_name="grid"))
    assert isinstance(store, LocalPhotoStore)
    assert store.root == Path("var/photos/grid")


@pytest.fixture(params=["closed-port", "server-error", "disk"])
def broken_store(request: pytest.FixtureRequest, tmp_path: Path) -> PhotoStore:
    if request.param == "closed-port":
        return unreachable_s3_store()
    if request.param == "server-error":
        return failing_s3_store()
    # A file where the store's directory should be: every write and read is an OSError.
    (tmp_path / "photos").write_bytes(b"")
    return LocalPhotoStore(tmp_path / "photos")


async def test_an_unreachable_store_is_a_503_with_retry_after(broken_store: PhotoStore) -> None:
    for call in (put(broken_store, KEY, b"x"), get(broken_store, KEY), delete(broken_store, KEY)):
        with pytest.raises(PhotoStorageUnavailable) as raised:
            await call
        assert (raised.value.status_code, raised.value.code) == (503, "photo-storage-unavailable")
        assert raised.value.headers["Retry-After"] == "30"


async def test_a_missing_key_is_still_missing_not_unavailable(store: PhotoStore) -> None:
    with pytest.raises(StoredPhotoMissing):
        await get(store, "thumbs/" + "cd" * 32 + ".jpg")
