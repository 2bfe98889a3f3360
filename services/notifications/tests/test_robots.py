"""Group robots: a community secretary sets up their own community's, an administrator any;
keys and secrets are never shown again."""

import uuid
from typing import Any

import httpx

from weimin_kit.testing import TestKeys


def robot(community: uuid.UUID, **fields: Any) -> dict[str, Any]:
    return {
        "channel": "dingtalk_robot",
        "scope_kind": "community",
        "scope_id": str(community),
        "community_id": str(community),
        "name": "社区工作群",
        "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=abc123",
        "secret": "SECabcdefgh12345678",
        **fields,
    }


async def test_a_secretary_sets_up_their_own_communitys_robot_only(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    secretary = test_keys.headers(roles=["community_secretary"], scopes=[f"community:{mine}"])
    created = await client.post("/v1/notification-robots", json=robot(mine), headers=secretary)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["webhook_host"], body["signed"]) == ("oapi.dingtalk.com", True)
    assert "abc123" not in created.text
    assert "SECabcdefgh" not in created.text
    elsewhere = await client.post("/v1/notification-robots", json=robot(theirs), headers=secretary)
    assert elsewhere.status_code == 403
    unit = robot(mine, scope_kind="grid_unit", scope_id=str(uuid.uuid4()))
    grid = await client.post("/v1/notification-robots", json=unit, headers=secretary)
    assert grid.status_code == 403  # a grid unit's robot is an administrator's to set up
    other = test_keys.headers(roles=["community_secretary"], scopes=[f"community:{theirs}"])
    assert (await client.get("/v1/notification-robots", headers=other)).json() == []
    hidden = await client.patch(
        f"/v1/notification-robots/{body['id']}", json={"enabled": False}, headers=other
    )
    assert hidden.status_code == 404
    resident = test_keys.headers()
    assert (await client.get("/v1/notification-robots", headers=resident)).status_code == 403


async def test_bad_robots_are_refused_naming_the_reason(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    admin = test_keys.headers(roles=["admin"])
    community = uuid.uuid4()
    for body in (
        robot(community, secret=None),  # DingTalk robots are signed
        robot(community, scope_id=str(uuid.uuid4())),  # a community's robot is its own
        robot(community, webhook_url="not a url"),
        robot(community, channel="fax_robot"),
    ):
        response = await client.post("/v1/notification-robots", json=body, headers=admin)
        assert response.status_code == 422, response.text
        assert response.json()["errors"], response.text
    assert (await client.get("/v1/notification-robots", headers=admin)).json() == []
