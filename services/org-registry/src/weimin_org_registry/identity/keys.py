"""ES256 signing keys: creation, rotation, publication (JWKS) and signing.

Rotation never logs anyone out: the previous key turns "retiring" and stays published
until every access token it can have signed has expired (`retire_after`), then retires.
"""

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import keys_from_jwks
from weimin_kit.db import Database
from weimin_kit.errors import Conflict
from weimin_kit.ids import new_id
from weimin_kit.pii.crypto import FieldCipher
from weimin_org_registry.config import Settings
from weimin_org_registry.identity.models import SigningKey

PRIVATE_KEY_CONTEXT = "signing_keys.private_key"
log = logging.getLogger("weimin.org_registry.keys")


class SigningKeyRotationConflict(Conflict):
    code = "signing-key-rotation-conflict"
    title = "Another rotation happened at the same time; try again"
    title_zh = "另一次密钥轮换同时发生，请重试"


class NoActiveSigningKey(Exception):
    """The service started without a key; the startup hook should have made one."""


def _new_key(cipher: FieldCipher, now: datetime) -> SigningKey:
    private_key = ec.generate_private_key(ec.SECP256R1())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    kid = str(new_id())
    public = jwt.algorithms.ECAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    return SigningKey(
        kid=kid,
        private_key=cipher.encrypt(pem, context=PRIVATE_KEY_CONTEXT),
        public_jwk={**public, "kid": kid, "alg": "ES256", "use": "sig"},
        state="active",
        created_at=now,
        updated_at=now,
    )


async def ensure_signing_key(database: Database, cipher: FieldCipher, now: datetime) -> bool:
    """Create the first signing key unless one is active; True when this call made it."""
    async with database.sessionmaker() as session:
        active = await session.scalar(select(SigningKey.kid).where(SigningKey.state == "active"))
        if active is not None:
            return False
        session.add(_new_key(cipher, now))
        try:
            await session.commit()
        except IntegrityError:
            # Another process won the race (the one-active-key index); its key serves.
            await session.rollback()
            return False
    log.info("created the first signing key")
    return True


def retire_after(settings: Settings, now: datetime) -> datetime:
    return now + timedelta(
        seconds=settings.access_token_ttl_seconds + settings.signing_key_grace_seconds
    )


async def rotate_signing_key(
    session: AsyncSession, cipher: FieldCipher, settings: Settings, now: datetime
) -> tuple[SigningKey, list[str]]:
    """Make a new active key; the previous active key starts retiring. Returns the new key
    and the kids now retiring."""
    await session.execute(
        update(SigningKey)
        .where(SigningKey.state == "retiring", SigningKey.retire_after <= now)
        .values(state="retired", updated_at=now)
    )
    await session.execute(
        update(SigningKey)
        .where(SigningKey.state == "active")
        .values(state="retiring", retire_after=retire_after(settings, now), updated_at=now)
    )
    key = _new_key(cipher, now)
    session.add(key)
    try:
        await session.flush()
    except IntegrityError:
        raise SigningKeyRotationConflict() from None
    retiring = await session.scalars(
        select(SigningKey.kid).where(SigningKey.state == "retiring").order_by(SigningKey.kid)
    )
    return key, list(retiring)


async def published_keys(session: AsyncSession, now: datetime) -> list[dict[str, Any]]:
    """Public JWKs of the active key and of retiring keys whose tokens may still be alive."""
    rows = await session.scalars(
        select(SigningKey)
        .where(
            or_(
                SigningKey.state == "active",
                (SigningKey.state == "retiring") & (SigningKey.retire_after > now),
            )
        )
        .order_by(SigningKey.created_at.desc(), SigningKey.kid.desc())
    )
    return [dict(row.public_jwk) for row in rows]


class DatabaseKeySource:
    """The verifier's key source in this service: its own table, not its own HTTP endpoint.

    Takes the database from app state at fetch time, so tests that rebind the session
    factory are honoured.
    """

    def __init__(self, state: Any) -> None:
        self.state = state

    async def fetch(self) -> Mapping[str, jwt.PyJWK]:
        database: Database = self.state.database
        async with database.read_sessionmaker() as session:
            keys = await published_keys(session, self.state.clock())
        return keys_from_jwks({"keys": keys})


class TokenSigner:
    """Signs with the active key; decrypted private keys are cached per kid."""

    def __init__(self, cipher: FieldCipher, on_new_kid: Callable[[], None] | None = None) -> None:
        self.cipher = cipher
        self.on_new_kid = on_new_kid
        self._private: dict[str, ec.EllipticCurvePrivateKey] = {}
        self._last_kid: str | None = None

    async def active_key(self, session: AsyncSession) -> tuple[str, ec.EllipticCurvePrivateKey]:
        row = (
            await session.execute(
                select(SigningKey.kid, SigningKey.private_key).where(SigningKey.state == "active")
            )
        ).first()
        if row is None:
            raise NoActiveSigningKey("no active signing key; restart or run rotate-keys")
        kid, encrypted = row
        if kid not in self._private:
            pem = self.cipher.decrypt(encrypted, context=PRIVATE_KEY_CONTEXT)
            key = serialization.load_pem_private_key(pem.encode(), password=None)
            assert isinstance(key, ec.EllipticCurvePrivateKey)
            self._private[kid] = key
        return kid, self._private[kid]

    async def sign(self, session: AsyncSession, claims: Mapping[str, Any]) -> tuple[str, str]:
        """The compact JWT and the kid it was signed with."""
        kid, key = await self.active_key(session)
        if kid != self._last_kid:
            # A rotation (perhaps by another process): make sure our own verifier will
            # fetch the new public key instead of waiting out its refresh interval.
            self._last_kid = kid
            if self.on_new_kid is not None:
                self.on_new_kid()
        token = jwt.encode(dict(claims), key, algorithm="ES256", headers={"kid": kid})
        return token, kid
