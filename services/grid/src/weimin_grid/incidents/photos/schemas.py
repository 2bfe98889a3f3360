import uuid
from datetime import datetime

from pydantic import BaseModel

from weimin_grid.incidents.schemas import PhotoContentType


class PhotoUploadRead(BaseModel):
    """An uploaded photo: reference it from a report by `id` (`photo_ids`)."""

    id: uuid.UUID
    url: str
    sha256: str
    content_type: PhotoContentType
    size_bytes: int
    width: int | None
    height: int | None
    created_at: datetime
