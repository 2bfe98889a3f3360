"""The grid speaks the shared vocabularies: its workflow has exactly the incident states
and levels its events carry, every care tag has a visit frequency and is accepted on a
resident, and the roles it checks are roles a token can carry."""

import re
from typing import get_args

from weimin_events.vocabularies import CARE_TAGS, INCIDENT_LEVELS, INCIDENT_STATES, ROLES
from weimin_grid.incidents import states
from weimin_grid.incidents.schemas import IncidentRead
from weimin_grid.patrols.service import VISIT_FREQUENCY_DAYS
from weimin_grid.registry.schemas import CARE_TAG_PATTERN


def test_the_workflow_reaches_exactly_the_shared_incident_states() -> None:
    reached = {"reported"} | {target for _, target in states.TRANSITIONS.values()}
    left = set().union(*(sources for sources, _ in states.TRANSITIONS.values()))
    assert reached == set(INCIDENT_STATES)
    assert left <= set(INCIDENT_STATES)
    assert states.LEVELS == INCIDENT_LEVELS


def test_an_incident_reads_its_state_and_level_from_the_vocabulary() -> None:
    fields = IncidentRead.model_fields
    assert get_args(fields["state"].annotation) == INCIDENT_STATES
    assert get_args(fields["level"].annotation) == INCIDENT_LEVELS


def test_every_care_tag_has_a_visit_frequency_and_is_a_valid_tag() -> None:
    assert set(VISIT_FREQUENCY_DAYS) == set(CARE_TAGS)
    assert all(re.fullmatch(CARE_TAG_PATTERN, tag) for tag in CARE_TAGS)


def test_the_roles_that_act_at_a_level_are_token_roles() -> None:
    assert set(states.ROLE_LEVEL) <= set(ROLES)
