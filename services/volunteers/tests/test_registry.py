import httpx
import pytest
from volunteer_world import World, ok, volunteer_body

from weimin_kit.ids import new_id


async def test_registering_a_volunteer_keeps_a_coarse_home_and_their_skills(
    client: httpx.AsyncClient, world: World
) -> None:
    body = volunteer_body(world, "fay", skill_codes=["repair", "cleaning"], alert_consent=True)
    created = ok(await client.post("/v1/volunteers", json=body, headers=world.secretary("C1")), 201)
    assert created["skill_codes"] == ["cleaning", "repair"]
    assert (created["home_lon"], created["home_lat"]) == (100.231, 25.599)
    assert created["alert_consent"] is True
    assert created["alert_consent_at"] == "2026-06-01T02:00:00Z"
    assert created["availability"]["weekly"] == [{"weekday": 0, "start": "08:00", "end": "20:00"}]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"skill_codes": ["juggling"]}, "body.skill_codes", "unknown-skill"),
        ({"skill_codes": ["first_aid"]}, "body.skill_codes", "certificate-required"),
        ({"home_lat": 91}, "body.home_lat", "less_than_equal"),
        (
            {"availability": {"weekly": [{"weekday": 1, "start": "18:00", "end": "09:00"}]}},
            "body.availability.weekly.0",
            "value_error",
        ),
        (
            {"availability": {"weekly": [{"weekday": 7, "start": "08:00", "end": "09:00"}]}},
            "body.availability.weekly.0.weekday",
            "less_than_equal",
        ),
    ],
)
async def test_bad_registrations_are_refused_naming_the_field_and_write_nothing(
    client: httpx.AsyncClient,
    world: World,
    overrides: dict[str, object],
    field: str,
    code: str,
) -> None:
    body = volunteer_body(world, "fay", **overrides)
    response = await client.post("/v1/volunteers", json=body, headers=world.admin())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    listed = ok(await client.get("/v1/volunteers", headers=world.admin()))
    assert sorted(world.name_of(v["id"]) for v in listed["items"]) == [
        "ann",
        "bob",
        "cat",
        "dan",
        "eve",
    ]


async def test_the_same_person_is_registered_once(client: httpx.AsyncClient, world: World) -> None:
    first = volunteer_body(world, "fay")
    ok(await client.post("/v1/volunteers", json=first, headers=world.admin()), 201)
    again = volunteer_body(world, "gus", person_id=first["person_id"])
    response = await client.post("/v1/volunteers", json=again, headers=world.admin())
    assert (response.status_code, response.json()["code"]) == (409, "volunteer-already-registered")


async def test_a_secretary_registers_only_in_their_own_community(
    client: httpx.AsyncClient, world: World
) -> None:
    body = volunteer_body(world, "fay", **world.place("C3"))
    response = await client.post("/v1/volunteers", json=body, headers=world.secretary("C1"))
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "body.community_id"
    as_volunteer = await client.post("/v1/volunteers", json=body, headers=world.headers("ann"))
    assert as_volunteer.status_code == 403


async def test_a_volunteer_sees_their_own_record_and_no_one_elses(
    client: httpx.AsyncClient, world: World
) -> None:
    me = ok(await client.get("/v1/volunteers/me", headers=world.headers("cat")))
    assert me["id"] == str(world.volunteers["cat"])
    own = await client.get(
        f"/v1/volunteers/{world.volunteers['cat']}", headers=world.headers("cat")
    )
    other = await client.get(
        f"/v1/volunteers/{world.volunteers['bob']}", headers=world.headers("cat")
    )
    listed = ok(await client.get("/v1/volunteers", headers=world.headers("cat")))
    assert own.status_code == 200
    assert (other.status_code, other.json()["code"]) == (404, "not-found")
    assert [world.name_of(v["id"]) for v in listed["items"]] == ["cat"]
    nobody = await client.get("/v1/volunteers/me", headers=world.stranger())
    assert nobody.status_code == 404


async def test_a_team_leader_sees_their_members_and_no_other_volunteer(
    client: httpx.AsyncClient, world: World
) -> None:
    leader = world.headers("ann")
    member = await client.get(f"/v1/volunteers/{world.volunteers['bob']}", headers=leader)
    outsider = await client.get(f"/v1/volunteers/{world.volunteers['cat']}", headers=leader)
    listed = ok(await client.get("/v1/volunteers", headers=leader))
    assert member.status_code == 200
    assert outsider.status_code == 404
    assert sorted(world.name_of(v["id"]) for v in listed["items"]) == ["ann", "bob"]
    # Bob is a member, not a leader: he sees only himself.
    as_member = await client.get(
        f"/v1/volunteers/{world.volunteers['ann']}", headers=world.headers("bob")
    )
    assert as_member.status_code == 404


@pytest.mark.parametrize(
    ("caller", "visible"),
    [
        ("admin", ["ann", "bob", "cat", "dan", "eve"]),
        ("street_S1", ["ann", "bob", "cat", "dan"]),
        ("street_S2", ["eve"]),
        ("community_C1", ["ann", "bob", "cat"]),
        ("community_C2", ["dan"]),
    ],
)
async def test_a_community_sees_exactly_its_volunteers(
    client: httpx.AsyncClient, world: World, caller: str, visible: list[str]
) -> None:
    kind, _, name = caller.partition("_")
    headers = {
        "admin": world.admin,
        "street": lambda: world.street_secretary(name),
        "community": lambda: world.secretary(name),
    }[kind]()
    listed = ok(await client.get("/v1/volunteers", headers=headers))
    assert sorted(world.name_of(v["id"]) for v in listed["items"]) == visible
    for volunteer, volunteer_id in world.volunteers.items():
        response = await client.get(f"/v1/volunteers/{volunteer_id}", headers=headers)
        assert response.status_code == (200 if volunteer in visible else 404), volunteer


async def test_volunteer_list_filters_by_community_and_pages(
    client: httpx.AsyncClient, world: World
) -> None:
    filtered = ok(
        await client.get(
            "/v1/volunteers",
            params={"community_id": str(world.communities["C1"]), "limit": 2},
            headers=world.street_secretary("S1"),
        )
    )
    rest = ok(
        await client.get(
            "/v1/volunteers",
            params={
                "community_id": str(world.communities["C1"]),
                "cursor": filtered["next_cursor"],
            },
            headers=world.street_secretary("S1"),
        )
    )
    names = [world.name_of(v["id"]) for v in filtered["items"] + rest["items"]]
    assert sorted(names) == ["ann", "bob", "cat"]
    assert rest["next_cursor"] is None
    bad = await client.get("/v1/volunteers", params={"cursor": "nonsense!"}, headers=world.admin())
    assert bad.status_code == 422


async def test_a_certified_skill_needs_an_unexpired_certificate(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/volunteers/{world.volunteers['cat']}"
    me = world.headers("cat")
    refused = await client.put(f"{url}/skills", json={"skill_codes": ["first_aid"]}, headers=me)
    assert (refused.status_code, refused.json()["code"]) == (422, "certificate-required")
    expired = await client.post(
        f"{url}/certificates",
        json={
            "skill_code": "first_aid",
            "number": "RC-1",
            "issuer": "红十字会",
            "issued_on": "2023-01-01",
            "expires_on": "2026-05-31",
        },
        headers=me,
    )
    assert (expired.status_code, expired.json()["code"]) == (422, "certificate-expired")
    assert expired.json()["errors"][0]["field"] == "body.expires_on"
    valid = await client.post(
        f"{url}/certificates",
        json={
            "skill_code": "first_aid",
            "number": "RC-2",
            "issuer": "红十字会",
            "issued_on": "2024-01-01",
            "expires_on": "2026-06-30",
        },
        headers=me,
    )
    assert ok(valid, 201)["certificates"][0]["valid"] is True
    granted = ok(await client.put(f"{url}/skills", json={"skill_codes": ["first_aid"]}, headers=me))
    assert granted["skill_codes"] == ["first_aid"]
    world.clock.advance(days=30)  # 2026-07-01: the certificate expired yesterday
    again = await client.put(
        f"{url}/skills", json={"skill_codes": ["first_aid", "repair"]}, headers=me
    )
    assert (again.status_code, again.json()["code"]) == (422, "certificate-expired")
    record = ok(await client.get(url, headers=me))
    assert record["skill_codes"] == ["first_aid"]
    assert record["certificates"][0]["valid"] is False


async def test_only_the_volunteer_themself_gives_alert_consent(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/volunteers/{world.volunteers['bob']}/alert-consent"
    by_secretary = await client.put(url, json={"consent": True}, headers=world.secretary("C1"))
    by_leader = await client.put(url, json={"consent": True}, headers=world.headers("ann"))
    assert by_secretary.status_code == 403
    assert by_leader.status_code == 403
    given = ok(await client.put(url, json={"consent": True}, headers=world.headers("bob")))
    assert given["alert_consent"] is True
    withdrawn = ok(await client.put(url, json={"consent": False}, headers=world.headers("bob")))
    assert (withdrawn["alert_consent"], withdrawn["alert_consent_at"]) == (False, None)
    malformed = await client.put(url, json={"consent": "maybe"}, headers=world.headers("bob"))
    assert malformed.status_code == 422


async def test_availability_is_replaced_whole_by_the_volunteer_or_their_staff(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/volunteers/{world.volunteers['dan']}/availability"
    document = {
        "weekly": [{"weekday": 5, "start": "09:00", "end": "12:00"}],
        "exceptions": [
            {
                "starts_at": "2026-06-06T00:00:00Z",
                "ends_at": "2026-06-07T00:00:00Z",
                "reason": "出差",
            }
        ],
    }
    saved = ok(await client.put(url, json=document, headers=world.secretary("C2")))
    assert saved["availability"]["weekly"] == document["weekly"]
    assert saved["availability"]["exceptions"][0]["reason"] == "出差"
    other_community = await client.put(url, json=document, headers=world.secretary("C1"))
    assert other_community.status_code == 404
    naive = {
        "weekly": [],
        "exceptions": [{"starts_at": "2026-06-06T00:00:00", "ends_at": "2026-06-07T00:00:00"}],
    }
    assert (await client.put(url, json=naive, headers=world.headers("dan"))).status_code == 422


async def test_the_skills_catalogue_is_changed_by_an_admin_only(
    client: httpx.AsyncClient, world: World
) -> None:
    body = {"code": "counselling", "name": "心理疏导"}
    refused = await client.post("/v1/skills", json=body, headers=world.secretary("C1"))
    assert refused.status_code == 403
    ok(await client.post("/v1/skills", json=body, headers=world.admin()), 201)
    duplicate = await client.post("/v1/skills", json=body, headers=world.admin())
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "skill-code-taken")
    bad = await client.post(
        "/v1/skills", json={"code": "Bad Code", "name": "x"}, headers=world.admin()
    )
    assert bad.json()["errors"][0]["field"] == "body.code"
    codes = [s["code"] for s in ok(await client.get("/v1/skills", headers=world.headers("eve")))]
    assert codes == ["cleaning", "counselling", "first_aid", "repair"]


async def test_unknown_volunteer_is_not_found(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get(f"/v1/volunteers/{new_id()}", headers=world.admin())
    assert (response.status_code, response.json()["code"]) == (404, "not-found")
