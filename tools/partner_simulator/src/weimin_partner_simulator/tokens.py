"""Where the simulator's bearer token comes from: the org-registry's token endpoint (OAuth2
client credentials, asked again before the 10-minute token runs out; the grant has no
refresh token), or a token handed over as it is (a test mints one with its own keys)."""

import asyncio
import base64
import json
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

#: Ask for a new token this long before the current one expires.
REFRESH_MARGIN_SECONDS = 60


class TokenSource(Protocol):
    async def token(self, http: httpx.AsyncClient, *, renew: bool = False) -> str: ...


class TokenRefused(Exception):
    pass


@dataclass
class GivenToken:
    """A token made elsewhere; it cannot be renewed."""

    value: str

    async def token(self, http: httpx.AsyncClient, *, renew: bool = False) -> str:
        return self.value


@dataclass
class ClientCredentials:
    token_url: str
    client_id: str
    client_secret: str
    scope: str | None = None
    _value: str | None = field(default=None, repr=False)
    _expires_at: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)
    #: How many tokens were issued so far (the output shows each renewal).
    issued: int = 0

    async def token(self, http: httpx.AsyncClient, *, renew: bool = False) -> str:
        async with self._lock:
            fresh = time.monotonic() < self._expires_at - REFRESH_MARGIN_SECONDS
            if self._value is None or renew or not fresh:
                await self._ask(http)
            assert self._value is not None
            return self._value

    async def _ask(self, http: httpx.AsyncClient) -> None:
        form = {"grant_type": "client_credentials"}
        if self.scope:
            form["scope"] = self.scope
        response = await http.post(
            self.token_url, data=form, auth=(self.client_id, self.client_secret)
        )
        if response.status_code != 200:
            raise TokenRefused(f"token endpoint answered {response.status_code}: {response.text}")
        granted = response.json()
        self._value = granted["access_token"]
        self._expires_at = time.monotonic() + float(granted.get("expires_in", 600))
        self.issued += 1
        print(
            f"[token] issued #{self.issued}, expires in {granted.get('expires_in')} s, "
            f"scope: {granted.get('scope', '')}",
            flush=True,
        )


def claims_of(token: str) -> dict[str, Any]:
    """The token's claims, unverified: the simulator only reads its own client id and
    area from them (Weimin verifies the signature, not the partner)."""
    try:
        payload = token.split(".")[1]
        decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * 4))
    except (IndexError, ValueError):
        return {}
    return decoded
