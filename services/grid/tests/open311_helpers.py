"""Scene-setting for the Open311 tests: a partner client's API key, the specification's
example POST, and the grid app on a real loopback socket for a client library that makes
its own (blocking) HTTP calls."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from fastapi import FastAPI
from grid_world import Callers

from weimin_kit.testing.live import free_port

OPEN311 = "/open311/v2"
WRITE = "open311:requests.write"
#: A point inside grid A (100.20–100.21°E, 25.60–25.61°N), with the example's many decimals.
LAT, LONG = "25.60524078", "100.2042043"


def api_key(
    callers: Callers,
    area: str = "street:S1",
    scopes: tuple[str, ...] = (WRITE,),
    client: str = "city-311",
    **claims: Any,
) -> str:
    """An Open311 key as the org-registry issues it (audience `weimin-open311`)."""
    kind, name = area.split(":")
    world = callers.world
    place = world.streets[name] if kind == "street" else world.communities[name]
    claims.setdefault("aud", "weimin-open311")
    return callers.keys.token(
        roles=["partner"],
        scopes=[*scopes, f"{kind}:{place}"],
        subject=f"partner:{client}",
        name="外市12345热线",
        **claims,
    )


def spec_example(key: str, **changes: str) -> dict[str, str]:
    """The GeoReport v2 specification's POST Service Request example, adapted only where it
    must be: our key, our service code, a point inside a grid unit of ours."""
    form = {
        "api_key": key,
        "service_code": "0102",
        "lat": LAT,
        "long": LONG,
        "address_string": "1234 5th street",
        "email": "smit222@sfgov.edu",
        "device_id": "tt222111",
        "account_id": "123456",
        "first_name": "john",
        "last_name": "smith",
        "phone": "111111111",
        "description": "A large sinkhole is destroying the street",
        "media_url": "http://client.img.host/img.jpg",
    }
    form.update(changes)
    return {name: value for name, value in form.items() if value != "<omit>"}


#: The specification's example answers to that POST.
SPEC_CREATED_JSON: list[dict[str, Any]] = [
    {
        "service_request_id": 293944,
        "service_notice": "The City will inspect and require the responsible party to correct "
        "within 24 hours and/or issue a Correction Notice or Notice of Violation of the "
        "Public Works Code",
        "account_id": None,
    }
]
SPEC_CREATED_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>293944</service_request_id>
    <service_notice>The City will inspect and require the responsible party to correct
    within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public
    Works Code</service_notice>
    <account_id/>
  </request>
</service_requests>"""


@contextlib.asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """The test's app (its lifespan already run, its database the test's transaction) on a
    loopback port in this event loop; yields the Open311 root URL. Call blocking clients
    through asyncio.to_thread so the loop keeps serving."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # it could not start: say why
            raise RuntimeError("the server stopped before it started")
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}{OPEN311}"
    finally:
        server.should_exit = True
        await task
