"""Changing the organisation tree: create, rename, move, dissolve.

Each organisation stores its path of ancestor ids and its street and community, so a
move rewrites the whole moved subtree in the same transaction. Nothing is deleted: a
dissolved organisation keeps its row and its change history.
"""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import OrganisationChanged
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.ids import new_id
from weimin_kit.outbox import record_event
from weimin_kit.types import utcnow
from weimin_org_registry.organisations import repository
from weimin_org_registry.organisations.models import (
    ALLOWED_PARENTS,
    Organisation,
    OrganisationChange,
)
from weimin_org_registry.organisations.schemas import (
    OrganisationCreate,
    OrganisationUpdate,
)
from weimin_org_registry.places import ensure_staff

TWO_NEW_CATEGORIES = ("new_economic", "new_social")

SOURCE = "/weimin/org-registry"


class FieldProblem(InvalidInput):
    """A 422 whose single error names the field, with the class's own code."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(
            f"{field}: {reason}", errors=[{"field": field, "reason": reason, "code": self.code}]
        )


class UnknownParent(FieldProblem):
    code = "unknown-parent"
    title = "No such active parent organisation in your scope"
    title_zh = "您的范围内没有此有效上级组织"


class MoveWouldCreateCycle(FieldProblem):
    code = "organisation-cycle"
    title = "An organisation cannot be placed under itself or its own descendant"
    title_zh = "组织不能放在自身或其下级组织之下"


class ParentKindNotAllowed(FieldProblem):
    code = "parent-kind-not-allowed"
    title = "This kind of organisation cannot hang there"
    title_zh = "此类组织不能挂在该上级之下"


class OrganisationCodeTaken(Conflict):
    code = "organisation-code-taken"
    title = "Another organisation has this code"
    title_zh = "已有其他组织使用此代码"


class OrganisationDissolved(Conflict):
    code = "organisation-dissolved"
    title = "The organisation is dissolved"
    title_zh = "该组织已撤销"


class OrganisationHasMembers(Conflict):
    code = "organisation-has-members"
    title = "Transfer the organisation's party members first"
    title_zh = "请先转出该组织的党员"


class OrganisationHasActiveChildren(Conflict):
    code = "organisation-has-active-children"
    title = "Dissolve or move the active organisations under it first"
    title_zh = "请先撤销或移走其下的有效组织"


def _path_of(parent: Organisation | None, organisation_id: uuid.UUID) -> str:
    return f"{parent.path if parent else '/'}{organisation_id}/"


def _place(node: Organisation, parent: Organisation | None) -> None:
    """Street and community of a node follow from its own kind and its parent's place."""
    street = parent.street_id if parent else None
    community = parent.community_id if parent else None
    node.street_id = node.id if node.kind == "street_committee" else street
    node.community_id = node.id if node.kind == "community_branch" else community


async def _active_visible(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID
) -> Organisation:
    organisation = await repository.visible_organisation(session, principal, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation")
    if organisation.status != "active":
        raise OrganisationDissolved(f"{organisation.name} was dissolved")
    return organisation


async def _parent(
    session: AsyncSession, principal: Principal, parent_id: uuid.UUID | None
) -> Organisation | None:
    if parent_id is None:
        return None
    parent = await repository.visible_organisation(session, principal, parent_id)
    if parent is None or parent.status != "active":
        raise UnknownParent("body.parent_id", "no active organisation with this id in your scope")
    return parent


def _check_kind(kind: str, parent: Organisation | None) -> None:
    allowed = ALLOWED_PARENTS[kind]
    if (parent.kind if parent else None) not in allowed:
        where = ", ".join(a or "the root" for a in allowed)
        raise ParentKindNotAllowed("body.parent_id", f"a {kind} hangs under {where}")


def _check_classification(data: OrganisationCreate) -> None:
    """Stationed units are classed by level, two-new organisations as economic or social;
    party branches carry neither."""
    if data.kind == "stationed_unit" and data.level is None:
        raise InvalidInput.field("body.level", "a stationed unit needs its level", "required")
    if data.kind == "two_new_organisation" and data.category not in TWO_NEW_CATEGORIES:
        raise InvalidInput.field(
            "body.category", "new_economic or new_social for a two-new organisation", "invalid"
        )
    if data.kind not in ("stationed_unit", "two_new_organisation") and data.level is not None:
        raise InvalidInput.field("body.level", "only stationed units have a level", "invalid")


async def _record(
    session: AsyncSession,
    principal: Principal,
    organisation: Organisation,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str | None = None,
) -> None:
    await repository.add_change(
        session,
        OrganisationChange(
            organisation_id=organisation.id,
            action=action,
            before=before,
            after=after,
            reason=reason,
            actor=principal.subject,
            at=utcnow(),
        ),
    )
    await record_event(
        session,
        source=SOURCE,
        subject=str(organisation.id),
        payload=OrganisationChanged(
            action=action,
            organisation_id=organisation.id,
            kind=organisation.kind,
            parent_id=organisation.parent_id,
            street_id=organisation.street_id,
            community_id=organisation.community_id,
            status=organisation.status,
        ),
    )


async def create_organisation(
    session: AsyncSession, principal: Principal, data: OrganisationCreate
) -> Organisation:
    ensure_staff(principal)
    _check_classification(data)
    parent = await _parent(session, principal, data.parent_id)
    _check_kind(data.kind, parent)
    if parent is None:
        # A root (street, stationed unit, two-new organisation) belongs to nobody's scope.
        ensure_role(principal, "admin")
    if await repository.code_taken(session, data.code, None):
        raise OrganisationCodeTaken(f"code {data.code} is already used")
    organisation_id = new_id()
    organisation = Organisation(
        id=organisation_id,
        kind=data.kind,
        name=data.name,
        code=data.code,
        division_code=data.division_code,
        parent_id=parent.id if parent else None,
        path=_path_of(parent, organisation_id),
        depth=parent.depth + 1 if parent else 1,
        level=data.level,
        category=data.category,
        sector=data.sector,
        status="active",
    )
    _place(organisation, parent)
    session.add(organisation)
    await session.flush()
    after = {"name": data.name, "code": data.code, "parent_id": _str(organisation.parent_id)}
    await _record(session, principal, organisation, "created", {}, after)
    return organisation


def _str(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


async def update_organisation(
    session: AsyncSession,
    principal: Principal,
    organisation_id: uuid.UUID,
    data: OrganisationUpdate,
) -> Organisation:
    ensure_staff(principal)
    organisation = await _active_visible(session, principal, organisation_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("name", "") is None or changes.get("code", "") is None:
        field = "name" if changes.get("name", "") is None else "code"
        raise InvalidInput.field(f"body.{field}", "cannot be removed", "required")
    if "code" in changes and await repository.code_taken(session, changes["code"], organisation.id):
        raise OrganisationCodeTaken(f"code {changes['code']} is already used")
    before = {field: getattr(organisation, field) for field in changes}
    for field, value in changes.items():
        setattr(organisation, field, value)
    await session.flush()
    await _record(session, principal, organisation, "renamed", before, changes)
    return organisation


async def move_organisation(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID, parent_id: uuid.UUID
) -> Organisation:
    ensure_staff(principal)
    node = await _active_visible(session, principal, organisation_id)
    parent = await _parent(session, principal, parent_id)
    assert parent is not None
    if parent.path.startswith(node.path):
        raise MoveWouldCreateCycle(
            "body.parent_id", f"{parent.name} is {node.name} itself or lies under it"
        )
    _check_kind(node.kind, parent)
    old_parent, old_path = node.parent_id, node.path
    new_path = _path_of(parent, node.id)
    placed: dict[uuid.UUID, Organisation] = {parent.id: parent}
    for row in await repository.subtree(session, node):
        row.path = new_path + row.path[len(old_path) :]
        row.depth = row.path.count("/") - 1
        if row.id == node.id:
            row.parent_id = parent.id
        _place(row, placed.get(row.parent_id) if row.parent_id else None)
        placed[row.id] = row
    await session.flush()
    await _record(
        session,
        principal,
        node,
        "moved",
        {"parent_id": _str(old_parent)},
        {"parent_id": str(parent.id)},
    )
    return node


async def dissolve_organisation(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID, reason: str
) -> Organisation:
    ensure_staff(principal)
    organisation = await _active_visible(session, principal, organisation_id)
    if await repository.has_active_children(session, organisation.id):
        raise OrganisationHasActiveChildren(f"{organisation.name} still has active organisations")
    if await repository.has_party_members(session, organisation.id):
        raise OrganisationHasMembers(f"Transfer the party members of {organisation.name} first")
    organisation.status = "dissolved"
    organisation.dissolved_at = utcnow()
    await session.flush()
    await _record(
        session,
        principal,
        organisation,
        "dissolved",
        {"status": "active"},
        {"status": "dissolved"},
        reason,
    )
    return organisation
