"""The exchange's OpenAPI examples (integration/examples.py) are what the service accepts
and answers: each is read through the models the routes use, and the published document
carries them."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from pydantic import TypeAdapter

from weimin_grid.addresses.schemas import AddressImportResult, AddressRow
from weimin_grid.integration import examples
from weimin_grid.integration.schemas import (
    BatchResult,
    IncidentUpdateRecord,
    PartnerIncident,
    PersonRecord,
)
from weimin_kit.pii import InvalidIdCard, validate_id_card


def records(example: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = example["default"]["value"]["records"]
    return found


def test_the_population_example_is_two_people_and_one_mistyped_number() -> None:
    people = [
        TypeAdapter(PersonRecord).validate_python(raw) for raw in records(examples.POPULATION)
    ]
    assert [validate_id_card(p.id_card_number) for p in people[:2]]
    with pytest.raises(InvalidIdCard):
        validate_id_card(people[2].id_card_number)
    answer = BatchResult.model_validate(examples.POPULATION_ANSWER)
    assert [r.outcome for r in answer.results] == ["accepted", "updated", "rejected"]
    assert answer.results[2].issues[0].field == "id_card_number"


def test_the_address_and_incident_update_examples_are_valid_records_and_answers() -> None:
    """Each is read by the model the route uses (a mismatch raises), and the answers
    speak of the records asked about."""
    (row,) = [AddressRow.model_validate(raw) for raw in records(examples.ADDRESSES)]
    addresses = AddressImportResult.model_validate(examples.ADDRESSES_ANSWER)
    assert [result.code for result in addresses.results] == [row.code]
    (update,) = [IncidentUpdateRecord.model_validate(r) for r in records(examples.INCIDENT_UPDATES)]
    updates = BatchResult.model_validate(examples.INCIDENT_UPDATES_ANSWER)
    assert [result.local_id for result in updates.results] == [update.incident_id]
    incident = PartnerIncident.model_validate(examples.INCIDENT)
    assert incident.id == update.incident_id


async def test_the_grid_units_example_has_the_served_fields(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reader = callers.partner("community:C1", ("integration:grid-units.read",))
    served = (await client.get("/integration/v1/grid-units", headers=reader)).json()
    features: list[dict[str, Any]] = examples.GRID_UNITS["features"]
    (example,) = features
    assert set(example) == set(served["features"][0])
    assert set(example["properties"]) == set(served["features"][0]["properties"])


def test_the_published_document_carries_the_examples(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    batch = paths["/integration/v1/population/batches"]["post"]
    body = batch["requestBody"]["content"]["application/json"]
    assert body["examples"]["default"]["value"] == examples.POPULATION["default"]["value"]
    answer = batch["responses"]["200"]["content"]["application/json"]
    assert answer["example"] == examples.POPULATION_ANSWER
    incident = paths["/integration/v1/incidents/{incident_id}"]["get"]
    assert incident["responses"]["200"]["content"]["application/json"]["example"] == (
        examples.INCIDENT
    )
