import uuid

from fastapi import APIRouter, Request, Response

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
from weimin_wishes.photos import service
from weimin_wishes.photos.schemas import WishPhotoRead

router = APIRouter(prefix="/v1/wish-photos", tags=["wish-photos"])


@router.post(
    "",
    status_code=201,
    openapi_extra={"requestBody": PHOTO_BODY},
    responses=problems(PhotoTooLarge, UnsupportedPhotoType),
)
async def upload_wish_photo(
    request: Request,
    session: SessionDep,
    store: PhotoStoreDep,
    principal: CurrentPrincipal,
    response: Response,
    now: Now,
) -> WishPhotoRead:
    """A fulfilment-proof photo. The body is the image itself (JPEG, PNG or WebP, at most
    5 MiB); it is decoded, turned upright and stored without any metadata (no EXIF, so no
    GPS position), with a thumbnail. Attach it with `photo_ids` when fulfilling."""
    declared, data = await read_photo_body(request)
    photo = await service.store_photo(session, store, principal, declared, data, now)
    response.headers["Location"] = service.photo_url(photo.id)
    return WishPhotoRead.model_validate(service.photo_meta(photo))


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
async def get_wish_photo(
    photo_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    store: PhotoStoreDep,
    principal: CurrentPrincipal,
    size: PhotoSize = "full",
) -> Response:
    """The stored photo (`?size=thumb`: a JPEG at most 320 px on its long side), for its
    uploader and for staff who can see the wish it proves; anyone else 404."""
    photo = await service.locate_photo(session, principal, photo_id)
    data = await service.photo_bytes(store, photo, size)
    if size == "thumb":
        return photo_response(request, data, "image/jpeg", photo.sha256 + "-thumb")
    return photo_response(request, data, photo.content_type, photo.sha256)
