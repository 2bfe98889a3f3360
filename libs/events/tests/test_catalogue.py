"""The catalogue is the contract: complete, consistent, and its documentation current."""

import re
from pathlib import Path

from weimin_events.catalogue import BY_TYPE, CATALOGUE, consumed_by, subscribers_of
from weimin_events.docs import DOCS_PATH, render

SERVICES = {"org-registry", "grid", "wishes", "volunteers"}
ROOT = Path(__file__).resolve().parents[3]


def test_docs_events_md_is_generated_from_the_catalogue() -> None:
    assert DOCS_PATH.read_text(encoding="utf-8") == render(), (
        "docs/events.md is stale: run `python -m weimin_events`"
    )


def test_types_are_unique_versioned_and_between_known_services() -> None:
    assert len(BY_TYPE) == len(CATALOGUE)
    for entry in CATALOGUE:
        assert re.fullmatch(r"cn\.weimin\.[a-z_]+\.[a-z_]+\.v\d+", entry.type), entry.type
        assert entry.producer in SERVICES
        assert set(entry.consumers) <= SERVICES
        assert entry.producer not in entry.consumers


def test_every_type_a_service_records_is_in_the_catalogue() -> None:
    recorded: set[str] = set()
    for source in ROOT.glob("services/*/src/**/*.py"):
        text = source.read_text(encoding="utf-8")
        recorded |= set(re.findall(r"\"(cn\.weimin\.[a-z_]+\.[a-z_]+\.v\d+)\"", text))
        # The wishes service builds its types from a verb: announce(..., "claimed", ...).
        for verb in re.findall(r"announce\(\s*session, wish, \"([a-z_]+)\"", text):
            recorded.add(f"cn.weimin.wish.{verb}.v1")
    assert len(recorded) > 15
    assert recorded - set(BY_TYPE) == set()


def test_subscriptions_read_from_both_sides_agree() -> None:
    for service in SERVICES:
        for producer, types in consumed_by(service).items():
            for event_type in types:
                assert BY_TYPE[event_type].producer == producer
                assert service in subscribers_of(event_type)
    assert subscribers_of("cn.weimin.wish.fulfilled.v1") == ("volunteers", "org-registry")
    assert subscribers_of("cn.weimin.unknown.thing.v1") == ()
