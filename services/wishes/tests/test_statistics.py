import csv
import io

import httpx
from openpyxl import load_workbook
from wish_world import Callers, FakeClock, open_wish, submit

PROOF = {"proof_photo_url": "/media/p.jpg"}


async def scenario(client: httpx.AsyncClient, callers: Callers, clock: FakeClock) -> None:
    """C1: A fulfilled by volunteer-1 (claimed after 2 h, fulfilled 24 h later), B claimed by
    member-2 after 4 h; C2: C fulfilled and confirmed by volunteer-1 (6 h, 48 h); C3: D open
    and one wish still submitted."""
    a = await open_wish(client, callers, "A")
    b = await open_wish(client, callers, "B")
    c = await open_wish(client, callers, "C")
    await open_wish(client, callers, "D")
    await submit(client, callers, "D")
    clock.advance(hours=2)
    await client.post(f"/v1/wishes/{a['id']}/claim", headers=callers.volunteer(1))
    clock.advance(hours=2)
    await client.post(f"/v1/wishes/{b['id']}/claim", headers=callers.member(2))
    clock.advance(hours=2)
    await client.post(f"/v1/wishes/{c['id']}/claim", headers=callers.volunteer(1))
    clock.advance(hours=20)
    await client.post(f"/v1/wishes/{a['id']}/fulfil", json=PROOF, headers=callers.volunteer(1))
    clock.advance(hours=28)
    await client.post(f"/v1/wishes/{c['id']}/fulfil", json=PROOF, headers=callers.volunteer(1))
    await client.post(
        f"/v1/wishes/{c['id']}/confirm",
        json={"thanks_message": "谢谢", "rating": 5},
        headers=callers.grid_worker("C"),
    )


async def test_statistics_count_claims_fulfilments_and_times(
    client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    await scenario(client, callers, clock)
    stats = (await client.get("/v1/wish-statistics", headers=callers.admin())).json()
    overall = stats["overall"]
    assert (overall["wishes"], overall["claimed"], overall["fulfilled"]) == (5, 3, 2)
    assert overall["fulfilment_rate"] == 0.6667
    assert overall["by_state"] == {
        "submitted": 1,
        "rejected": 0,
        "open": 1,
        "claim_pending": 0,
        "claimed": 1,
        "fulfilled": 1,
        "confirmed": 1,
        "cancelled": 0,
    }
    assert overall["time_to_claim"] == {"count": 3, "mean_hours": 4.0, "median_hours": 4.0}
    assert overall["time_to_fulfil"] == {"count": 2, "mean_hours": 36.0, "median_hours": 36.0}
    by_type = {row["claimer_type"]: row for row in stats["claimer_types"]}
    assert (by_type["volunteer"]["claimed"], by_type["volunteer"]["fulfilled"]) == (2, 2)
    assert (by_type["member"]["claimed"], by_type["member"]["fulfilled"]) == (1, 0)
    assert by_type["member"]["fulfilment_rate"] == 0.0
    assert by_type["organisation"]["fulfilment_rate"] is None
    communities = {row["community_id"]: row for row in stats["communities"]}
    c1 = communities[str(callers.world.communities["C1"])]
    assert (c1["claimed"], c1["fulfilled"], c1["fulfilment_rate"]) == (2, 1, 0.5)


async def test_rankings_count_fulfilments_not_claims(
    client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    await scenario(client, callers, clock)
    rankings = (await client.get("/v1/wish-statistics/rankings", headers=callers.admin())).json()
    assert rankings["claimers"] == [
        {
            "rank": 1,
            "claimer_id": "volunteer-1",
            "claimer_name": "志愿者1",
            "claimer_type": "volunteer",
            "fulfilled": 2,
        },
    ]
    communities = callers.world.communities
    tied = sorted([str(communities["C1"]), str(communities["C2"])])  # ties rank by id
    assert [(row["community_id"], row["fulfilled"]) for row in rankings["communities"]] == [
        (tied[0], 1),
        (tied[1], 1),
        (str(communities["C3"]), 0),
    ]


async def test_statistics_stay_within_scope(
    client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    await scenario(client, callers, clock)
    c1 = (await client.get("/v1/wish-statistics", headers=callers.secretary("C1"))).json()
    assert (c1["overall"]["wishes"], c1["overall"]["claimed"]) == (2, 2)
    assert [row["community_id"] for row in c1["communities"]] == [
        str(callers.world.communities["C1"])
    ]
    worker = (await client.get("/v1/wish-statistics", headers=callers.grid_worker("D"))).json()
    assert worker["overall"]["by_state"]["open"] == 1
    assert worker["overall"]["claimed"] == 0
    asked_elsewhere = await client.get(
        "/v1/wish-statistics",
        params={"community_id": str(callers.world.communities["C2"])},
        headers=callers.secretary("C1"),
    )
    assert asked_elsewhere.json()["overall"]["wishes"] == 0
    assert (await client.get("/v1/wish-statistics", headers=callers.volunteer())).status_code == 403
    bad = await client.get(
        "/v1/wish-statistics/rankings", params={"limit": 0}, headers=callers.admin()
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "query.limit")


async def test_csv_export_opens_in_excel_with_one_row_per_group(
    client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    await scenario(client, callers, clock)
    response = await client.get("/v1/wish-statistics/export.csv", headers=callers.admin())
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["group", "key", "wishes", "claimed", "fulfilled", "fulfilment_rate"]
    assert rows[1][:6] == ["overall", "", "5", "3", "2", "0.6667"]
    assert [row[0] for row in rows[1:]] == ["overall"] + ["community"] * 3 + ["claimer_type"] * 4


async def test_excel_export_has_statistics_and_rankings(
    client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    await scenario(client, callers, clock)
    response = await client.get("/v1/wish-statistics/export.xlsx", headers=callers.admin())
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["statistics", "claimer ranking", "community ranking"]
    overall = [cell.value for cell in book["statistics"][2]][:5]
    assert overall == ["overall", None, 5, 3, 2]
    ranking = [[cell.value for cell in row] for row in book["claimer ranking"].iter_rows()]
    assert ranking == [
        ["rank", "claimer_id", "claimer_name", "claimer_type", "fulfilled"],
        [1, "volunteer-1", "志愿者1", "volunteer", 2],
    ]
