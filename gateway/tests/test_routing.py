import pytest

from weimin_gateway.routing import RouteTable, Target

TABLE = RouteTable(
    resources={"wishes": ("wall", "wishes"), "org-registry": ("auth",)},
    stream_routes=frozenset({("GET", "/api/v1/wall/stream")}),
    public_paths=frozenset({"/api/v1/auth/login"}),
    public_read_prefixes=("/api/v1/wall",),
)


def test_resource_prefix_picks_the_owning_service() -> None:
    target = TABLE.match("/api/v1/wall/communities/c1/feed")
    assert target is not None
    assert (target.service, target.path) == ("wishes", "/api/v1/wall")
    assert TABLE.match("/api/v1/unknown/x") is None


def test_public_read_prefix_is_open_to_reads_only() -> None:
    assert TABLE.is_public("/api/v1/wall/communities/c1/feed", "GET")
    assert TABLE.is_public("/api/v1/wall", "HEAD")
    assert not TABLE.is_public("/api/v1/wall/communities/c1/feed", "POST")


def test_public_read_prefix_does_not_open_lookalike_paths() -> None:
    assert not TABLE.is_public("/api/v1/wallet", "GET")
    assert not TABLE.is_public("/api/v1/wishes/w1", "GET")


def test_exact_public_paths_stay_exact() -> None:
    assert TABLE.is_public("/api/v1/auth/login", "POST")
    assert not TABLE.is_public("/api/v1/auth/login/extra", "POST")


def test_only_the_listed_stream_routes_are_streams() -> None:
    table = RouteTable()
    alarms = "/api/v1/joint-defence/groups/g1/alarms/stream"
    stream = table.match(alarms, "GET")
    assert stream == Target("grid", "/api/v1/joint-defence", streaming=True)
    for method, path in [
        ("GET", "/api/v1/joint-defence/groups/g1/alarms"),
        ("POST", alarms),
        ("GET", alarms + "/more"),
        ("GET", "/api/v1/joint-defence/groups/g1/x/alarms/stream"),
        ("GET", "/api/v1/wall/communities/c1/feed"),
    ]:
        target = table.match(path, method)
        assert target is not None
        assert not target.streaming, (method, path)
    assert table.match("/api/v1/wall/stream", "GET") == Target("wishes", "/api/v1/wall", True)


def test_a_stream_route_outside_the_routed_resources_is_refused() -> None:
    with pytest.raises(ValueError, match="not under a routed resource"):
        RouteTable(stream_routes=frozenset({("GET", "/api/v1/nowhere/stream")}))


def test_a_kiosk_screen_may_pair_without_a_token_and_do_nothing_else() -> None:
    table = RouteTable()
    assert table.is_public("/api/v1/wall/kiosk/pair", "POST")
    assert table.is_public("/api/v1/wall/kiosk", "GET")
    assert not table.is_public("/api/v1/wall/kiosk", "POST")
    assert not table.is_public("/api/v1/kiosk-devices", "POST")
    assert not table.is_public("/api/v1/kiosk-devices", "GET")


def test_open311_goes_to_the_grid_without_a_bearer_token() -> None:
    # GeoReport v2 clients send no Authorization header: reads are public by the
    # specification, and a POST's `api_key` is in its form (the grid checks it).
    table = RouteTable()
    for path in ("/open311/v2/services.json", "/open311/v2/requests/abc.xml"):
        assert table.match(path, "GET") == Target("grid", "/open311/v2")
        assert table.is_public(path, "GET")
    assert table.is_public("/open311/v2/requests.json", "POST")
    assert table.match("/open311/v2x/services.json") is None
    assert not table.is_public("/open311/v2x/services.json", "GET")
    assert not table.is_public("/integration/v1/addresses", "GET")
