import json
import logging
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from sample.app import MIGRATIONS_DIR, create_app
from weimin_kit.db import Database
from weimin_kit.logging import JsonFormatter
from weimin_kit.migrations import head_revision, upgrade_to_head
from weimin_kit.settings import ServiceSettings
from weimin_kit.testing import create_test_database, drop_test_database


async def test_readyz_reports_schema_at_head(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["schema"]["current"] == head_revision(MIGRATIONS_DIR)


async def test_readyz_refuses_a_stale_schema(tmp_path: Path) -> None:
    url = await create_test_database("kit-stale", tmp_path)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    async with database.engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    await database.dispose()
    app = create_app(ServiceSettings(database_url=url, environment="test"))
    try:
        async with app.router.lifespan_context(app):  # type: ignore[attr-defined]
            transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                response = await client.get("/readyz")
    finally:
        await drop_test_database(url)
    assert response.status_code == 503
    assert response.json()["checks"]["schema"] == {
        "current": "older",
        "head": head_revision(MIGRATIONS_DIR),
    }


async def test_metrics_count_requests_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    body = (await client.get("/metrics")).text
    assert 'http_requests_total{method="GET",route="/healthz",status="200"}' in body


async def test_request_id_is_kept_when_well_formed_and_replaced_otherwise(
    client: httpx.AsyncClient,
) -> None:
    kept = await client.get("/healthz", headers={"X-Request-ID": "abc-123-def"})
    assert kept.headers["x-request-id"] == "abc-123-def"
    replaced = await client.get("/healthz", headers={"X-Request-ID": "bad id;drop"})
    assert replaced.headers["x-request-id"] != "bad id"
    assert len(replaced.headers["x-request-id"]) == 32


def test_log_lines_are_json_without_phone_or_id_numbers() -> None:
    record = logging.LogRecord(
        "t", logging.INFO, __file__, 1, "caller 13812345678 id %s", ("53290119900101123X",), None
    )
    record.extra_field = "also 13987654321"
    line = JsonFormatter("svc").format(record)
    entry = json.loads(line)
    assert entry["service"] == "svc"
    assert "13812345678" not in line
    assert "53290119900101123X" not in line
    assert "13987654321" not in line


def test_placeholder_secrets_are_refused_in_production() -> None:
    with pytest.raises(ValueError, match="field_keys"):
        ServiceSettings(environment="production")


def test_placeholder_secrets_are_fine_in_development() -> None:
    assert ServiceSettings(environment="development").secret("field_keys").startswith("dev1:")
