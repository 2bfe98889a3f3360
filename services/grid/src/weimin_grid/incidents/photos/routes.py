import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from weimin_grid.incidents.errors import PhotoTooLarge, UnsupportedPhotoType
from weimin_grid.incidents.photos import service
from weimin_grid.incidents.photos.models import IncidentPhoto
from weimin_grid.incidents.photos.schemas import PhotoUploadRead
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound
from weimin_kit.problems import problems

router = APIRouter(prefix="/v1/incident-photos", tags=["incident-photos"])

_PHOTO_BODY = {
    "required": True,
    "content": {
        kind: {"schema": {"type": "string", "format": "binary"}} for kind in service.PHOTO_TYPES
    },
}


def _read(photo: IncidentPhoto) -> PhotoUploadRead:
    return PhotoUploadRead(
        id=photo.id,
        url=service.photo_url(photo.id),
        sha256=photo.sha256,
        content_type=photo.content_type,
        size_bytes=photo.size_bytes,
        width=photo.width,
        height=photo.height,
        created_at=photo.created_at,
    )


@router.post(
    "",
    status_code=201,
    openapi_extra={"requestBody": _PHOTO_BODY},
    responses=problems(
        PhotoTooLarge,
        UnsupportedPhotoType,
        also={200: {"model": PhotoUploadRead, "description": "The same bytes were stored"}},
    ),
)
async def upload_incident_photo(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    content_type: Annotated[str | None, Header()] = None,
    content_length: Annotated[str | None, Header()] = None,
) -> PhotoUploadRead:
    """The body is the image itself (JPEG, PNG or WebP, at most 5 MiB). The same bytes
    uploaded again answer 200 with the photo already stored."""
    declared = service.check_declared_type(content_type)
    service.check_declared_size(content_length)
    data = await service.read_limited(request.stream())
    photo, created = await service.store_photo(session, principal, declared, data)
    if not created:
        response.status_code = 200
    response.headers["Location"] = service.photo_url(photo.id)
    return _read(photo)


@router.get(
    "/{photo_id}",
    response_class=Response,
    responses=problems(
        NotFound, also={200: {"content": {kind: {} for kind in service.PHOTO_TYPES}}}
    ),
)
async def get_incident_photo(
    photo_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    photo = await service.locate_photo(session, principal, photo_id)
    return Response(
        photo.content,
        media_type=photo.content_type,
        headers={
            "ETag": f'"{photo.sha256}"',
            # The bytes never change under an id; still private: only some callers may see it.
            "Cache-Control": "private, max-age=86400, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )
