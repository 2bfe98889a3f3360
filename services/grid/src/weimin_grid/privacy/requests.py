"""Data-subject requests (PIPL art. 46 correction, art. 47 deletion): a grid worker (or
anyone who may write the register) records what the resident asked; a community
secretary (or admin) carries it out or refuses it with a reason. Every step is audited."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_grid.privacy import audit, repository
from weimin_grid.privacy.anonymise import anonymise
from weimin_grid.privacy.models import DataRequest
from weimin_grid.privacy.schemas import (
    DataRequestCompletion,
    DataRequestCreate,
    DataRequestDecision,
    DataRequestKind,
    DataRequestRead,
    DataRequestState,
)
from weimin_grid.registry.changes import WRITING_ROLES, correction_values
from weimin_grid.registry.errors import ResidentAnonymised
from weimin_grid.registry.models import Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.registry.service import ensure_not_anonymised, locate_resident
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate

#: Who decides on a request (admin implied): the level above the grid worker who took it
#: down, so the person recording a change is not the one who alone carries it out.
DECIDING_ROLES: tuple[Role, ...] = ("community_secretary",)


class DataRequestOwnDecision(Forbidden):
    code = "data-request-own"
    title = "A request is decided by someone other than the person who recorded it"
    title_zh = "申请须由登记人以外的人处理"


class DataRequestDecided(Conflict):
    code = "data-request-decided"
    title = "The request was already completed or refused"
    title_zh = "该申请已完成或已拒绝"


def _fields(values: dict[str, Any]) -> list[str]:
    names = {"phone" if key.startswith("phone_") else key for key in values}
    return sorted(names)


async def record_request(
    session: AsyncSession,
    principal: Principal,
    vault: PersonalDataVault,
    resident_id: uuid.UUID,
    body: DataRequestCreate,
    now: datetime,
) -> DataRequest:
    ensure_role(principal, *WRITING_ROLES)
    resident = await locate_resident(session, principal, resident_id)
    changes: dict[str, Any] | None = None
    if body.kind == "correction":
        if body.changes is None:
            raise InvalidInput.field("body.changes", "a correction names the new values", "empty")
        # Validated (and the phone sealed) now, so staff decide on a change that can apply.
        changes = correction_values(
            vault, body.changes.model_dump(exclude_unset=True), "body.changes"
        )
    elif body.changes is not None:
        raise InvalidInput.field("body.changes", "a deletion names no values", "not-allowed")
    ensure_not_anonymised(resident)
    request = DataRequest(
        resident_id=resident.id,
        kind=body.kind,
        state=repository.PENDING,
        fields=[] if changes is None else _fields(changes),
        changes=changes,
        reason=body.reason,
        requested_by=principal.subject,
        requested_at=now,
    )
    await repository.add(session, request)
    await audit.record(
        session,
        f"data_request.{body.kind}.recorded",
        resident,
        principal,
        at=now,
        fields=request.fields,
        data_request_id=request.id,
    )
    return request


async def _locate(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> tuple[DataRequest, Resident]:
    """The request and its resident, or 404 when either is absent or out of scope."""
    request = await session.get(DataRequest, request_id)
    if request is None:
        raise NotFound("No such data request")
    try:
        resident = await locate_resident(session, principal, request.resident_id)
    except NotFound:
        raise NotFound("No such data request") from None
    return request, resident


async def get_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> DataRequest:
    request, _ = await _locate(session, principal, request_id)
    return request


async def complete_request(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    body: DataRequestCompletion,
    now: datetime,
) -> DataRequest:
    """Carry the request out: a correction's values are applied, a deletion anonymises
    the resident now. 409 when it was decided already, or the resident is anonymised
    (a correction can no longer apply; refuse it instead)."""
    ensure_role(principal, *DECIDING_ROLES)
    request, resident = await _locate(session, principal, request_id)
    _ensure_decidable(principal, request)
    changes = request.changes
    if request.kind == "correction":
        ensure_not_anonymised(resident)
    await _decide(session, principal, request, "completed", body.reason, now)
    if request.kind == "correction" and changes:
        if not await repository.update_resident_unless_anonymised(session, resident.id, changes):
            raise ResidentAnonymised("The resident's personal data was anonymised")
        await session.refresh(resident)
        await audit.record(
            session,
            "resident.corrected",
            resident,
            principal,
            at=now,
            fields=request.fields,
            data_request_id=request.id,
        )
    elif request.kind == "deletion":
        # Already anonymised (by the sweep) is the deletion done: no second entry.
        await anonymise(session, resident, now, principal, request.id)
    return request


async def refuse_request(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    body: DataRequestDecision,
    now: datetime,
) -> DataRequest:
    """Refuse with a reason (PIPL art. 50: the refusal is explained)."""
    ensure_role(principal, *DECIDING_ROLES)
    request, _ = await _locate(session, principal, request_id)
    _ensure_decidable(principal, request)
    await _decide(session, principal, request, "refused", body.reason, now)
    return request


def _ensure_decidable(principal: Principal, request: DataRequest) -> None:
    """Pending, and not decided by whoever recorded it (a deletion cannot be undone, so
    one person alone must not both ask for and carry it out); an admin may, as the last
    resort of a community with one secretary."""
    if request.state != repository.PENDING:
        raise DataRequestDecided("The request was already " + request.state)
    if request.requested_by == principal.subject and not principal.is_admin:
        raise DataRequestOwnDecision(
            "Another community secretary (or an admin) decides a request you recorded"
        )


async def _decide(
    session: AsyncSession,
    principal: Principal,
    request: DataRequest,
    state: DataRequestState,
    reason: str | None,
    now: datetime,
) -> None:
    values = {
        "state": state,
        "decided_by": principal.subject,
        "decided_at": now,
        "decision_reason": reason,
    }
    # Conditional: of two deciders racing past the check above, one wins, one gets 409.
    if not await repository.decide(session, request.id, values):
        raise DataRequestDecided("The request was already decided")
    await session.refresh(request)
    resident = await session.get(Resident, request.resident_id)
    assert resident is not None  # the foreign key keeps it
    await audit.record(
        session,
        f"data_request.{request.kind}.{state}",
        resident,
        principal,
        at=now,
        fields=request.fields,
        data_request_id=request.id,
    )


async def list_requests(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    *,
    resident_id: uuid.UUID | None = None,
    state: DataRequestState | None = None,
    kind: DataRequestKind | None = None,
) -> Page[DataRequestRead]:
    if resident_id is not None:
        await locate_resident(session, principal, resident_id)  # 404 out of scope
    statement = repository.requests_in_scope(principal)
    if resident_id is not None:
        statement = statement.where(DataRequest.resident_id == resident_id)
    if state is not None:
        statement = statement.where(DataRequest.state == state)
    if kind is not None:
        statement = statement.where(DataRequest.kind == kind)
    return await paginate(
        session,
        statement,
        DataRequest.id,
        page,
        DataRequestRead.model_validate,
        parse_key=uuid.UUID,
    )
