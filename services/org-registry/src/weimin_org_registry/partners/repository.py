"""Every query on partner clients, their secrets and their audit."""

import uuid
from datetime import datetime

from sqlalchemy import Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.partners.models import (
    PartnerClient,
    PartnerClientChange,
    PartnerClientSecret,
    PartnerTokenRequest,
)
from weimin_org_registry.places import placed_filter


async def active_area(session: AsyncSession, area_id: uuid.UUID) -> Organisation | None:
    """The active street or community with this id."""
    area: Organisation | None = await session.scalar(
        select(Organisation).where(
            Organisation.id == area_id,
            Organisation.kind.in_(("street_committee", "community_branch")),
            Organisation.status == "active",
        )
    )
    return area


async def active_area_by_code(session: AsyncSession, code: str) -> Organisation | None:
    """The active street or community with this organisation code."""
    area: Organisation | None = await session.scalar(
        select(Organisation).where(
            Organisation.code == code,
            Organisation.kind.in_(("street_committee", "community_branch")),
            Organisation.status == "active",
        )
    )
    return area


async def client_by_client_id(session: AsyncSession, client_id: str) -> PartnerClient | None:
    client: PartnerClient | None = await session.scalar(
        select(PartnerClient).where(PartnerClient.client_id == client_id)
    )
    return client


def clients_query(principal: Principal) -> Select[PartnerClient]:
    return select(PartnerClient).where(
        placed_filter(principal, PartnerClient.street_id, PartnerClient.community_id)
    )


async def live_secrets(
    session: AsyncSession, client_pk: uuid.UUID, now: datetime
) -> list[PartnerClientSecret]:
    """The secrets that still work: the current one, and one a rotation left overlapping."""
    rows = await session.scalars(
        select(PartnerClientSecret)
        .where(
            PartnerClientSecret.client_pk == client_pk,
            or_(PartnerClientSecret.expires_at.is_(None), PartnerClientSecret.expires_at > now),
        )
        .order_by(PartnerClientSecret.created_at.desc(), PartnerClientSecret.id.desc())
    )
    return list(rows)


async def live_secrets_of(
    session: AsyncSession, client_pks: list[uuid.UUID], now: datetime
) -> dict[uuid.UUID, list[PartnerClientSecret]]:
    found: dict[uuid.UUID, list[PartnerClientSecret]] = {pk: [] for pk in client_pks}
    if not client_pks:
        return found
    rows = await session.scalars(
        select(PartnerClientSecret)
        .where(
            PartnerClientSecret.client_pk.in_(client_pks),
            or_(PartnerClientSecret.expires_at.is_(None), PartnerClientSecret.expires_at > now),
        )
        .order_by(PartnerClientSecret.created_at.desc(), PartnerClientSecret.id.desc())
    )
    for row in rows:
        found[row.client_pk].append(row)
    return found


async def end_secrets(
    session: AsyncSession, client_pk: uuid.UUID, now: datetime, *, current_until: datetime
) -> None:
    """Before a new secret: a secret already overlapping ends now, the current one at
    `current_until`. So at most two are ever live."""
    live = (PartnerClientSecret.client_pk == client_pk) & or_(
        PartnerClientSecret.expires_at.is_(None), PartnerClientSecret.expires_at > now
    )
    await session.execute(
        update(PartnerClientSecret)
        .where(live, PartnerClientSecret.expires_at.is_not(None))
        .values(expires_at=now, updated_at=now)
    )
    await session.execute(
        update(PartnerClientSecret)
        .where(PartnerClientSecret.client_pk == client_pk, PartnerClientSecret.expires_at.is_(None))
        .values(expires_at=current_until, updated_at=now)
    )


def changes_query(client_pk: uuid.UUID) -> Select[PartnerClientChange]:
    return select(PartnerClientChange).where(PartnerClientChange.client_pk == client_pk)


def token_requests_query(client_pk: uuid.UUID) -> Select[PartnerTokenRequest]:
    return select(PartnerTokenRequest).where(PartnerTokenRequest.client_pk == client_pk)
