import time

import httpx
import jwt
import pytest

from weimin_kit.auth import (
    INTEGRATION_AUDIENCE,
    Principal,
    SecondFactorRequired,
    StaticKeySource,
    TokenVerifier,
    is_partner,
    keys_from_jwks,
    principal_from_claims,
    require_second_factor,
)
from weimin_kit.errors import TokenExpired, Unauthenticated
from weimin_kit.testing import TestKeys


class CountingSource:
    def __init__(self, *keysets: TestKeys) -> None:
        self.keysets = list(keysets)
        self.fetches = 0

    async def fetch(self) -> dict[str, jwt.PyJWK]:
        self.fetches += 1
        keys: dict[str, jwt.PyJWK] = {}
        for keyset in self.keysets:
            keys.update(keys_from_jwks(keyset.jwks))
        return keys


def verifier_for(source: object, clock: float | None = None) -> TokenVerifier:
    return TokenVerifier(
        source,  # type: ignore[arg-type]
        issuer="weimin-org-registry",
        audience="weimin",
        clock=(lambda: clock) if clock is not None else time.time,
    )


async def test_valid_token_becomes_a_principal() -> None:
    keys = TestKeys()
    principal = await verifier_for(keys.key_source()).verify(
        keys.token(roles=["grid_worker"], scopes=["grid:g1"], subject="u1")
    )
    assert principal.subject == "u1"
    assert principal.roles == frozenset({"grid_worker"})
    assert principal.scope_ids("grid") == frozenset({"g1"})


async def test_unknown_kid_refreshes_keys_once_and_then_accepts_rotated_key() -> None:
    old, new = TestKeys(), TestKeys()
    source = CountingSource(old)
    verifier = verifier_for(source)
    await verifier.verify(old.token())
    assert source.fetches == 1
    source.keysets.append(new)  # the issuer rotated and now publishes both keys
    verifier.min_refresh = 0
    await verifier.verify(new.token())
    assert source.fetches == 2
    await verifier.verify(old.token())  # old tokens keep working after rotation
    assert source.fetches == 2


async def test_unknown_kid_refresh_is_rate_limited() -> None:
    known, stranger = TestKeys(), TestKeys()
    source = CountingSource(known)
    verifier = verifier_for(source)
    await verifier.verify(known.token())
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            await verifier.verify(stranger.token())
    assert source.fetches == 1


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"aud": "someone-else"}, Unauthenticated),
        ({"iss": "forger"}, Unauthenticated),
        ({"exp": int(time.time()) - 3600}, TokenExpired),
        ({"typ": "refresh"}, Unauthenticated),
    ],
)
async def test_tokens_with_wrong_claims_are_refused(
    claims: dict[str, object], expected: type
) -> None:
    keys = TestKeys()
    with pytest.raises(expected):
        await verifier_for(keys.key_source()).verify(keys.token(**claims))


async def test_algorithm_none_and_hmac_tokens_are_refused() -> None:
    keys = TestKeys()
    verifier = verifier_for(keys.key_source())
    unsigned = jwt.encode({"sub": "x"}, key=None, algorithm="none", headers={"kid": keys.kid})
    hmac = jwt.encode({"sub": "x"}, key="k" * 32, algorithm="HS256", headers={"kid": keys.kid})
    for token in (unsigned, hmac, "not-a-token"):
        with pytest.raises(Unauthenticated):
            await verifier.verify(token)


async def test_token_signed_by_another_key_with_a_known_kid_is_refused() -> None:
    real, forger = TestKeys(), TestKeys()
    forger.kid = real.kid
    with pytest.raises(Unauthenticated):
        await verifier_for(StaticKeySource(keys_from_jwks(real.jwks))).verify(forger.token())


def test_scope_covers_any_ancestor_and_admin_covers_all() -> None:
    worker = Principal("w", roles=frozenset({"grid_worker"}), scopes=frozenset({"grid:g1"}))
    secretary = Principal(
        "s", roles=frozenset({"community_secretary"}), scopes=frozenset({"community:c1"})
    )
    assert worker.covers(community="c1", grid="g1")
    assert not worker.covers(community="c1", grid="g2")
    assert secretary.covers(community="c1", grid="g2")
    assert not secretary.covers(community="c2", grid="g9")
    assert Principal("a", roles=frozenset({"admin"})).covers(community="anything")


async def test_missing_token_is_401_with_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/notes")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "unauthenticated"


async def test_expired_token_has_its_own_code(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    token = test_keys.token(exp=int(time.time()) - 3600)
    response = await client.get("/v1/notes", headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.json()["code"]) == (401, "token-expired")


async def test_role_gate_is_403(client: httpx.AsyncClient, test_keys: TestKeys) -> None:
    response = await client.get(
        "/v1/notes/admin-only", headers=test_keys.headers(roles=["grid_worker"])
    )
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


async def test_object_outside_scope_is_hidden_by_create_list_and_read(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    in_a1 = test_keys.headers(roles=["grid_worker"], scopes=["area:a1"])
    created = await client.post("/v1/notes", json={"title": "mine", "area": "a1"}, headers=in_a1)
    assert created.status_code == 201
    refused = await client.post("/v1/notes", json={"title": "theirs", "area": "a2"}, headers=in_a1)
    assert refused.status_code == 404
    await client.post(
        "/v1/notes",
        json={"title": "other", "area": "a2"},
        headers=test_keys.headers(roles=["admin"]),
    )
    listed = await client.get("/v1/notes", headers=in_a1)
    assert [n["title"] for n in listed.json()["items"]] == ["mine"]


def _signed_in(roles: set[str], amr: list[str]) -> Principal:
    return principal_from_claims({"sub": "s", "roles": sorted(roles), "amr": amr})


def test_second_factor_is_demanded_of_the_listed_roles_signed_in_with_a_password_only() -> None:
    roles = ("admin", "community_secretary")
    with pytest.raises(SecondFactorRequired) as refused:
        require_second_factor(_signed_in({"community_secretary"}, ["pwd"]), roles=roles)
    assert refused.value.status_code == 403
    assert refused.value.code == "second-factor-sign-in-required"
    with pytest.raises(SecondFactorRequired):
        require_second_factor(Principal("no-amr", roles=frozenset({"admin"})), roles=roles)
    require_second_factor(_signed_in({"community_secretary"}, ["pwd", "otp"]), roles=roles)
    require_second_factor(_signed_in({"volunteer"}, ["pwd"]), roles=roles)
    require_second_factor(_signed_in({"admin"}, ["pwd"]), roles=roles, required=False)


def test_test_tokens_carry_both_factors_unless_told_otherwise() -> None:
    keys = TestKeys()
    claims = jwt.decode(keys.token(), options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "otp"]
    weak = jwt.decode(keys.token(amr=["pwd"]), options={"verify_signature": False})
    assert weak["amr"] == ["pwd"]


PARTNER_SCOPE = "integration:grid-units.read"


def partner_token(test_keys: TestKeys, **overrides: object) -> str:
    claims: dict[str, object] = {
        "subject": "partner:pc-0123456789abcdef0123",
        "roles": ["partner"],
        "scopes": [PARTNER_SCOPE, "community:0190f5c2-0000-7000-8000-0000000000a1"],
        "aud": INTEGRATION_AUDIENCE,
        "amr": [],
        **overrides,
    }
    return test_keys.token(**claims)  # type: ignore[arg-type]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_partner_token_with_the_scope_passes_the_partner_dependency(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.get("/v1/notes/for-partners", headers=bearer(partner_token(test_keys)))
    assert response.status_code == 200, response.text
    assert response.json() == {"subject": "partner:pc-0123456789abcdef0123"}


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"scopes": ["integration:incidents.read"]}, 403, "insufficient-scope"),
        ({"scopes": []}, 403, "insufficient-scope"),
        # Not issued for the partner exchange: a person's audience.
        ({"aud": "weimin"}, 401, "unauthenticated"),
        # The audience right but not a partner client's token.
        ({"subject": "0190f5c2-0000-7000-8000-0000000000ff"}, 401, "unauthenticated"),
        ({"roles": ["admin"]}, 401, "unauthenticated"),
        ({"exp": int(time.time()) - 3600}, 401, "token-expired"),
    ],
)
async def test_partner_dependency_refuses_other_tokens(
    client: httpx.AsyncClient,
    test_keys: TestKeys,
    overrides: dict[str, object],
    status: int,
    code: str,
) -> None:
    token = partner_token(test_keys, **overrides)
    response = await client.get("/v1/notes/for-partners", headers=bearer(token))
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.headers["content-type"].startswith("application/problem+json")
    if status == 403:
        assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


async def test_a_persons_token_never_passes_the_partner_dependency(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    # Even an admin's token, even one that names the partner scope.
    for roles in (["admin"], ["grid_worker"]):
        headers = test_keys.headers(roles=roles, scopes=[PARTNER_SCOPE])
        assert (await client.get("/v1/notes/whoami", headers=headers)).status_code == 200
        response = await client.get("/v1/notes/for-partners", headers=headers)
        assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")
    missing = await client.get("/v1/notes/for-partners")
    assert missing.status_code == 401


async def test_a_partner_token_never_passes_a_persons_dependency(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    # Even one claiming the admin role beside its own.
    for roles in (["partner"], ["partner", "admin"]):
        headers = bearer(partner_token(test_keys, roles=roles))
        for path in ("/v1/notes/whoami", "/v1/notes/admin-only", "/v1/notes"):
            response = await client.get(path, headers=headers)
            assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


async def test_the_verifier_caches_a_token_per_audience() -> None:
    keys = TestKeys()
    verifier = verifier_for(CountingSource(keys))
    token = keys.token(aud=INTEGRATION_AUDIENCE, subject="partner:x", roles=["partner"])
    principal = await verifier.verify(token, audience=INTEGRATION_AUDIENCE)
    assert is_partner(principal)
    # Verified once for the integration audience: still refused for the person's.
    with pytest.raises(Unauthenticated):
        await verifier.verify(token)
    assert (await verifier.verify(token, audience=INTEGRATION_AUDIENCE)) is principal
