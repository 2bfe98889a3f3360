"""The kit's photo preparation: whatever metadata an upload carries, the stored copy and
its thumbnail carry none; bad files are refused naming `body` and the reason."""

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from weimin_kit.errors import InvalidInput
from weimin_kit.photos import prepare_photo, sniff_type
from weimin_kit.testing.images import (
    GPS_IFD,
    GPS_TAGS,
    camera_jpeg,
    exif_of,
    metadata_of,
    size_of,
    truncated,
)


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update(GPS_TAGS)
    return exif.tobytes()


def _refusal(data: bytes, declared: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        prepare_photo(data, declared)
    (error,) = caught.value.errors
    assert error["field"] == "body"
    return error["code"]


def test_a_png_loses_its_text_chunks_and_exif() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "拍摄于大理古城 25.606N 100.158E")
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (10, 20, 30, 128)).save(out, "PNG", pnginfo=info, exif=_gps_exif())
    assert metadata_of(out.getvalue())  # the upload carries both
    prepared = prepare_photo(out.getvalue(), "image/png")
    assert metadata_of(prepared.data) == {}
    assert (prepared.width, prepared.height, prepared.content_type) == (40, 30, "image/png")
    assert size_of(prepared.thumbnail) == (40, 30)  # never enlarged


def test_a_webp_loses_its_exif() -> None:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "green").save(out, "WEBP", exif=_gps_exif())
    assert exif_of(out.getvalue()).get_ifd(GPS_IFD)
    prepared = prepare_photo(out.getvalue(), "image/webp")
    assert sniff_type(prepared.data) == "image/webp"
    assert dict(exif_of(prepared.data)) == {}
    assert metadata_of(prepared.data) == {}
    assert size_of(prepared.thumbnail) == (320, 240)


# Where the blue block drawn at the sensor's top-left shows once the photo is upright.
UPRIGHT = {1: ((800, 600), (5, 5)), 3: ((800, 600), (795, 595)), 6: ((600, 800), (595, 5))}


@pytest.mark.parametrize("orientation", sorted(UPRIGHT))
def test_a_jpeg_is_turned_upright_before_its_orientation_is_dropped(orientation: int) -> None:
    size, blue_at = UPRIGHT[orientation]
    prepared = prepare_photo(camera_jpeg(800, 600, orientation), "image/jpeg")
    assert size_of(prepared.data) == size == (prepared.width, prepared.height)
    assert dict(exif_of(prepared.data)) == {}
    with Image.open(io.BytesIO(prepared.data)) as image:
        red, _, blue = image.convert("RGB").getpixel(blue_at)
    assert blue > red


def test_the_same_upload_prepares_to_the_same_bytes() -> None:
    photo = camera_jpeg()
    assert prepare_photo(photo, "image/jpeg").sha256 == prepare_photo(photo, "image/jpeg").sha256


def test_bad_files_are_refused_with_their_reason() -> None:
    assert _refusal(b"", "image/png") == "empty"
    assert _refusal("文字".encode(), "image/jpeg") == "not-an-image"
    assert _refusal(camera_jpeg(), "image/png") == "content-type-mismatch"
    assert _refusal(truncated(camera_jpeg()), "image/jpeg") == "damaged-image"
    assert _refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "image/png") == "not-an-image"


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))


# 9000 x 9000 is past the kit's limit; 30000 x 30000 past Pillow's own bomb limit first.
@pytest.mark.parametrize("side", [9_000, 30_000])
def test_a_small_file_declaring_a_huge_image_is_refused_undecoded(side: int) -> None:
    assert _refusal(_png_header(side, side), "image/png") == "too-many-pixels"
