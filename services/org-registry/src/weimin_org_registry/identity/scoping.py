"""Who may grant which roles and scopes, and where an account belongs.

Secretaries manage accounts inside their own scope with roles no higher than their own.
The org-registry knows streets and communities but not grid units (the grid service owns
them), so a `grid:` scope is accepted from a secretary only together with a
`community_id` inside the secretary's scope: the secretary vouches that the grid units
are in that community, and the account is placed there, where that secretary (and the
street above) can see and manage it.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Forbidden, InvalidInput
from weimin_org_registry.organisations import repository as organisations

MANAGER_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary")
_RANK = {"admin": 4, "street_secretary": 3, "community_secretary": 2}
# Granted by an admin only: a partner is a machine client of the integration API.
_ADMIN_ONLY = frozenset({"admin", "partner"})


class RoleNotGrantable(Forbidden):
    code = "role-not-grantable"
    title = "You may not grant this role"
    title_zh = "您不能授予此角色"


class ScopeNotGrantable(Forbidden):
    code = "scope-not-grantable"
    title = "You may not grant a scope outside your own"
    title_zh = "您不能授予超出自身范围的权限"


class AccountOutOfReach(Forbidden):
    code = "account-out-of-reach"
    title = "This account holds a role above yours"
    title_zh = "该账号的角色高于您"


@dataclass(frozen=True, slots=True)
class Placement:
    street_id: uuid.UUID | None
    community_id: uuid.UUID | None


def rank(roles: list[str] | frozenset[str]) -> int:
    return max((_RANK.get(role, 1) for role in roles), default=0)


def ensure_manager(principal: Principal) -> None:
    ensure_role(principal, *MANAGER_ROLES)


def ensure_may_manage(principal: Principal, current_roles: list[str]) -> None:
    """A secretary may not touch an account that holds a role above their own."""
    if principal.is_admin:
        return
    if set(current_roles) & _ADMIN_ONLY or rank(current_roles) > rank(principal.roles):
        raise AccountOutOfReach("Only someone with a higher role can change this account")


def ensure_roles_grantable(principal: Principal, roles: list[str]) -> None:
    if principal.is_admin:
        return
    own = rank(principal.roles)
    refused = sorted(r for r in set(roles) if r in _ADMIN_ONLY or _RANK.get(r, 1) > own)
    if refused:
        raise RoleNotGrantable(
            f"You may not grant: {', '.join(refused)}",
            errors=[
                {"field": "body.roles", "reason": f"'{r}' is above your role", "code": "forbidden"}
                for r in refused
            ],
        )


def _ids(scopes: list[str], kind: str) -> set[uuid.UUID]:
    return {uuid.UUID(s.split(":", 1)[1]) for s in scopes if s.startswith(kind + ":")}


async def place_account(
    session: AsyncSession,
    principal: Principal,
    scopes: list[str],
    community_id: uuid.UUID | None,
) -> Placement:
    """Check the scopes are grantable by `principal` and say where the account belongs."""
    streets = _ids(scopes, "street")
    communities = _ids(scopes, "community") | ({community_id} if community_id else set())
    known_streets = await organisations.existing_streets(session, streets)
    for street in sorted(streets - known_streets):
        raise InvalidInput.field("body.scopes", f"no street {street}", code="unknown-street")
    street_of = await organisations.streets_of_communities(session, communities)
    for community in sorted(communities - set(street_of)):
        field = "body.community_id" if community == community_id else "body.scopes"
        raise InvalidInput.field(field, f"no community {community}", code="unknown-community")
    has_grids = any(s.startswith("grid:") for s in scopes)
    if has_grids and community_id is None and not principal.is_admin:
        raise InvalidInput.field(
            "body.community_id",
            "grid scopes need the community that holds those grid units",
            code="required-with-grid-scopes",
        )
    if not principal.is_admin:
        mine_s, mine_c = principal.scope_ids("street"), principal.scope_ids("community")
        outside = [f"street:{s}" for s in streets if str(s) not in mine_s] + [
            f"community:{c}"
            for c in communities
            if str(c) not in mine_c and str(street_of[c]) not in mine_s
        ]
        if outside:
            raise ScopeNotGrantable(
                f"Outside your scope: {', '.join(sorted(outside))}",
                errors=[
                    {
                        "field": "body.scopes",
                        "reason": f"{s} is outside your scope",
                        "code": "forbidden",
                    }
                    for s in sorted(outside)
                ],
            )
    placement = _placement(streets, communities, street_of, community_id)
    if placement == Placement(None, None) and not principal.is_admin:
        raise InvalidInput.field(
            "body.community_id",
            "say which community the account belongs to (community_id or a scope)",
            code="placement-required",
        )
    return placement


def _placement(
    streets: set[uuid.UUID],
    communities: set[uuid.UUID],
    street_of: dict[uuid.UUID, uuid.UUID],
    community_id: uuid.UUID | None,
) -> Placement:
    if community_id is not None:
        return Placement(street_of[community_id], community_id)
    if len(communities) == 1 and not streets:
        (community,) = communities
        return Placement(street_of[community], community)
    all_streets = streets | {street_of[c] for c in communities}
    if len(all_streets) == 1:
        (street,) = all_streets
        return Placement(street, None)
    return Placement(None, None)
