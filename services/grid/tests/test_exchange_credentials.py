"""Bad credentials at the exchange: every one answered 401 or 403 as a problem, never 5xx;
and our webhook signatures, checked by the `standardwebhooks` reference library, fail on
every tampering a partner must catch."""

from datetime import timedelta

import httpx
import pytest
from grid_world import Callers, World
from integration_helpers import POPULATION, WRITE_POPULATION
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from weimin_grid.webhooks import signing
from weimin_kit.types import utcnow


def _bad_tokens(callers: Callers, world: World) -> dict[str, tuple[dict[str, str], int]]:
    area = f"street:{world.streets['S1']}"
    good = callers.keys.token(
        aud="weimin-integration", roles=["partner"], scopes=[*WRITE_POPULATION, area],
        subject="partner:police-1",
    )  # fmt: skip
    head, payload, signature = good.split(".")
    forged = f"{head}.{payload}.{signature[:-4]}AAAA"
    return {
        "no token": ({}, 401),
        "not a bearer token": ({"Authorization": f"Basic {good}"}, 401),
        "malformed token": ({"Authorization": "Bearer not.a.token"}, 401),
        "tampered signature": ({"Authorization": f"Bearer {forged}"}, 401),
        "a person's token (wrong audience)": (callers.admin(), 401),
        "expired": (
            {
                "Authorization": "Bearer "
                + callers.keys.token(
                    aud="weimin-integration",
                    roles=["partner"],
                    scopes=[*WRITE_POPULATION, area],
                    subject="partner:police-1",
                    lifetime_seconds=-120,  # past the verifier's clock-skew leeway
                )
            },
            401,
        ),
        "partner audience but not a partner": (
            {
                "Authorization": "Bearer "
                + callers.keys.token(aud="weimin-integration", scopes=[*WRITE_POPULATION, area])
            },
            401,
        ),
        "missing scope": (callers.partner(scopes=("integration:grid-units.read",)), 403),
    }


@pytest.mark.parametrize(
    "case",
    [
        "no token",
        "not a bearer token",
        "malformed token",
        "tampered signature",
        "a person's token (wrong audience)",
        "expired",
        "partner audience but not a partner",
        "missing scope",
    ],
)
async def test_bad_credentials_are_refused_as_problems(
    client: httpx.AsyncClient, world: World, callers: Callers, case: str
) -> None:
    headers, status = _bad_tokens(callers, world)[case]
    response = await client.post(
        POPULATION,
        json={"records": [{"partner_ref": "P1"}]},
        headers={**headers, "Idempotency-Key": "credentials-check"},
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


BODY = '{"type":"incident.reported","data":{"incident_id":"x","sequence":1}}'


def _signed(secret: str, offset_seconds: float = 0) -> dict[str, str]:
    return signing.headers("msg_1", utcnow() + timedelta(seconds=offset_seconds), BODY, [secret])


SECRET, OTHER = signing.new_secret(), signing.new_secret()


def test_a_partner_verifies_our_signature() -> None:
    assert Webhook(SECRET).verify(BODY, _signed(SECRET))["data"]["sequence"] == 1


# Each case: the body, what to change in freshly signed headers, the key verified with, and
# the clock offset of the signature (signed in the test, not at collection: time passes).
TAMPERINGS = {
    "tampered body": (BODY.replace("1}", "2}"), {}, SECRET, 0),
    "wrong secret": (BODY, {}, OTHER, 0),
    "timestamp 301 s ahead": (BODY, {}, SECRET, 301),
    "timestamp 301 s behind": (BODY, {}, SECRET, -301),
    "malformed header": (BODY, {"webhook-signature": "v1"}, SECRET, 0),
    "another message's id": (BODY, {"webhook-id": "msg_2"}, SECRET, 0),
}


@pytest.mark.parametrize("case", sorted(TAMPERINGS))
def test_a_partner_catches_every_tampering(case: str) -> None:
    body, changes, key, offset = TAMPERINGS[case]
    headers = {**_signed(SECRET, offset), **changes}
    # The library refuses a malformed header with ValueError, a bad signature with its own.
    with pytest.raises((WebhookVerificationError, ValueError)):
        Webhook(key).verify(body, headers)
