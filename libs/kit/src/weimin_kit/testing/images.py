"""Real image files for photo tests, made with Pillow: a camera-like JPEG carrying GPS
and orientation EXIF, plain PNG/WebP, and a truncated copy."""

import io
from typing import Any

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
GPS_TAGS = {
    1: "N",
    2: (25.0, 36.0, 21.6),  # 25°36′21.6″N (Dali old town)
    3: "E",
    4: (100.0, 9.0, 28.8),
}


def camera_jpeg(width: int = 800, height: int = 600, orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: GPS position, camera make and an orientation tag."""
    image = Image.new("RGB", (width, height), (200, 60, 30))
    image.paste((20, 90, 200), (0, 0, width // 2, height // 3))  # so rotation shows
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update(GPS_TAGS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def plain_image(kind: str = "PNG", width: int = 3, height: int = 2, shade: int = 0) -> bytes:
    image = Image.new("RGB", (width, height), (shade % 256, 100, 50))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def truncated(data: bytes) -> bytes:
    """The first two thirds: the header reads, the pixels stop short."""
    return data[: len(data) * 2 // 3]


def exif_of(data: bytes) -> Image.Exif:
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif()


def metadata_of(data: bytes) -> dict[Any, Any]:
    """Everything Pillow finds beside the pixels (EXIF, XMP, ICC, text chunks …)."""
    with Image.open(io.BytesIO(data)) as image:
        found = dict(image.info)
    # Encoder facts, not metadata about the scene or the camera.
    encoder = ("jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive")
    for key in (*encoder, "loop", "background"):  # the last two: WebP's container
        found.pop(key, None)
    return found


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
