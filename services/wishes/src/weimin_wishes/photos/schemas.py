import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class WishPhotoRead(BaseModel):
    """A fulfilment-proof photo: attach it with `photo_ids` on POST /v1/wishes/{id}/fulfil.
    `sha256`, size and dimensions are those of the stored copy (metadata stripped)."""

    id: uuid.UUID
    url: str
    #: `url` + `?size=thumb`: a JPEG at most 320 px on its long side.
    thumbnail_url: str
    sha256: str
    content_type: Literal["image/jpeg", "image/png", "image/webp"]
    size_bytes: int
    width: int
    height: int
    created_at: datetime
