import uuid

from fastapi import APIRouter, Request, Response

from weimin_grid.incidents.photos import service
from weimin_grid.incidents.photos.models import IncidentPhoto
from weimin_grid.incidents.photos.schemas import PhotoUploadRead
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound
from weimin_kit.photos import (
    PHOTO_BODY,
    PHOTO_TYPES,
    PhotoSize,
    PhotoStoreDep,
    PhotoTooLarge,
    UnsupportedPhotoType,
    photo_response,
    read_photo_body,
)
from weimin_kit.problems import problems

router = APIRouter(prefix="/v1/incident-photos", tags=["incident-photos"])


def _read(photo: IncidentPhoto) -> PhotoUploadRead:
    meta = service.photo_meta(photo)
    return PhotoUploadRead.model_validate({**meta, "created_at": photo.created_at})


@router.post(
    "",
    status_code=201,
    openapi_extra={"requestBody": PHOTO_BODY},
    responses=problems(
        PhotoTooLarge,
        UnsupportedPhotoType,
        also={200: {"model": PhotoUploadRead, "description": "The same photo was stored"}},
    ),
)
async def upload_incident_photo(
    request: Request,
    session: SessionDep,
    store: PhotoStoreDep,
    principal: CurrentPrincipal,
    response: Response,
    now: Now,
) -> PhotoUploadRead:
    """The body is the image itself (JPEG, PNG or WebP, at most 5 MiB), for an incident
    report (`photo_ids`) or a patrol check-in (`photo_ids`). It is decoded, turned upright
    and stored without any metadata (no EXIF, so no GPS position), with a thumbnail. The
    same photo uploaded again answers 200 with the photo already stored."""
    declared, data = await read_photo_body(request)
    photo, created = await service.store_photo(session, store, principal, declared, data, now)
    if not created:
        response.status_code = 200
    response.headers["Location"] = service.photo_url(photo.id)
    return _read(photo)


@router.get(
    "/{photo_id}",
    response_class=Response,
    responses=problems(
        NotFound,
        also={
            200: {"content": {kind: {} for kind in PHOTO_TYPES}},
            304: {"description": "Not modified (If-None-Match)"},
        },
    ),
)
async def get_incident_photo(
    photo_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    store: PhotoStoreDep,
    principal: CurrentPrincipal,
    size: PhotoSize = "full",
) -> Response:
    """The stored photo (`?size=thumb`: a JPEG at most 320 px on its long side), for its
    uploader and for staff who can see an incident or patrol showing it; anyone else 404."""
    photo = await service.locate_photo(session, principal, photo_id)
    data = await service.photo_bytes(store, photo, size)
    if size == "thumb":
        return photo_response(request, data, "image/jpeg", photo.sha256 + "-thumb")
    return photo_response(request, data, photo.content_type, photo.sha256)
