"""Patrol check-ins carry photos: the worker uploads them (stripped of metadata, with a
thumbnail), names them in `photo_ids`, and they are served to staff who can see the
patrol, and to nobody else."""

import httpx
from grid_world import Callers, World
from incident_helpers import POINT_IN
from test_patrols_visits import start

from weimin_kit.testing.images import GPS_IFD, camera_jpeg, exif_of


async def test_a_check_in_shows_its_photos_within_the_patrols_scope_only(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    uploaded = await client.post(
        "/v1/incident-photos",
        content=camera_jpeg(),
        headers={**worker, "Content-Type": "image/jpeg"},
    )
    assert uploaded.status_code == 201, uploaded.text
    photo = uploaded.json()
    patrol = await start(client, world, worker)
    lon, lat = POINT_IN["A"]
    check_in = await client.post(
        f"/v1/patrols/{patrol['id']}/check-ins",
        json={"location": {"lon": lon, "lat": lat}, "photo_ids": [photo["id"], photo["id"]]},
        headers=worker,
    )
    assert check_in.status_code == 201, check_in.text
    (shown,) = check_in.json()["photos"]
    assert (shown["id"], shown["url"], shown["thumbnail_url"]) == (
        photo["id"],
        photo["url"],
        photo["thumbnail_url"],
    )
    read = await client.get(f"/v1/patrols/{patrol['id']}", headers=worker)
    assert read.json()["check_ins"][0]["photos"] == check_in.json()["photos"]

    for allowed in (worker, callers.community_secretary("C1"), callers.street_secretary("S1")):
        served = await client.get(photo["url"], headers=allowed)
        assert served.status_code == 200
        assert not exif_of(served.content).get_ifd(GPS_IFD)
    for refused in (callers.grid_worker("C"), callers.community_secretary("C2")):
        for url in (photo["url"], photo["thumbnail_url"]):
            response = await client.get(url, headers=refused)
            assert (response.status_code, response.json()["code"]) == (404, "not-found")


async def test_a_check_in_cannot_show_someone_elses_photo(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    theirs = await client.post(
        "/v1/incident-photos",
        content=camera_jpeg(),
        headers={
            **callers.keys.headers(roles=["resident"], subject="resident-9"),
            "Content-Type": "image/jpeg",
        },
    )
    patrol = await start(client, world, callers.grid_worker("A"))
    lon, lat = POINT_IN["A"]
    response = await client.post(
        f"/v1/patrols/{patrol['id']}/check-ins",
        json={"location": {"lon": lon, "lat": lat}, "photo_ids": [theirs.json()["id"]]},
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("body.photo_ids.0", "unknown-photo")
    read = await client.get(f"/v1/patrols/{patrol['id']}", headers=callers.grid_worker("A"))
    assert read.json()["check_ins"] == []
