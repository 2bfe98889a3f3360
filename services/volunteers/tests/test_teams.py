import httpx
import pytest
from volunteer_world import World, ok

from weimin_kit.ids import new_id


async def make_team(client: httpx.AsyncClient, world: World, join_mode: str) -> str:
    body = {
        "name": f"{join_mode}队",
        "focus": "sanitation",
        "join_mode": join_mode,
        "leader_volunteer_id": str(world.volunteers["ann"]),
        "sponsor_organisation_id": str(new_id()),
        **world.place("C1"),
    }
    return str(
        ok(await client.post("/v1/teams", json=body, headers=world.secretary("C1")), 201)["id"]
    )


async def member_statuses(client: httpx.AsyncClient, world: World, team: str) -> dict[str, str]:
    members = ok(await client.get(f"/v1/teams/{team}/members", headers=world.headers("ann")))
    return {world.name_of(m["volunteer_id"]): m["status"] for m in members}


async def test_an_open_team_takes_a_volunteer_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    team = await make_team(client, world, "open")
    joined = ok(await client.post(f"/v1/teams/{team}/join", headers=world.headers("cat")))
    assert joined["status"] == "active"
    again = await client.post(f"/v1/teams/{team}/join", headers=world.headers("cat"))
    assert (again.status_code, again.json()["code"]) == (409, "already-member")
    assert await member_statuses(client, world, team) == {"ann": "active", "cat": "active"}


async def test_an_approval_team_holds_the_request_until_the_leader_approves(
    client: httpx.AsyncClient, world: World
) -> None:
    team = await make_team(client, world, "approval")
    asked = ok(await client.post(f"/v1/teams/{team}/join", headers=world.headers("dan")))
    assert asked["status"] == "pending"
    approval = f"/v1/teams/{team}/members/{world.volunteers['dan']}/approval"
    by_member = await client.post(approval, headers=world.headers("dan"))
    assert by_member.status_code == 404
    ok(await client.post(approval, headers=world.headers("ann")))
    assert await member_statuses(client, world, team) == {"ann": "active", "dan": "active"}
    twice = await client.post(approval, headers=world.headers("ann"))
    assert (twice.status_code, twice.json()["code"]) == (409, "nothing-to-approve")


async def test_an_invitation_team_takes_only_invited_volunteers(
    client: httpx.AsyncClient, world: World
) -> None:
    team = await make_team(client, world, "invitation")
    uninvited = await client.post(f"/v1/teams/{team}/join", headers=world.headers("eve"))
    assert (uninvited.status_code, uninvited.json()["code"]) == (403, "team-invitation-only")
    invite = {"volunteer_id": str(world.volunteers["eve"])}
    ok(
        await client.post(
            f"/v1/teams/{team}/invitations", json=invite, headers=world.headers("ann")
        ),
        201,
    )
    assert (await member_statuses(client, world, team))["eve"] == "invited"
    accepted = ok(await client.post(f"/v1/teams/{team}/join", headers=world.headers("eve")))
    assert accepted["status"] == "active"
    unknown = await client.post(
        f"/v1/teams/{team}/invitations",
        json={"volunteer_id": str(new_id())},
        headers=world.headers("ann"),
    )
    assert unknown.json()["errors"][0]["field"] == "body.volunteer_id"
    by_stranger = await client.post(
        f"/v1/teams/{team}/invitations",
        json={"volunteer_id": str(world.volunteers["cat"])},
        headers=world.headers("cat"),
    )
    assert by_stranger.status_code == 404


async def test_the_member_list_is_for_the_leader_and_the_teams_community_staff(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/teams/{world.teams['T1']}/members"
    assert len(ok(await client.get(url, headers=world.headers("ann")))) == 2
    assert len(ok(await client.get(url, headers=world.secretary("C1")))) == 2
    assert (await client.get(url, headers=world.headers("bob"))).status_code == 404
    assert (await client.get(url, headers=world.secretary("C3"))).status_code == 404
    assert (await client.get(url, headers=world.street_secretary("S2"))).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"focus": "juggling"}, 422, "body.focus"),
        ({"join_mode": "lottery"}, 422, "body.join_mode"),
        ({"leader": "eve"}, 404, "body.leader_volunteer_id"),
        ({"community": "C3"}, 404, "body.community_id"),
    ],
)
async def test_bad_teams_are_refused(
    client: httpx.AsyncClient, world: World, overrides: dict[str, str], status: int, field: str
) -> None:
    body = {
        "name": "队",
        "focus": overrides.get("focus", "medical"),
        "join_mode": overrides.get("join_mode", "open"),
        "leader_volunteer_id": str(world.volunteers[overrides.get("leader", "cat")]),
        **world.place(overrides.get("community", "C1")),
    }
    response = await client.post("/v1/teams", json=body, headers=world.secretary("C1"))
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["field"] == field
    teams = ok(await client.get("/v1/teams", headers=world.admin()))
    assert [t["name"] for t in teams["items"]] == ["洱海保护队"]


async def test_teams_are_a_directory_filtered_by_focus(
    client: httpx.AsyncClient, world: World
) -> None:
    await make_team(client, world, "open")
    lake = ok(
        await client.get(
            "/v1/teams", params={"focus": "lake_protection"}, headers=world.headers("eve")
        )
    )
    assert [t["name"] for t in lake["items"]] == ["洱海保护队"]
    assert (await client.get(f"/v1/teams/{new_id()}", headers=world.admin())).status_code == 404
