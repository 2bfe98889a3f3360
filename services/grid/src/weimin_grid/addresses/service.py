"""Reading standard addresses, joining buildings and homes to them, merging two records of
one place."""

import unicodedata
import uuid
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, exists, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.addresses.models import StandardAddress
from weimin_grid.addresses.schemas import StandardAddressRead
from weimin_grid.registry.models import Building, Household
from weimin_grid.scope import covers, scoped_select
from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate


def addresses_in_scope(principal: Principal) -> Select[StandardAddress]:
    return scoped_select(principal, StandardAddress)


def _joined() -> ColumnElement[bool]:
    return or_(
        exists().where(Building.standard_address_id == StandardAddress.id),
        exists().where(Household.standard_address_id == StandardAddress.id),
    )


async def list_addresses(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    *,
    grid_unit_id: uuid.UUID | None = None,
    code: str | None = None,
    text: str | None = None,
    unjoined: bool | None = None,
) -> Page[StandardAddressRead]:
    """`text`: part of the address as written (road, number, building … in any width)."""
    statement = addresses_in_scope(principal)
    if grid_unit_id is not None:
        statement = statement.where(StandardAddress.grid_unit_id == grid_unit_id)
    if code is not None:
        statement = statement.where(StandardAddress.code == code)
    if text:
        needle = unicodedata.normalize("NFKC", "".join(text.split()))
        needle = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(StandardAddress.full_text.like(f"%{needle}%", escape="\\"))
    if unjoined is not None:
        condition = _joined()
        statement = statement.where(~condition if unjoined else condition)
    return await paginate(
        session,
        statement,
        StandardAddress.id,
        page,
        StandardAddressRead.model_validate,
        parse_key=uuid.UUID,
    )


Placed = TypeVar("Placed", StandardAddress, Building, Household)
Joinable = TypeVar("Joinable", Building, Household)


async def _in_scope(
    session: AsyncSession, principal: Principal, model: type[Placed], row_id: uuid.UUID, what: str
) -> Placed:
    """The row if the caller's scope covers its grid unit, community or street; else 404."""
    row = await session.get(model, row_id)
    if row is None or not covers(
        principal, street=row.street_id, community=row.community_id, grid=row.grid_unit_id
    ):
        raise NotFound(f"No such {what}")
    return row


async def visible_address(
    session: AsyncSession, principal: Principal, address_id: uuid.UUID
) -> StandardAddress:
    return await _in_scope(session, principal, StandardAddress, address_id, "standard address")


async def join(
    session: AsyncSession,
    principal: Principal,
    model: type[Joinable],
    place_id: uuid.UUID,
    address_id: uuid.UUID,
) -> Joinable:
    """Joins a building or a home to a standard address of its own community."""
    place = await _in_scope(session, principal, model, place_id, model.__name__.lower())
    address = await _address_for_join(session, principal, address_id)
    if address.community_id != place.community_id:
        raise InvalidInput.field(
            "standard_address_id",
            "the address is in another community",
            "other-community",
            reason_zh="该地址属于其他社区",
        )
    place.standard_address_id = address.id
    return place


async def _address_for_join(
    session: AsyncSession, principal: Principal, address_id: uuid.UUID
) -> StandardAddress:
    try:
        return await visible_address(session, principal, address_id)
    except NotFound:
        raise InvalidInput.field(
            "standard_address_id", "no such address", "not-found", reason_zh="没有该地址"
        ) from None


async def merge(
    session: AsyncSession, principal: Principal, duplicate_id: uuid.UUID, kept_id: uuid.UUID
) -> StandardAddress:
    """Two records of one place: what was joined to the duplicate joins the kept one, and
    the duplicate is gone (its code with it)."""
    duplicate = await visible_address(session, principal, duplicate_id)
    try:
        kept = await visible_address(session, principal, kept_id)
    except NotFound:
        raise InvalidInput.field(
            "into", "no such address", "not-found", reason_zh="没有该地址"
        ) from None
    if kept.community_id != duplicate.community_id:
        raise InvalidInput.field(
            "into", "the address is in another community", "other-community",
            reason_zh="该地址属于其他社区",
        )  # fmt: skip
    if kept.id == duplicate.id:
        raise InvalidInput.field(
            "into", "an address cannot be merged into itself", "same", reason_zh="不能与自身合并"
        )
    for table in (Building, Household):
        await session.execute(
            update(table)
            .where(table.standard_address_id == duplicate.id)
            .values(standard_address_id=kept.id)
        )
    await session.delete(duplicate)
    await session.flush()
    return kept
