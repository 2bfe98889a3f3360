"""The roles an account may be given are exactly the shared vocabulary, and the roles the
kit knows by name (it may not import the vocabulary) are among them."""

from pydantic import ValidationError

from weimin_events.vocabularies import ROLES
from weimin_kit.auth import ADMIN_ROLE
from weimin_kit.settings import ServiceSettings
from weimin_org_registry.identity.schemas import AccountCreate

CANDIDATES = (*ROLES, "unit", "organisation", "secretary", "Admin", "")


def _refused_fields(role: str) -> set[tuple[str | int, ...]]:
    try:
        AccountCreate.model_validate(
            {"username": "li.wei", "display_name": "李伟", "password": "x", "roles": [role]}
        )
    except ValidationError as error:
        return {e["loc"] for e in error.errors()}
    return set()


def test_an_account_takes_exactly_the_shared_roles() -> None:
    refused = {role: _refused_fields(role) for role in CANDIDATES}
    assert [role for role, fields in refused.items() if not fields] == list(ROLES)
    assert all(fields in (set(), {("roles", 0)}) for fields in refused.values())


def test_the_roles_the_kit_names_are_shared_roles() -> None:
    field = ServiceSettings.model_fields["second_factor_roles"]
    second_factor_roles = field.get_default(call_default_factory=True)
    assert second_factor_roles
    assert set(second_factor_roles) <= set(ROLES)
    assert ADMIN_ROLE in ROLES
