"""The retention sweep: residents who left are anonymised after the configured period,
audit rows deleted after theirs (weimin_grid.privacy.retention)."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World, unmasked_values
from sqlalchemy import func, select

from weimin_grid.audit.models import RevealAudit
from weimin_grid.config import Settings
from weimin_grid.privacy.anonymise import ANONYMISED_NAME
from weimin_grid.privacy.models import DataRequest, PersonalDataAudit
from weimin_grid.privacy.retention import sweep_once
from weimin_grid.registry.models import Resident
from weimin_grid.transfer.models import ExportAudit
from weimin_kit.ids import new_id
from weimin_kit.pii.crypto import DecryptionError, FieldCipher

LEFT_AT = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def retention(app: FastAPI, **values: Any) -> Settings:
    settings: Settings = app.state.settings
    return settings.model_copy(update=values)


async def move_out(
    client: httpx.AsyncClient, world: World, callers: Callers, grid: str, **extra: str
) -> None:
    response = await client.post(
        f"/v1/residents/{world.residents[grid]}/move-out",
        json={
            "reason": "返乡务农，联系人杨某 13812345678",
            "moved_at": LEFT_AT.isoformat(),
            **extra,
        },
        headers={**callers.community_secretary("C1" if grid in "AB" else "C2"), "If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text


async def row(app: FastAPI, world: World, grid: str) -> Resident:
    async with app.state.database.sessionmaker() as session:
        resident = await session.get(Resident, world.residents[grid])
        assert resident is not None
        return resident


async def test_a_resident_who_left_is_anonymised_once_the_period_has_passed(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await move_out(client, world, callers, "A")
    settings = retention(app, retention_anonymise_after_days=30)
    cutoff = LEFT_AT + timedelta(days=30)
    # A microsecond short of the period: kept as it is.
    early = await sweep_once(app.state.database, settings, cutoff - timedelta(microseconds=1))
    assert early == {"anonymised": 0, "audit_rows_purged": 0}
    assert (await row(app, world, "A")).anonymised_at is None
    # Exactly the period: anonymised; living residents (B, C, D) untouched.
    assert await sweep_once(app.state.database, settings, cutoff) == {
        "anonymised": 1,
        "audit_rows_purged": 0,
    }
    resident = await row(app, world, "A")
    assert (
        resident.name,
        resident.id_card_cipher,
        resident.id_card_index,
        resident.phone_cipher,
        resident.phone_index,
        resident.household_id,
        resident.birth_date,
        resident.ethnicity,
        resident.relation_to_head,
        resident.care_tags,
        resident.move_out_reason,
        resident.anonymised_at,
    ) == (
        ANONYMISED_NAME,
        None,
        None,
        None,
        None,
        None,
        date(1980, 1, 1),
        "-",
        "-",
        [],
        None,
        cutoff,
    )
    # Kept for statistics.
    assert (resident.gender, resident.registration, resident.grid_unit_id) == (
        "male",
        "registered",
        world.grids["A"],
    )
    assert resident.moved_out_at == LEFT_AT
    assert [(await row(app, world, g)).anonymised_at for g in "BCD"] == [None, None, None]


async def test_an_anonymised_resident_holds_nothing_to_decrypt_match_or_reveal(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await move_out(client, world, callers, "A")
    await sweep_once(app.state.database, retention(app, retention_anonymise_after_days=0), NOW)
    resident = await row(app, world, "A")
    cipher: FieldCipher = app.state.field_cipher
    texts = [v for v in vars(resident).values() if isinstance(v, str)]
    for text in texts:
        for column in ("id_card_cipher", "phone_cipher"):
            with pytest.raises(DecryptionError):
                cipher.decrypt(text, context=f"residents.{column}")
    assert not any(world.id_cards["A"] in t or world.phones["A"] in t for t in texts)
    secretary = callers.community_secretary("C1")
    by_number = await client.get(
        "/v1/residents", params={"id_card_number": world.id_cards["A"]}, headers=secretary
    )
    by_phone = await client.get(
        "/v1/residents", params={"phone": world.phones["A"]}, headers=secretary
    )
    assert (by_number.json()["items"], by_phone.json()["items"]) == ([], [])
    read = await client.get(f"/v1/residents/{world.residents['A']}", headers=secretary)
    body = read.json()
    assert (body["name"], body["id_card_number"], body["phone"], body["household_id"]) == (
        ANONYMISED_NAME,
        None,
        None,
        None,
    )
    assert body["anonymised_at"] is not None
    assert unmasked_values(body) == []
    reveal = await client.post(
        f"/v1/residents/{world.residents['A']}/reveal",
        json={"reason": "核实身份信息"},
        headers=secretary,
    )
    assert (reveal.status_code, reveal.json()["code"]) == (409, "resident-anonymised")
    assert unmasked_values(reveal.json()) == []


async def test_an_anonymised_resident_can_be_neither_corrected_nor_moved_in(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await move_out(client, world, callers, "A")
    await sweep_once(app.state.database, retention(app, retention_anonymise_after_days=0), NOW)
    secretary = {**callers.community_secretary("C1"), "If-Match": '"3"'}
    path = f"/v1/residents/{world.residents['A']}"
    patch = await client.patch(path, json={"name": "杨松"}, headers=secretary)
    move_in = await client.post(
        f"{path}/move-in", json={"household_id": str(world.households["A"])}, headers=secretary
    )
    assert [(r.status_code, r.json()["code"]) for r in (patch, move_in)] == [
        (409, "resident-anonymised"),
        (409, "resident-anonymised"),
    ]


async def test_a_death_is_recorded_and_retained_like_a_move_away(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await move_out(client, world, callers, "A", cause="deceased")
    assert (await row(app, world, "A")).move_out_cause == "deceased"
    done = await sweep_once(
        app.state.database, retention(app, retention_anonymise_after_days=0), NOW
    )
    assert done["anonymised"] == 1
    resident = await row(app, world, "A")
    assert (resident.move_out_cause, resident.anonymised_at) == ("deceased", NOW)


async def test_the_sweep_is_idempotent_and_audits_each_anonymisation_once(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await move_out(client, world, callers, "A")
    await move_out(client, world, callers, "B")
    settings = retention(app, retention_anonymise_after_days=0, retention_batch_size=1)
    first = await sweep_once(app.state.database, settings, NOW)
    second = await sweep_once(app.state.database, settings, NOW + timedelta(days=1))
    assert (first["anonymised"], second["anonymised"]) == (2, 0)
    async with app.state.database.sessionmaker() as session:
        entries = (
            await session.execute(
                select(
                    PersonalDataAudit.resident_id,
                    PersonalDataAudit.action,
                    PersonalDataAudit.principal_subject,
                    PersonalDataAudit.at,
                )
            )
        ).all()
    assert sorted(entries) == sorted(
        (world.residents[g], "resident.anonymised", "system:retention", NOW) for g in "AB"
    )
    listed = await client.get(
        "/v1/audit/personal-data",
        params={"resident_id": str(world.residents["A"])},
        headers=callers.community_secretary("C1"),
    )
    assert [e["action"] for e in listed.json()["items"]] == ["resident.anonymised"]


async def test_an_anonymised_resident_still_counts_among_those_who_moved_out(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await move_out(client, world, callers, "A")
    await sweep_once(app.state.database, retention(app, retention_anonymise_after_days=0), NOW)
    listed = await client.get(
        "/v1/residents", params={"moved_out": "true"}, headers=callers.community_secretary("C1")
    )
    assert [(r["id"], r["name"]) for r in listed.json()["items"]] == [
        (str(world.residents["A"]), ANONYMISED_NAME)
    ]


def _audits(world: World, at: datetime) -> list[Any]:
    ancestry = {
        "street_id": world.streets["S1"],
        "community_id": world.communities["C1"],
        "grid_unit_id": world.grids["A"],
    }
    return [
        RevealAudit(
            id=new_id(),
            principal_subject="worker-A",
            principal_roles=["grid_worker"],
            resident_id=world.residents["A"],
            fields=["phone"],
            reason="核实",
            at=at,
            **ancestry,
        ),
        ExportAudit(
            id=new_id(),
            principal_subject="worker-A",
            principal_roles=["grid_worker"],
            kind="residents",
            format="csv",
            filters={},
            rows=1,
            at=at,
        ),
        PersonalDataAudit(
            id=new_id(),
            action="resident.anonymised",
            principal_subject="system:retention",
            principal_roles=[],
            resident_id=world.residents["A"],
            fields=[],
            at=at,
            **ancestry,
        ),
        DataRequest(
            id=new_id(),
            resident_id=world.residents["B"],
            kind="deletion",
            state="refused",
            fields=[],
            reason="本人申请",
            requested_by="worker-B",
            requested_at=at,
            decided_by="secretary-C1",
            decided_at=at,
            decision_reason="法定职责所需",
        ),
    ]


async def test_audit_rows_are_purged_after_the_retention_to_the_microsecond(
    app: FastAPI, world: World
) -> None:
    settings = retention(app, audit_retention_years=3, retention_batch_size=2)
    cutoff = datetime(2023, 12, 1, 12, 0, tzinfo=UTC)  # three calendar years before NOW
    kept_rows = _audits(world, cutoff)
    just_older = _audits(world, cutoff - timedelta(microseconds=1))
    old_rows = [*just_older, *_audits(world, LEFT_AT.replace(year=2020))]
    async with app.state.database.sessionmaker() as session:
        session.add_all([*kept_rows, *old_rows])
        await session.commit()
    result = await sweep_once(app.state.database, settings, NOW)
    assert result == {"anonymised": 0, "audit_rows_purged": 8}
    async with app.state.database.sessionmaker() as session:
        left = set()
        for model in (RevealAudit, ExportAudit, PersonalDataAudit, DataRequest):
            left |= set(await session.scalars(select(model.id)))
    assert left == {r.id for r in kept_rows}


async def test_a_pending_request_is_not_purged_however_old(app: FastAPI, world: World) -> None:
    [*_, request] = _audits(world, datetime(2000, 1, 1, tzinfo=UTC))
    request.state, request.decided_at, request.decided_by = "pending", None, None
    async with app.state.database.sessionmaker() as session:
        session.add(request)
        await session.commit()
    await sweep_once(app.state.database, retention(app), NOW)
    async with app.state.database.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(DataRequest)) == 1


def test_audit_retention_is_at_least_a_year_and_periods_not_negative() -> None:
    with pytest.raises(ValueError, match="audit_retention_years"):
        Settings(audit_retention_years=0)
    with pytest.raises(ValueError, match="retention_anonymise_after_days"):
        Settings(retention_anonymise_after_days=-1)


async def test_an_anonymised_resident_is_left_out_of_exports(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await move_out(client, world, callers, "A")
    await sweep_once(app.state.database, retention(app, retention_anonymise_after_days=0), NOW)
    response = await client.get("/v1/exports/residents", headers=callers.community_secretary("C1"))
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["杨B松"]
    assert ANONYMISED_NAME not in response.text
