import httpx
import pytest
from volunteer_world import World, ok

from weimin_volunteers.hours import certificate


async def test_a_volunteer_prints_their_service_certificate_and_nobody_else_can(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/volunteers/{world.volunteers['cat']}"
    ok(
        await client.post(
            f"{url}/hours", json={"minutes": 630, "reason": "洱海巡护"}, headers=world.admin()
        ),
        201,
    )
    printed = await client.get(f"{url}/service-certificate", headers=world.headers("cat"))
    assert printed.status_code == 200
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF-")
    assert b"/Subtype /Type0" in printed.content  # the embedded CJK font
    other = await client.get(f"{url}/service-certificate", headers=world.headers("dan"))
    assert (other.status_code, other.json()["code"]) == (404, "not-found")


async def test_without_a_cjk_font_the_certificate_is_an_explained_503(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(certificate, "FONT_CANDIDATES", ())
    client._transport.app.state.settings.certificate_font_path = "/nowhere/font.ttf"  # type: ignore[attr-defined]
    url = f"/v1/volunteers/{world.volunteers['cat']}/service-certificate"
    response = await client.get(url, headers=world.headers("cat"))
    assert (response.status_code, response.json()["code"]) == (503, "certificate-unavailable")
