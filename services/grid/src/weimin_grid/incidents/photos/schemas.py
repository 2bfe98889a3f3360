import uuid
from datetime import datetime

from pydantic import BaseModel

from weimin_grid.incidents.schemas import PhotoContentType


class PhotoUploadRead(BaseModel):
    """An uploaded photo: reference it from a report or a check-in by `id` (`photo_ids`).
    `sha256`, size and dimensions are those of the stored copy (metadata stripped)."""

    id: uuid.UUID
    url: str
    #: The thumbnail (`url` + `?size=thumb`): a JPEG at most 320 px on its long side.
    thumbnail_url: str
    sha256: str
    content_type: PhotoContentType
    size_bytes: int
    width: int | None
    height: int | None
    created_at: datetime
