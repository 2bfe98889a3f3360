"""The partner simulator's token source (tools/partner_simulator) against the real token
endpoint: one token while it is fresh, a new one near its expiry, a revoked client
refused."""

import httpx
import pytest
from org_registry_world import World

from weimin_partner_simulator import tokens
from weimin_partner_simulator.tokens import ClientCredentials, TokenRefused, claims_of

TOKEN = "/v1/oauth/token"
CLIENTS = "/v1/partner-clients"


async def test_the_simulator_keeps_a_fresh_token_and_asks_again_before_expiry(
    world: World,
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = {"name": "公安网格系统", "scopes": ["integration:incidents.read"],
            "area_id": str(world.ids["A1"])}  # fmt: skip
    answer = await client.post(CLIENTS, json=body, headers=staff["sec-a"])
    assert answer.status_code == 201, answer.text
    created = answer.json()
    source = ClientCredentials(TOKEN, created["client_id"], created["client_secret"])
    first = await source.token(client)
    assert await source.token(client) == first
    assert source.issued == 1
    assert claims_of(first)["sub"] == f"partner:{created['client_id']}"
    # Within the margin of its 600 s life: asked again before it runs out.
    monkeypatch.setattr(tokens, "REFRESH_MARGIN_SECONDS", 600)
    renewed = await source.token(client)
    assert source.issued == 2
    assert claims_of(renewed)["jti"] != claims_of(first)["jti"]
    assert "[token] issued #2, expires in 600 s" in capsys.readouterr().out

    revoked = await client.post(f"{CLIENTS}/{created['client_id']}/revoke", headers=staff["sec-a"])
    assert revoked.status_code == 200, revoked.text
    with pytest.raises(TokenRefused, match="401"):
        await source.token(client, renew=True)
