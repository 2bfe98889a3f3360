"""Photos shared by the services: an upload is checked (declared type, size, real content),
decoded with Pillow, turned upright by its EXIF orientation and re-encoded without any
metadata (GPS location above all), and a thumbnail is made; the bytes go to a
`PhotoStore` (local disk or an S3-compatible bucket, one setting) under content-addressed
keys, while each service keeps the metadata and decides who may see a photo."""

from weimin_kit.photos.images import PreparedPhoto, prepare_photo, sniff_type
from weimin_kit.photos.serving import PhotoSize, photo_response
from weimin_kit.photos.storage import (
    LocalPhotoStore,
    PhotoStorageSettings,
    PhotoStorageUnavailable,
    PhotoStore,
    PhotoStoreDep,
    S3PhotoStore,
    StoredPhotoMissing,
    app_photo_store,
    delete,
    get,
    photo_store_for,
    put,
)
from weimin_kit.photos.upload import (
    MAX_PHOTO_BYTES,
    PHOTO_BODY,
    PHOTO_TYPES,
    PhotoTooLarge,
    UnsupportedPhotoType,
    read_photo_body,
)

__all__ = [
    "MAX_PHOTO_BYTES",
    "PHOTO_BODY",
    "PHOTO_TYPES",
    "LocalPhotoStore",
    "PhotoSize",
    "PhotoStorageSettings",
    "PhotoStorageUnavailable",
    "PhotoStore",
    "PhotoStoreDep",
    "PhotoTooLarge",
    "PreparedPhoto",
    "S3PhotoStore",
    "StoredPhotoMissing",
    "UnsupportedPhotoType",
    "app_photo_store",
    "delete",
    "get",
    "photo_response",
    "photo_store_for",
    "prepare_photo",
    "put",
    "read_photo_body",
    "sniff_type",
]
