"""What an uploaded file really is, and the copy of it that anyone may be shown.

The first bytes say the type (never the label alone). Pillow then decodes the whole image:
a file that is not one, or is cut short, is refused here rather than failing later in
someone's browser. The stored copy is re-encoded from the pixels only, after turning it
upright by its EXIF orientation, so no metadata survives: no GPS position, camera serial,
time or comment (EXIF, XMP, IPTC, PNG text chunks and ICC profiles are all left behind).
"""

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from weimin_kit.errors import InvalidInput

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
#: More than a phone's photo at full resolution in 5 MiB, and below Pillow's own
#: decompression-bomb warning (89 MP); a file declaring more is refused before its pixels
#: are decoded (a small file can declare a huge image).
MAX_PIXELS = 80_000_000
THUMBNAIL_SIDE = 320
THUMBNAIL_TYPE = "image/jpeg"
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


@dataclass(frozen=True)
class PreparedPhoto:
    """The stripped photo and its thumbnail, ready to store."""

    content_type: str
    data: bytes
    sha256: str
    width: int
    height: int
    thumbnail: bytes

    @property
    def storage_key(self) -> str:
        # Content-addressed: the bytes under a key never change, so they may be cached
        # as immutable, and the same photo uploaded twice is stored once.
        return f"photos/{self.sha256}.{EXTENSIONS[self.content_type]}"

    @property
    def thumbnail_key(self) -> str:
        return f"thumbs/{self.sha256}.jpg"


def sniff_type(data: bytes) -> str | None:
    if data.startswith(JPEG_MAGIC):
        return "image/jpeg"
    if data.startswith(PNG_MAGIC):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _refuse(reason: str, reason_zh: str, code: str) -> InvalidInput:
    return InvalidInput.field("body", reason, code, reason_zh=reason_zh)


def _decode(data: bytes, content_type: str) -> Image.Image:
    too_many = _refuse(
        f"the image has more than {MAX_PIXELS // 1_000_000} million pixels",
        f"图片超过 {MAX_PIXELS // 1_000_000} 百万像素",
        "too-many-pixels",
    )
    try:
        image = Image.open(io.BytesIO(data), formats=[_FORMATS[content_type]])
    except Image.DecompressionBombError as error:
        raise too_many from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _refuse(
            "not a JPEG, PNG or WebP image", "不是 JPEG、PNG 或 WebP 图片", "not-an-image"
        ) from error
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise too_many
    try:
        image.load()  # decodes every pixel: a file cut short fails here, not on display
    except (OSError, SyntaxError, ValueError) as error:
        raise _refuse(
            "the image is damaged or cut short", "图片已损坏或不完整", "damaged-image"
        ) from error
    return image


def _without_metadata(image: Image.Image) -> Image.Image:
    """Upright pixels in a mode the format can store, with no metadata attached."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode == "P":  # palette (and its transparency) becomes plain colour
        upright = upright.convert("RGBA")
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    return clean


def _encode(image: Image.Image, content_type: str) -> bytes:
    out = io.BytesIO()
    if content_type == "image/jpeg":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    elif content_type == "image/png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=90)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    if small.mode in ("RGBA", "LA"):
        backdrop = Image.new("RGB", small.size, "white")
        backdrop.paste(small, mask=small.getchannel("A"))
        small = backdrop
    elif small.mode != "RGB":
        small = small.convert("RGB")
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def prepare_photo(data: bytes, declared: str) -> PreparedPhoto:
    """The photo as it may be stored and shown; 422 naming `body` when it is empty, not an
    image, not the declared type, too many pixels, or damaged."""
    if not data:
        raise _refuse("the photo is empty", "照片为空", "empty")
    actual = sniff_type(data)
    if actual is None:
        raise _refuse(
            "not a JPEG, PNG or WebP image", "不是 JPEG、PNG 或 WebP 图片", "not-an-image"
        )
    if actual != declared:
        raise _refuse(
            f"the bytes are {actual}, not {declared}",
            f"内容是 {actual}，不是 {declared}",
            "content-type-mismatch",
        )
    with _decode(data, actual) as image:
        clean = _without_metadata(image)
    stored = _encode(clean, actual)
    return PreparedPhoto(
        content_type=actual,
        data=stored,
        sha256=hashlib.sha256(stored).hexdigest(),
        width=clean.width,
        height=clean.height,
        thumbnail=_thumbnail(clean),
    )
