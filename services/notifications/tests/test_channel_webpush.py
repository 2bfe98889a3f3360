"""The web-push channel against the local push service (tools/push_service) as a real
process on a socket: the service verifies our VAPID token itself and decrypts the message
with the "browser's" keys, so what it records is what a browser would show."""

import json
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import SecretStr

from weimin_notifications.channels.base import (
    Channel,
    ChannelError,
    OutgoingMessage,
    RateLimited,
    Target,
    TargetGone,
)
from weimin_notifications.channels.webpush import (
    MAX_PLAINTEXT_BYTES,
    WebPushChannel,
    WebPushSettings,
    build_web_push,
    generate_vapid_keys,
    load_vapid_key,
    vapid_public_key,
)
from weimin_push_service.crypto import BrowserKeys, b64url_decode

sys.path.insert(0, str(Path(__file__).parent))
from push_sim import PushSim, running_push_service, subscription_id

PRIVATE_KEY, PUBLIC_KEY = generate_vapid_keys()


def settings(private_key: str = PRIVATE_KEY, **extra: Any) -> WebPushSettings:
    return WebPushSettings(
        web_push_vapid_private_key=SecretStr(private_key),
        web_push_ttl_seconds=600,
        web_push_endpoint_hosts=["127.0.0.1"],
        **extra,
    )


def message(
    urgent: bool = False, body: str = "网格 A3 的 7 号楼有人按下了一键报警。"
) -> OutgoingMessage:
    return OutgoingMessage(
        delivery_id=uuid.uuid4(),
        kind="alarm.raised",
        title="联防报警",
        body=body,
        link="/alarms/42",
        urgent=urgent,
    )


def target(subscription: dict[str, Any]) -> Target:
    return Target(address=json.dumps(subscription))


@pytest.fixture(scope="module")
async def sim() -> AsyncIterator[PushSim]:
    async with running_push_service() as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def channel_for(http: httpx.AsyncClient, private_key: str = PRIVATE_KEY) -> WebPushChannel:
    channel = build_web_push(settings(private_key), http)
    assert channel is not None
    return channel


async def test_the_push_service_verifies_vapid_and_decrypts_exactly_the_payload(
    sim: PushSim, http: httpx.AsyncClient
) -> None:
    subscription = await sim.subscribe(application_server_key=PUBLIC_KEY)
    urgent, plain = message(urgent=True), message()
    channel: Channel = channel_for(http)
    assert channel.name == "web_push"

    locations = [await channel.send(target(subscription), m) for m in (urgent, plain)]

    arrivals = await sim.arrivals(subscription)
    assert [a["status"] for a in arrivals] == [201, 201]
    assert locations == [f"{sim.origin}/messages/{a['id']}" for a in arrivals]
    assert all(a["verified"] for a in arrivals)
    assert {a["vapid_subject"] for a in arrivals} == {"mailto:ops@weimin.example"}
    assert [a["urgency"] for a in arrivals] == ["high", "normal"]
    assert [a["ttl"] for a in arrivals] == [600, 600]
    assert [a["topic"] for a in arrivals] == [urgent.delivery_id.hex, plain.delivery_id.hex]
    assert arrivals[0]["payload"] == {
        "title": "联防报警",
        "body": "网格 A3 的 7 号楼有人按下了一键报警。",
        "link": "/alarms/42",
        "kind": "alarm.raised",
        "urgent": True,
        "delivery_id": str(urgent.delivery_id),
    }


async def test_a_pem_key_signs_as_the_raw_one_does(sim: PushSim, http: httpx.AsyncClient) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = vapid_public_key(settings(pem))
    assert public is not None
    assert b64url_decode(public) == key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    subscription = await sim.subscribe(application_server_key=public)

    assert await channel_for(http, pem).send(target(subscription), message())
    assert [a["verified"] for a in await sim.arrivals(subscription)] == [True]


async def test_a_long_body_is_shortened_to_fit_one_push_message(
    sim: PushSim, http: httpx.AsyncClient
) -> None:
    subscription = await sim.subscribe()
    await channel_for(http).send(target(subscription), message(body="楼道堆放杂物。" * 600))

    (arrival,) = await sim.arrivals(subscription)
    body = arrival["payload"]["body"]
    assert arrival["status"] == 201
    assert body.startswith("楼道堆放杂物。")
    assert body.endswith("…")
    assert len(json.dumps(arrival["payload"], ensure_ascii=False).encode()) <= MAX_PLAINTEXT_BYTES


async def test_an_unsubscribed_or_expired_subscription_is_gone(
    sim: PushSim, http: httpx.AsyncClient
) -> None:
    left = await sim.subscribe()
    await sim.unsubscribe(left)
    expired = await sim.subscribe(expires_in_seconds=0)
    channel = channel_for(http)

    for subscription in (left, expired):
        with pytest.raises(TargetGone) as gone:
            await channel.send(target(subscription), message())
        assert not gone.value.retryable
        assert [a["status"] for a in await sim.arrivals(subscription)] == [410]


async def test_429_waits_for_retry_after_and_500_is_retried(
    sim: PushSim, http: httpx.AsyncClient
) -> None:
    subscription = await sim.subscribe()
    channel = channel_for(http)

    await sim.fail_next(429, retry_after=7)
    with pytest.raises(RateLimited) as limited:
        await channel.send(target(subscription), message())
    assert limited.value.retry_after == 7

    await sim.fail_next(500)
    with pytest.raises(ChannelError) as failed:
        await channel.send(target(subscription), message())
    assert failed.value.retryable
    assert not isinstance(failed.value, RateLimited)

    assert await channel.send(target(subscription), message())
    statuses = [a["status"] for a in await sim.arrivals(subscription)]
    assert statuses == [429, 500, 201]


async def test_a_key_other_than_the_subscriptions_is_refused(
    sim: PushSim, http: httpx.AsyncClient
) -> None:
    subscription = await sim.subscribe(application_server_key=PUBLIC_KEY)
    other_key, _ = generate_vapid_keys()

    with pytest.raises(ChannelError) as refused:
        await channel_for(http, other_key).send(target(subscription), message())

    assert not refused.value.retryable
    (arrival,) = await sim.arrivals(subscription)
    assert (arrival["status"], arrival["verified"], arrival["payload"]) == (403, False, None)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "http://elsewhere.example"}, "aud"),
        ({"exp": int(time.time()) + 25 * 3600}, "24 hours"),
        ({"sub": "nobody"}, "sub"),
    ],
)
async def test_the_push_service_refuses_a_token_with_wrong_claims(
    sim: PushSim, claims: dict[str, Any], reason: str
) -> None:
    # Signed correctly but claiming the wrong things: the push service must look.
    subscription = await sim.subscribe()
    good = {"aud": sim.origin, "exp": int(time.time()) + 3600, "sub": "mailto:a@b.example"}
    signer = load_vapid_key(PRIVATE_KEY)
    signer.conf = {"no-strict": True}  # py-vapid would refuse to sign some of these
    signed = signer.sign({**good, **claims})
    answer = await sim.http.post(
        f"/push/{subscription_id(subscription)}",
        content=b"x",
        headers={**signed, "TTL": "60", "Content-Encoding": "aes128gcm"},
    )
    assert answer.status_code == 401
    assert reason in answer.text


async def test_an_endpoint_outside_the_push_services_is_never_posted_to(
    http: httpx.AsyncClient,
) -> None:
    subscription = {
        "endpoint": "http://10.0.0.8:8001/api/v1/accounts",
        "keys": {"p256dh": PUBLIC_KEY, "auth": "BTBZMqHH6r4Tts7J_aSIgg"},
    }
    with pytest.raises(ChannelError) as refused:
        await channel_for(http).send(target(subscription), message())
    assert not refused.value.retryable


async def test_an_unreachable_push_service_is_retried(http: httpx.AsyncClient) -> None:
    keys = BrowserKeys.generate()
    subscription = {
        "endpoint": "http://127.0.0.1:9/push/x",  # discard port: nothing listens
        "keys": {"p256dh": keys.p256dh, "auth": keys.auth},
    }
    with pytest.raises(ChannelError) as failed:
        await channel_for(http).send(target(subscription), message())
    assert failed.value.retryable


async def test_no_vapid_key_no_channel(http: httpx.AsyncClient) -> None:
    bare = WebPushSettings()
    assert build_web_push(bare, http) is None
    assert vapid_public_key(bare) is None
    assert vapid_public_key(settings()) == PUBLIC_KEY


def test_the_push_service_decrypts_the_rfc_8291_example() -> None:
    # RFC 8291 §5 / Appendix A: the browser's keys and the message it must read.
    private = int.from_bytes(b64url_decode("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"), "big")
    keys = BrowserKeys(
        ec.derive_private_key(private, ec.SECP256R1()), b64url_decode("BTBZMqHH6r4Tts7J_aSIgg")
    )
    body = b64url_decode(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocIn"
        "mYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNW"
        "QexSgSxsj_Qulcy4a-fN"
    )
    assert keys.p256dh == (
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    )
    assert keys.decrypt(body) == b"When I grow up, I want to be a watermelon"
