"""People with protected personal data: register, read masked, reveal with a reason."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.pii import InvalidIdCard, InvalidPhone, validate_id_card, validate_mobile
from weimin_kit.requestid import current_request_id
from weimin_org_registry.people import repository
from weimin_org_registry.people.models import Person, PersonReveal
from weimin_org_registry.people.protection import PersonalDataVault
from weimin_org_registry.people.schemas import (
    PersonCreate,
    PersonRead,
    RevealAuditRead,
    RevealedPerson,
    RevealRequest,
)
from weimin_org_registry.places import community_in_scope, ensure_staff


class PersonAlreadyRegistered(Conflict):
    code = "person-already-registered"
    title = "A person with this identity number is already registered"


def valid_id_card(number: str, field: str = "body.id_card_number") -> str:
    try:
        return validate_id_card(number)
    except InvalidIdCard as exc:
        raise InvalidInput.field(field, str(exc), "invalid-id-card") from None


def read(person: Person, vault: PersonalDataVault) -> PersonRead:
    return PersonRead(
        id=person.id,
        name=person.name,
        gender=person.gender,
        ethnicity=person.ethnicity,
        id_card_number=vault.masked_id_card(person.id_card_cipher),
        phone=vault.masked_phone(person.phone_cipher),
        street_id=person.street_id,
        community_id=person.community_id,
        account_id=person.account_id,
        created_at=person.created_at,
    )


async def register_person(
    session: AsyncSession, principal: Principal, vault: PersonalDataVault, data: PersonCreate
) -> Person:
    ensure_staff(principal)
    number = valid_id_card(data.id_card_number)
    phone = None
    if data.phone is not None:
        try:
            phone = validate_mobile(data.phone)
        except InvalidPhone as exc:
            raise InvalidInput.field("body.phone", str(exc), "invalid-phone") from None
    community = await community_in_scope(session, principal, data.community_id, "body.community_id")
    id_card_cipher, id_card_index = vault.seal_id_card(number)
    # The 409 does not say where the other record lives: it may be outside the caller's scope.
    if await repository.person_by_id_card_index(session, id_card_index) is not None:
        raise PersonAlreadyRegistered("This identity number is already registered")
    phone_cipher, phone_index = vault.seal_phone(phone) if phone else (None, None)
    assert community.street_id is not None
    person = Person(
        name=data.name,
        gender=data.gender,
        ethnicity=data.ethnicity,
        id_card_cipher=id_card_cipher,
        id_card_index=id_card_index,
        phone_cipher=phone_cipher,
        phone_index=phone_index,
        street_id=community.street_id,
        community_id=community.id,
        account_id=data.account_id,
    )
    session.add(person)
    await session.flush()
    await repository.add_name_grams(session, person)
    return person


async def person(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> Person:
    found = await repository.visible_person(session, principal, person_id)
    if found is None:
        raise NotFound("No such person")
    return found


async def look_up(
    session: AsyncSession, principal: Principal, vault: PersonalDataVault, number: str
) -> Person:
    """Exact match by identity number through the blind index, within scope."""
    ensure_staff(principal)
    found = await repository.person_by_id_card_index(
        session, vault.id_card_index(valid_id_card(number))
    )
    if found is None or await repository.visible_person(session, principal, found.id) is None:
        raise NotFound("No person with this identity number in your scope")
    return found


async def reveal(
    session: AsyncSession,
    principal: Principal,
    vault: PersonalDataVault,
    person_id: uuid.UUID,
    request: RevealRequest,
) -> RevealedPerson:
    ensure_staff(principal)
    found = await person(session, principal, person_id)
    fields = sorted(set(request.fields))
    # The audit row is in the same transaction: no unmasked read without its record.
    await repository.add_reveal(
        session,
        PersonReveal(
            person_id=found.id,
            street_id=found.street_id,
            community_id=found.community_id,
            principal_subject=principal.subject,
            principal_roles=sorted(principal.roles),
            fields=fields,
            reason=request.reason,
            request_id=current_request_id(),
        ),
    )
    return RevealedPerson(
        id=found.id,
        id_card_number=vault.open_id_card(found.id_card_cipher)
        if "id_card_number" in fields
        else None,
        phone=vault.open_phone(found.phone_cipher) if "phone" in fields else None,
    )


async def list_people(
    session: AsyncSession,
    principal: Principal,
    vault: PersonalDataVault,
    page: PageParams,
    q: str | None,
    community_id: uuid.UUID | None,
) -> Page[PersonRead]:
    return await paginate(
        session,
        repository.people_query(principal, q, community_id),
        Person.id,
        page,
        lambda person: read(person, vault),
        parse_key=uuid.UUID,
    )


async def list_reveals(
    session: AsyncSession, principal: Principal, page: PageParams, person_id: uuid.UUID | None
) -> Page[RevealAuditRead]:
    return await paginate(
        session,
        repository.reveals_query(principal, person_id),
        PersonReveal.id,
        page,
        RevealAuditRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
