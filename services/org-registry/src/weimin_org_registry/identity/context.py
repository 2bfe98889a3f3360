"""The identity machinery one process shares: settings, hasher, signer, field cipher."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from weimin_kit.pii.crypto import FieldCipher
from weimin_org_registry.config import Settings
from weimin_org_registry.identity.keys import TokenSigner
from weimin_org_registry.identity.passwords import Passwords
from weimin_org_registry.identity.protection import AccountsVault
from weimin_org_registry.identity.ratelimit import Network


@dataclass(slots=True)
class Identity:
    settings: Settings
    passwords: Passwords
    signer: TokenSigner
    field_cipher: FieldCipher
    trusted_proxies: list[Network]
    # Account mobile numbers (sign-in by number and password looks one up).
    phone_vault: AccountsVault


async def identity_of(request: Request) -> Identity:
    identity: Identity = request.app.state.identity
    return identity


IdentityDep = Annotated[Identity, Depends(identity_of)]
