"""One OpenAPI document for the whole public API, merged from the services' own.

Only paths the route table exposes are kept, `/v1/...` becomes `/api/v1/...`, identical
components are merged, and a component name two services use for different things gets a
service prefix in each (with every `$ref` to it rewritten), so a service added later cannot
silently change what another's schema means.
"""

import asyncio
import copy
import json
import time
from collections.abc import Iterable, Mapping
from typing import Any

import aiohttp

from weimin_gateway.routing import PUBLIC_PATHS, RouteTable, public_path

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
BEARER_SCHEME = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
UNAVAILABLE_EXTENSION = "x-weimin-unavailable"


def merge_openapi(
    documents: Mapping[str, Mapping[str, Any]],
    *,
    table: RouteTable | None = None,
    unavailable: Iterable[str] = (),
) -> dict[str, Any]:
    """Merge each service's OpenAPI document (keyed by service name) into the gateway's."""
    table = table or RouteTable()
    services = sorted(documents)
    renames = _component_renames({s: documents[s].get("components", {}) for s in services})

    paths: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    tags: dict[str, Any] = {}
    operation_ids: set[str] = set()
    for service in services:
        document = _rewrite_refs(copy.deepcopy(dict(documents[service])), renames[service])
        for kind, entries in document.get("components", {}).items():
            for name, value in entries.items():
                components.setdefault(kind, {})[renames[service].get((kind, name), name)] = value
        for path, item in document.get("paths", {}).items():
            if not table.exposes(service, path):
                continue
            exposed = public_path(path)
            for method, operation in item.items():
                if method not in HTTP_METHODS:
                    continue
                operation["security"] = [] if exposed in PUBLIC_PATHS else [{"bearer": []}]
                if operation.get("operationId") in operation_ids:
                    operation["operationId"] = f"{service}-{operation['operationId']}"
                operation_ids.add(operation.get("operationId", ""))
            paths[exposed] = item
        for tag in document.get("tags", []):
            tags.setdefault(tag["name"], tag)

    components.setdefault("securitySchemes", {})["bearer"] = BEARER_SCHEME
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Weimin gateway",
            "version": "0.1.0",
            "description": "The public API of every Weimin service, as the gateway serves it.",
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {kind: dict(sorted(v.items())) for kind, v in sorted(components.items())},
        "security": [{"bearer": []}],
    }
    if tags:
        merged["tags"] = [tags[name] for name in sorted(tags)]
    missing = sorted(set(unavailable))
    if missing:
        merged[UNAVAILABLE_EXTENSION] = missing
    return merged


Renames = dict[tuple[str, str], str]


def _component_renames(components: Mapping[str, Mapping[str, Any]]) -> dict[str, Renames]:
    """Per service: (kind, name) -> merged name, prefixing every side of a real clash.

    Repeated until stable, because renaming one schema changes the content of the schemas
    that refer to it, which may turn an apparent match into a clash.
    """
    renames: dict[str, Renames] = {service: {} for service in components}
    while True:
        seen: dict[tuple[str, str], dict[str, str]] = {}
        for service, kinds in components.items():
            rewritten = _rewrite_refs(copy.deepcopy(dict(kinds)), renames[service])
            for kind, entries in rewritten.items():
                for name, value in entries.items():
                    if (kind, name) in renames[service]:
                        continue
                    text = json.dumps(value, sort_keys=True)
                    seen.setdefault((kind, name), {})[service] = text
        changed = False
        for (kind, name), versions in seen.items():
            if len(set(versions.values())) > 1:
                for service in versions:
                    renames[service][(kind, name)] = f"{_prefix(service)}_{name}"
                    changed = True
        if not changed:
            return renames


def _prefix(service: str) -> str:
    return "".join(part.capitalize() for part in service.split("-"))


def _rewrite_refs(node: Any, renames: Renames) -> Any:
    if renames:
        _rewrite(
            node,
            {
                f"#/components/{kind}/{name}": f"#/components/{kind}/{new}"
                for (kind, name), new in renames.items()
            },
        )
    return node


def _rewrite(node: Any, refs: Mapping[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in refs:
            node["$ref"] = refs[ref]
        for value in node.values():
            _rewrite(value, refs)
    elif isinstance(node, list):
        for value in node:
            _rewrite(value, refs)


class OpenApiCache:
    """Fetches every upstream's document, merges them, and keeps the result briefly."""

    def __init__(self, upstreams: Mapping[str, str], ttl_seconds: float) -> None:
        self.upstreams = dict(upstreams)
        self.ttl = ttl_seconds
        self._document: dict[str, Any] | None = None
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def document(self, session: aiohttp.ClientSession) -> dict[str, Any]:
        async with self._lock:
            if self._document is None or time.monotonic() - self._fetched_at > self.ttl:
                self._document = await self._build(session)
                self._fetched_at = time.monotonic()
            return self._document

    async def _build(self, session: aiohttp.ClientSession) -> dict[str, Any]:
        names = sorted(self.upstreams)
        results = await asyncio.gather(*(self._fetch(session, n) for n in names))
        documents = {n: d for n, d in zip(names, results, strict=True) if d is not None}
        unavailable = [n for n, d in zip(names, results, strict=True) if d is None]
        return merge_openapi(documents, unavailable=unavailable)

    async def _fetch(self, session: aiohttp.ClientSession, service: str) -> dict[str, Any] | None:
        url = self.upstreams[service] + "/openapi.json"
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
                if response.status != 200:
                    return None
                document: dict[str, Any] = await response.json(content_type=None)
                return document
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return None
