import httpx
import pytest
from fastapi import FastAPI, Request

from weimin_kit.forwarded import ForwardedMiddleware, client_address, parse_networks, resolve_client

INGRESS = parse_networks(["10.0.0.0/8", "127.0.0.1"])


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        # An untrusted peer is the client, whatever it claims.
        ("203.0.113.5", ["198.51.100.1"], "203.0.113.5"),
        # A trusted peer: the right-most untrusted entry; a client's own entries are left of it.
        ("10.0.0.2", ["198.51.100.1, 203.0.113.5"], "203.0.113.5"),
        ("10.0.0.2", ["198.51.100.1, 203.0.113.5, 10.1.1.1"], "203.0.113.5"),
        # Several headers read as one list, in order.
        ("10.0.0.2", ["198.51.100.1", "203.0.113.5"], "203.0.113.5"),
        # Every hop trusted: the left-most.
        ("127.0.0.1", ["10.0.0.9, 10.0.0.3"], "10.0.0.9"),
        # No header: the peer.
        ("127.0.0.1", [], "127.0.0.1"),
        # Ports and brackets are not part of the address.
        ("10.0.0.2", ["[2001:db8::7]:443"], "2001:db8::7"),
        ("10.0.0.2", ["203.0.113.5:51234"], "203.0.113.5"),
        # Garbage stops the walk at the trusted hop that passed it on.
        ("10.0.0.2", ["203.0.113.5, not-an-ip"], "10.0.0.2"),
        ("10.0.0.2", ["not-an-ip, 203.0.113.5"], "203.0.113.5"),
        # An IPv4 peer seen as IPv4-mapped IPv6 is still trusted.
        ("::ffff:10.0.0.2", ["203.0.113.5"], "203.0.113.5"),
        # Not an address at all (a test transport): passed through.
        ("testclient", ["203.0.113.5"], "testclient"),
    ],
)
def test_client_is_the_right_most_untrusted_address(
    peer: str, forwarded_for: list[str], client: str
) -> None:
    assert resolve_client(peer, forwarded_for, INGRESS) == client


def test_rotating_a_spoofed_header_never_changes_the_client() -> None:
    seen = {resolve_client("203.0.113.5", [f"198.51.100.{n}"], INGRESS) for n in range(50)}
    assert seen == {"203.0.113.5"}
    behind_ingress = {
        resolve_client("10.0.0.2", [f"198.51.100.{n}, 203.0.113.5"], INGRESS) for n in range(50)
    }
    assert behind_ingress == {"203.0.113.5"}


def test_a_bad_network_is_refused() -> None:
    with pytest.raises(ValueError, match=r"10\.0\.0\.300"):
        parse_networks(["10.0.0.300/8"])


def _echo_app(trusted: list[str]) -> FastAPI:
    app = FastAPI()

    @app.get("/who")
    async def who(request: Request) -> dict[str, str]:
        assert request.client is not None
        return {
            "client": request.client.host,
            "scheme": request.url.scheme,
            "again": client_address(request, parse_networks(["0.0.0.0/0"])),
        }

    app.add_middleware(ForwardedMiddleware, trusted_proxies=trusted)
    return app


async def _who(trusted: list[str], headers: dict[str, str]) -> dict[str, str]:
    transport = httpx.ASGITransport(app=_echo_app(trusted), client=("127.0.0.1", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/who", headers=headers)
    result: dict[str, str] = response.json()
    return result


async def test_middleware_rewrites_client_and_scheme_for_a_trusted_peer() -> None:
    who = await _who(
        ["127.0.0.1"], {"X-Forwarded-For": "6.6.6.6, 203.0.113.5", "X-Forwarded-Proto": "https"}
    )
    # `again`: resolved once; asking later (with other networks) returns the same client.
    assert who == {"client": "203.0.113.5", "scheme": "https", "again": "203.0.113.5"}


async def test_middleware_ignores_forwarding_headers_from_an_untrusted_peer() -> None:
    who = await _who([], {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"})
    assert who == {"client": "127.0.0.1", "scheme": "http", "again": "127.0.0.1"}


async def test_an_unknown_forwarded_proto_keeps_the_socket_scheme() -> None:
    who = await _who(["127.0.0.1"], {"X-Forwarded-Proto": "gopher"})
    assert who["scheme"] == "http"
