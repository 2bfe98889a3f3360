import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from weimin_gateway.__main__ import main
from weimin_gateway.openapi import merge_openapi


def _ok(ref: str) -> dict[str, Any]:
    return {"200": {"content": {"application/json": {"schema": {"$ref": ref}}}}}


def _document(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "paths": paths, "components": {"schemas": schemas}}


PROBLEM = {"type": "object", "properties": {"code": {"type": "string"}}}
SUMMARY = "#/components/schemas/Summary"
PAGE = {"type": "object", "properties": {"items": {"$ref": SUMMARY}}}


def _get(operation_id: str, ref: str | None = None) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "responses": _ok(ref) if ref else {}}}


def _wishes() -> dict[str, Any]:
    return _document(
        {
            "/v1/wishes/{wish_id}": _get("wishes-get", SUMMARY),
            "/v1/wishes/stats": _get("wishes-stats", "#/components/schemas/Page"),
            "/v1/accounts": {"get": {"operationId": "stray", "responses": {}}},
            "/healthz": {"get": {"operationId": "health", "responses": {}}},
        },
        {
            "Summary": {"type": "object", "properties": {"wishes": {"type": "integer"}}},
            "Page": PAGE,
            "Problem": PROBLEM,
        },
    )


def _grid() -> dict[str, Any]:
    return _document(
        {"/v1/grid-units": _get("units-list", "#/components/schemas/Page")},
        {
            "Summary": {"type": "object", "properties": {"units": {"type": "integer"}}},
            "Page": PAGE,
            "Problem": PROBLEM,
        },
    )


def _org_registry() -> dict[str, Any]:
    return _document(
        {
            "/v1/auth/login": {"post": {"operationId": "auth-login", "responses": {}}},
            "/.well-known/jwks.json": {"get": {"operationId": "jwks", "responses": {}}},
        },
        {"Problem": PROBLEM},
    )


def _merged() -> dict[str, Any]:
    return merge_openapi({"wishes": _wishes(), "grid": _grid(), "org-registry": _org_registry()})


def test_only_routed_paths_are_kept_under_the_public_prefix() -> None:
    assert list(_merged()["paths"]) == [
        "/.well-known/jwks.json",
        "/api/v1/auth/login",
        "/api/v1/grid-units",
        "/api/v1/wishes/stats",
        "/api/v1/wishes/{wish_id}",
    ]


def test_identical_components_are_merged_and_clashes_get_a_service_prefix() -> None:
    schemas = _merged()["components"]["schemas"]
    assert sorted(schemas) == [
        "Grid_Page",
        "Grid_Summary",
        "Problem",
        "Wishes_Page",
        "Wishes_Summary",
    ]
    # Page is textually identical in both services but points at different Summaries.
    assert (
        schemas["Grid_Page"]["properties"]["items"]["$ref"] == "#/components/schemas/Grid_Summary"
    )
    assert (
        schemas["Wishes_Page"]["properties"]["items"]["$ref"]
        == "#/components/schemas/Wishes_Summary"
    )


def test_references_in_paths_follow_the_renamed_components() -> None:
    paths = _merged()["paths"]
    response = paths["/api/v1/wishes/{wish_id}"]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Wishes_Summary"}


def test_public_operations_need_no_token_and_the_rest_need_the_bearer() -> None:
    merged = _merged()
    assert merged["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert merged["paths"]["/api/v1/auth/login"]["post"]["security"] == []
    assert merged["paths"]["/api/v1/grid-units"]["get"]["security"] == [{"bearer": []}]


def test_services_that_are_down_are_named() -> None:
    merged = merge_openapi({"wishes": _wishes()}, unavailable=["grid"])
    assert merged["x-weimin-unavailable"] == ["grid"]
    assert "x-weimin-unavailable" not in _merged()


def test_live_document_merges_running_services_and_names_the_missing(gateway: httpx.Client) -> None:
    document = gateway.get("/api/openapi.json").json()
    assert document["x-weimin-unavailable"] == ["grid"]
    assert "/api/v1/wishes/{wish_id}" in document["paths"]
    assert "WishRead" in document["components"]["schemas"]
    assert not any(path.startswith("/v1/") or path == "/test/hits" for path in document["paths"])


SERVICES_DIR = Path(__file__).resolve().parents[2] / "services"


def test_offline_document_is_merged_from_the_exported_specs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["openapi-offline", "--services-dir", str(SERVICES_DIR)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "/api/v1/auth/login" in document["paths"]
    assert document["paths"]["/api/v1/auth/login"]["post"]["security"] == []
    assert all(
        p.startswith(("/api/v1/", "/.well-known/", "/integration/v1/", "/open311/v2/"))
        for p in document["paths"]
    )
    assert "/integration/v1/population/batches" in document["paths"]
    assert "/open311/v2/requests.{fmt}" in document["paths"]


def test_offline_document_reads_the_files_given_and_imports_no_service(tmp_path: Path) -> None:
    for name, document in [
        ("wishes", _wishes()),
        ("grid", _grid()),
        ("org-registry", _org_registry()),
        ("volunteers", _document({}, {})),
        ("notifications", _document({}, {})),
    ]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "openapi.json").write_text(json.dumps(document))
    script = (
        "import json, sys\n"
        "from weimin_gateway.__main__ import main\n"
        f"main(['openapi-offline', '--services-dir', {str(tmp_path)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('weimin_') and"
        " m.split('.')[0] not in ('weimin_gateway', 'weimin_kit'))\n"
        "print(json.dumps(loaded), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == merge_openapi(
        {"wishes": _wishes(), "grid": _grid(), "org-registry": _org_registry()}
        | {"volunteers": _document({}, {}), "notifications": _document({}, {})}
    )
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_offline_document_names_a_missing_spec(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"openapi\.json: missing"):
        main(["openapi-offline", "--services-dir", str(tmp_path)])
