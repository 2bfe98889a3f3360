"""The catalogue is the contract: complete, consistent, and its documentation current."""

import ast
from pathlib import Path

import pytest

from weimin_events import payloads
from weimin_events.catalogue import BY_TYPE, CATALOGUE, consumed_by, subscribers_of
from weimin_events.docs import DOCS_PATH, render

SERVICES = {"org-registry", "grid", "wishes", "volunteers", "notifications"}
ROOT = Path(__file__).resolve().parents[3]


def _concrete_payloads() -> set[type[payloads.Payload]]:
    """Every payload model that names a type of its own."""
    found: set[type[payloads.Payload]] = set()
    pending = [payloads.Payload]
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if "event_type" in vars(model):
            found.add(model)
    return found


def test_docs_events_md_is_generated_from_the_catalogue() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render(), (
        "docs/events.md is stale: run `python -m weimin_events`"
    )


def test_every_model_that_names_a_type_is_catalogued_once() -> None:
    catalogued = [entry.payload for entry in CATALOGUE]
    assert len(set(catalogued)) == len(catalogued)
    assert set(catalogued) == _concrete_payloads()
    assert len(BY_TYPE) == len(CATALOGUE)


def test_types_are_versioned_and_between_known_services() -> None:
    for entry in CATALOGUE:
        prefix, org, thing, happening, version = entry.type.split(".")
        assert (prefix, org) == ("cn", "weimin"), entry.type
        assert thing, entry.type
        assert happening, entry.type
        assert version.startswith("v"), entry.type
        assert version[1:].isdigit(), entry.type
        assert entry.producer in SERVICES
        assert set(entry.consumers) <= SERVICES
        assert entry.producer not in entry.consumers


def test_a_shared_base_names_no_type_and_cannot_be_recorded() -> None:
    for base in (payloads.Payload, payloads.WishLifecycle, payloads.WishClaim):
        assert "event_type" not in vars(base)
    with pytest.raises(AttributeError):
        _ = payloads.IncidentChanged.event_type


def test_services_spell_no_event_type_in_their_code() -> None:
    """Types are named by the payload models only: a string literal of one in a service's
    code is a second spelling that can drift from the contract."""
    spelled: list[str] = []
    for source in ROOT.glob("services/*/src/**/*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in BY_TYPE:
                spelled.append(f"{source.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert spelled == []


def test_subscriptions_read_from_both_sides_agree() -> None:
    for service in SERVICES:
        for producer, types in consumed_by(service).items():
            for event_type in types:
                assert BY_TYPE[event_type].producer == producer
                assert service in subscribers_of(event_type)
    assert subscribers_of(payloads.WishFulfilled.event_type) == (
        "volunteers",
        "org-registry",
        "notifications",
    )
    assert subscribers_of("cn.weimin.unknown.thing.v1") == ()
