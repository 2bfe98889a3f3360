import json
from pathlib import Path

import pytest

from weimin_launcher.processes import GATEWAY, SERVICES, Layout
from weimin_launcher.setup import json_lines

GRID = next(s for s in SERVICES if s.name == "grid")


def test_service_gets_its_port_database_and_the_issuers_jwks(tmp_path: Path) -> None:
    layout = Layout(var_dir=tmp_path, ports={"grid": 9102, "org-registry": 9101})
    env = layout.env(GRID)
    assert env["WEIMIN_GRID_PORT"] == "9102"
    assert env["WEIMIN_GRID_DATABASE_URL"] == f"sqlite+aiosqlite:///{tmp_path / 'grid.db'}"
    assert env["WEIMIN_GRID_JWKS_URL"] == "http://127.0.0.1:9101/.well-known/jwks.json"


def test_gateway_is_told_where_every_service_listens(tmp_path: Path) -> None:
    layout = Layout(var_dir=tmp_path, ports={"wishes": 9203})
    env = layout.env(GATEWAY)
    assert env["WEIMIN_GATEWAY_WISHES_URL"] == "http://127.0.0.1:9203"
    assert env["WEIMIN_GATEWAY_ORG_REGISTRY_URL"] == "http://127.0.0.1:8001"
    assert "WEIMIN_GATEWAY_DATABASE_URL" not in env


def test_services_keep_local_photos_under_the_var_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WEIMIN_GRID_PHOTO_DIR", raising=False)
    layout = Layout(var_dir=tmp_path)
    assert layout.env(GRID)["WEIMIN_GRID_PHOTO_DIR"] == str(tmp_path / "photos" / "grid")
    monkeypatch.setenv("WEIMIN_GRID_PHOTO_DIR", "/srv/photos")  # an operator's choice wins
    assert layout.env(GRID)["WEIMIN_GRID_PHOTO_DIR"] == "/srv/photos"
    assert "WEIMIN_GATEWAY_PHOTO_DIR" not in layout.env(GATEWAY)


def test_explicit_database_url_wins_over_the_sqlite_default(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1/grid"
    layout = Layout(var_dir=tmp_path, database_urls={"grid": url})
    assert layout.env(GRID)["WEIMIN_GRID_DATABASE_URL"] == url


def test_json_lines_skips_log_noise() -> None:
    output = 'starting\n{"loaded": {"grid_units": 427}}\nnot json {\n{"username": "admin"}\n'
    assert list(json_lines(output)) == [{"loaded": {"grid_units": 427}}, {"username": "admin"}]


def test_services_learn_each_others_event_addresses_and_platform_event_settings(
    tmp_path: Path,
) -> None:
    layout = Layout(
        var_dir=tmp_path,
        ports={"volunteers": 9304},
        extra_env={"WEIMIN_EVENTS_TRANSPORT": "nats", "WEIMIN_WISHES_EVENTS_TRANSPORT": "http"},
    )
    grid = layout.env(GRID)
    assert json.loads(grid["WEIMIN_GRID_EVENTS_PEERS"])["volunteers"] == "http://127.0.0.1:9304"
    assert grid["WEIMIN_GRID_EVENTS_TRANSPORT"] == "nats"
    wishes = layout.env(next(s for s in SERVICES if s.name == "wishes"))
    assert wishes["WEIMIN_WISHES_EVENTS_TRANSPORT"] == "http"  # its own setting wins
    assert "WEIMIN_GATEWAY_EVENTS_PEERS" not in layout.env(GATEWAY)


def test_services_link_to_the_gateway_or_the_platforms_public_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wishes = next(s for s in SERVICES if s.name == "wishes")
    monkeypatch.delenv("WEIMIN_PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("WEIMIN_WISHES_PUBLIC_BASE_URL", raising=False)
    layout = Layout(var_dir=tmp_path, ports={"gateway": 9200})
    assert layout.env(wishes)["WEIMIN_WISHES_PUBLIC_BASE_URL"] == "http://127.0.0.1:9200"
    monkeypatch.setenv("WEIMIN_PUBLIC_BASE_URL", "https://weimin.example.cn")
    assert layout.env(wishes)["WEIMIN_WISHES_PUBLIC_BASE_URL"] == "https://weimin.example.cn"
    monkeypatch.setenv("WEIMIN_WISHES_PUBLIC_BASE_URL", "https://wall.example.cn")
    assert layout.env(wishes)["WEIMIN_WISHES_PUBLIC_BASE_URL"] == "https://wall.example.cn"
    assert "WEIMIN_GATEWAY_PUBLIC_BASE_URL" not in layout.env(GATEWAY)


def test_text_messages_go_to_an_outbox_file_under_the_var_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WEIMIN_ORG_REGISTRY_SMS_OUTBOX", raising=False)
    layout = Layout(var_dir=tmp_path)
    org_registry = next(service for service in SERVICES if service.name == "org-registry")
    outbox = tmp_path / "sms" / "org-registry.jsonl"
    assert layout.sms_outbox(org_registry) == outbox
    assert layout.env(org_registry)["WEIMIN_ORG_REGISTRY_SMS_OUTBOX"] == str(outbox)
    assert "WEIMIN_GATEWAY_SMS_OUTBOX" not in layout.env(GATEWAY)
