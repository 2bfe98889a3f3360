"""Every query on people and their reveal log."""

import contextlib
import uuid

from sqlalchemy import ColumnElement, Select, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.types import utcnow
from weimin_org_registry.people.models import Person, PersonNameGram, PersonReveal
from weimin_org_registry.people.names import gram_rows, grams_suffice, indexed_under_grams
from weimin_org_registry.places import placed_filter


def own_person_ids(principal: Principal) -> Select[uuid.UUID]:
    """The person records linked to the caller's own account (none for a machine client)."""
    own: list[uuid.UUID] = []
    with contextlib.suppress(ValueError):
        own.append(uuid.UUID(principal.subject))
    return select(Person.id).where(Person.account_id.in_(own))


def _visible(principal: Principal) -> ColumnElement[bool]:
    """Staff see the people placed in their scope; anyone sees their own record."""
    return or_(
        placed_filter(principal, Person.street_id, Person.community_id),
        Person.id.in_(own_person_ids(principal)),
    )


def people_query(
    principal: Principal, q: str | None, community_id: uuid.UUID | None
) -> Select[Person]:
    statement = select(Person).where(_visible(principal))
    if q:
        statement = statement.where(*indexed_under_grams(Person.id, q))
        if not grams_suffice(q):
            statement = statement.where(Person.name.contains(q, autoescape=True))
    if community_id is not None:
        statement = statement.where(Person.community_id == community_id)
    return statement


async def visible_person(
    session: AsyncSession, principal: Principal, person_id: uuid.UUID
) -> Person | None:
    return await session.scalar(select(Person).where(Person.id == person_id, _visible(principal)))


async def person_by_id_card_index(session: AsyncSession, index: str) -> Person | None:
    return await session.scalar(select(Person).where(Person.id_card_index == index))


async def add_name_grams(session: AsyncSession, person: Person) -> None:
    await session.execute(insert(PersonNameGram), gram_rows([(person.id, person.name)], utcnow()))


async def add_reveal(session: AsyncSession, entry: PersonReveal) -> None:
    session.add(entry)
    await session.flush()


def reveals_query(principal: Principal, person_id: uuid.UUID | None) -> Select[PersonReveal]:
    statement = select(PersonReveal).where(
        placed_filter(principal, PersonReveal.street_id, PersonReveal.community_id)
    )
    if person_id is not None:
        statement = statement.where(PersonReveal.person_id == person_id)
    return statement
