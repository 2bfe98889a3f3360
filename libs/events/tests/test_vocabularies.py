"""The shared vocabularies: each is one list of distinct slugs, the same one its type names."""

import re
from typing import get_args

import pytest

from weimin_events import payloads, vocabularies
from weimin_events.vocabularies import (
    CARE_TAGS,
    CLAIMER_TYPES,
    INCIDENT_LEVELS,
    INCIDENT_STATES,
    PARTNER_SCOPES,
    ROLES,
    CareTag,
    ClaimerType,
    IncidentLevel,
    IncidentState,
    PartnerScope,
    Role,
)

VOCABULARIES = [
    (ClaimerType, CLAIMER_TYPES),
    (Role, ROLES),
    (IncidentState, INCIDENT_STATES),
    (IncidentLevel, INCIDENT_LEVELS),
    (CareTag, CARE_TAGS),
]


@pytest.mark.parametrize(("kind", "values"), VOCABULARIES)
def test_each_vocabulary_lists_its_types_values_once(kind: object, values: tuple[str]) -> None:
    assert values == get_args(kind)
    assert len(set(values)) == len(values)
    assert all(re.fullmatch(r"[a-z][a-z_]*", value) for value in values)


def test_partner_scopes_are_area_what_and_operation() -> None:
    assert get_args(PartnerScope) == PARTNER_SCOPES
    assert len(set(PARTNER_SCOPES)) == len(PARTNER_SCOPES)
    for scope in PARTNER_SCOPES:
        assert re.fullmatch(r"(integration|open311):[a-z][a-z-]*\.(read|write|receive)", scope)


def test_every_vocabulary_of_the_module_is_tested() -> None:
    tuples = [v for name, v in vars(vocabularies).items() if name.isupper()]
    tested = [*(values for _, values in VOCABULARIES), PARTNER_SCOPES]
    assert sorted(map(str, tuples)) == sorted(map(str, tested))


def test_the_claimer_says_organisation_never_unit() -> None:
    assert "organisation" in CLAIMER_TYPES
    assert "unit" not in CLAIMER_TYPES
    assert payloads.ClaimerType is ClaimerType
