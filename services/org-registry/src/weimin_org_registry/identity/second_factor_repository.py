"""Every query on second factors, recovery codes and sign-in challenges."""

import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_org_registry.identity.models import RecoveryCode, SecondFactor, SignInChallenge


async def factor(
    session: AsyncSession, account_id: uuid.UUID, *, for_update: bool = False
) -> SecondFactor | None:
    statement = select(SecondFactor).where(SecondFactor.account_id == account_id)
    # Locked on PostgreSQL so two requests with the same code cannot both pass the
    # replay check; SQLite serialises writers anyway.
    if for_update:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return await session.scalar(statement)


async def replace_recovery_codes(
    session: AsyncSession, account_id: uuid.UUID, codes: list[RecoveryCode]
) -> None:
    await session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
    session.add_all(codes)


async def use_recovery_code(
    session: AsyncSession, account_id: uuid.UUID, code_hash: str, now: datetime
) -> bool:
    """Claim an unused recovery code in one UPDATE: two racing uses cannot both win."""
    result = await session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.account_id == account_id,
            RecoveryCode.code_hash == code_hash,
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def delete_factor(session: AsyncSession, account_id: uuid.UUID) -> None:
    await session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
    await session.execute(delete(SecondFactor).where(SecondFactor.account_id == account_id))


async def challenge_by_hash(session: AsyncSession, token_hash: str) -> SignInChallenge | None:
    return await session.scalar(
        select(SignInChallenge)
        .where(SignInChallenge.token_hash == token_hash)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def claim_challenge(session: AsyncSession, challenge_id: uuid.UUID, now: datetime) -> bool:
    """Mark the challenge used; False when another request finished it first."""
    result = await session.execute(
        update(SignInChallenge)
        .where(SignInChallenge.id == challenge_id, SignInChallenge.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
