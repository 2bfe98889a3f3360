"""The volunteer register: skills catalogue, volunteers, certificates, availability, consent.

Who sees a volunteer: staff whose scope covers the volunteer's street, community or grid
unit; the volunteer themself (matched by account id); the leader of a team the volunteer
is an active member of. Anything else answers 404, so existence is not leaked.
"""

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Forbidden, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers.hours.models import HoursTotal
from weimin_volunteers.registry import repository
from weimin_volunteers.registry.errors import (
    CertificateExpired,
    CertificateRequired,
    SkillCodeTaken,
    VolunteerAlreadyRegistered,
)
from weimin_volunteers.registry.models import Skill, Volunteer
from weimin_volunteers.registry.schemas import (
    AvailabilityRead,
    CertificateRead,
    SkillCreate,
    VolunteerCreate,
    VolunteerRead,
)
from weimin_volunteers.scope import (
    MANAGING_ROLES,
    account_id_of,
    manager_covers,
    staff_covers,
)

LOCAL_TIME = ZoneInfo("Asia/Shanghai")
#: Home locations are kept to three decimals (about 100 m): enough to rank by distance.
COARSE_DIGITS = 3


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TIME).date()


async def create_skill(session: AsyncSession, principal: Principal, body: SkillCreate) -> Skill:
    if not principal.is_admin:
        raise Forbidden("The skills catalogue is city-wide: only an admin changes it")
    if await repository.skill_code_taken(session, body.code):
        raise SkillCodeTaken(
            f"Skill {body.code!r} exists",
            errors=[
                {"field": "body.code", "reason": "already in the catalogue", "code": "duplicate"}
            ],
        )
    skill = Skill(code=body.code, name=body.name, requires_certificate=body.requires_certificate)
    await repository.add(session, skill)
    return skill


async def volunteer_read(session: AsyncSession, volunteer: Volunteer, today: date) -> VolunteerRead:
    certificates = [
        CertificateRead(
            id=certificate.id,
            skill_code=code,
            number=certificate.number,
            issuer=certificate.issuer,
            issued_on=certificate.issued_on,
            expires_on=certificate.expires_on,
            valid=certificate.expires_on is None or certificate.expires_on >= today,
        )
        for certificate, code in await repository.certificates_of(session, volunteer.id)
    ]
    return VolunteerRead(
        id=volunteer.id,
        person_id=volunteer.person_id,
        account_id=volunteer.account_id,
        display_name=volunteer.display_name,
        street_id=volunteer.street_id,
        community_id=volunteer.community_id,
        grid_unit_id=volunteer.grid_unit_id,
        home_lon=volunteer.home_lon,
        home_lat=volunteer.home_lat,
        skill_codes=await repository.skill_codes_of(session, volunteer.id),
        certificates=certificates,
        availability=AvailabilityRead.model_validate(
            {
                "weekly": volunteer.weekly_availability,
                "exceptions": volunteer.availability_exceptions,
            }
        ),
        alert_consent=volunteer.alert_consent,
        alert_consent_at=volunteer.alert_consent_at,
        alarm_alert_consent=volunteer.alarm_alert_consent,
        alarm_alert_consent_at=volunteer.alarm_alert_consent_at,
        status=volunteer.status,
        attended_count=volunteer.attended_count,
        no_show_count=volunteer.no_show_count,
        created_at=volunteer.created_at,
        updated_at=volunteer.updated_at,
    )


async def skills_with_valid_certificates(
    session: AsyncSession,
    volunteer_id: uuid.UUID | None,
    codes: Sequence[str],
    today: date,
    field: str,
) -> list[uuid.UUID]:
    """Skill ids for `codes`, refusing unknown codes and certified skills without a valid
    certificate (a certificate expired yesterday does not count)."""
    wanted = sorted(set(codes))
    known = await repository.skills_by_code(session, wanted)
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise InvalidInput.field(
            field, f"unknown skill codes: {', '.join(unknown)}", "unknown-skill"
        )
    valid_for: set[str] = set()
    expired_for: set[str] = set()
    if volunteer_id is not None:
        for certificate, code in await repository.certificates_of(session, volunteer_id):
            if certificate.expires_on is None or certificate.expires_on >= today:
                valid_for.add(code)
            else:
                expired_for.add(code)
    for code in wanted:
        if known[code].requires_certificate and code not in valid_for:
            problem = CertificateExpired if code in expired_for else CertificateRequired
            reason = (
                f"the certificate for {code} has expired"
                if code in expired_for
                else f"{code} needs a valid certificate; add one first"
            )
            raise problem(
                f"{field}: {reason}",
                errors=[{"field": field, "reason": reason, "code": problem.code}],
            )
    return [known[code].id for code in wanted]


async def register_volunteer(
    session: AsyncSession, principal: Principal, body: VolunteerCreate, now: datetime
) -> Volunteer:
    ensure_role(principal, *MANAGING_ROLES)
    if not manager_covers(principal, street=body.street_id, community=body.community_id):
        raise NotFound(
            "No such community",
            errors=[
                {"field": "body.community_id", "reason": "outside your scope", "code": "not-found"}
            ],
        )
    # A new volunteer holds no certificates yet: certified skills come after adding them.
    skill_ids = await skills_with_valid_certificates(
        session, None, body.skill_codes, local_date(now), "body.skill_codes"
    )
    if await repository.person_or_account_taken(session, body.person_id, body.account_id):
        raise VolunteerAlreadyRegistered(
            "This person or account is already registered as a volunteer",
            errors=[
                {"field": "body.person_id", "reason": "already a volunteer", "code": "duplicate"}
            ],
        )
    volunteer = Volunteer(
        person_id=body.person_id,
        account_id=body.account_id,
        display_name=body.display_name,
        street_id=body.street_id,
        community_id=body.community_id,
        grid_unit_id=body.grid_unit_id,
        home_lon=round(body.home_lon, COARSE_DIGITS),
        home_lat=round(body.home_lat, COARSE_DIGITS),
        weekly_availability=body.availability.model_dump(mode="json")["weekly"],
        availability_exceptions=body.availability.model_dump(mode="json")["exceptions"],
        alert_consent=body.alert_consent,
        alert_consent_at=now if body.alert_consent else None,
        status="active",
        attended_count=0,
        no_show_count=0,
    )
    await repository.add(session, volunteer)
    await repository.replace_skills(session, volunteer.id, skill_ids)
    await repository.add(
        session, HoursTotal(volunteer_id=volunteer.id, minutes=0, entries=0, updated_at=now)
    )
    return volunteer


async def can_see(session: AsyncSession, principal: Principal, volunteer: Volunteer) -> bool:
    if staff_covers(
        principal,
        street=volunteer.street_id,
        community=volunteer.community_id,
        grid=volunteer.grid_unit_id,
    ):
        return True
    account_id = account_id_of(principal)
    if account_id is None:
        return False
    if volunteer.account_id == account_id:
        return True
    return await repository.leads_team_of(session, account_id, volunteer.id)


async def locate_volunteer(
    session: AsyncSession, principal: Principal, volunteer_id: uuid.UUID
) -> Volunteer:
    volunteer = await repository.get_volunteer(session, volunteer_id)
    if volunteer is None or not await can_see(session, principal, volunteer):
        raise NotFound("No such volunteer")
    return volunteer


async def my_volunteer(session: AsyncSession, principal: Principal) -> Volunteer:
    account_id = account_id_of(principal)
    volunteer = (
        None if account_id is None else await repository.volunteer_of_account(session, account_id)
    )
    if volunteer is None:
        raise NotFound("You are not registered as a volunteer")
    return volunteer


def is_self(principal: Principal, volunteer: Volunteer) -> bool:
    return volunteer.account_id is not None and volunteer.account_id == account_id_of(principal)


async def locate_for_change(
    session: AsyncSession, principal: Principal, volunteer_id: uuid.UUID
) -> Volunteer:
    """The volunteer themself or a manager covering them may change the record."""
    volunteer = await locate_volunteer(session, principal, volunteer_id)
    if not (
        is_self(principal, volunteer)
        or manager_covers(principal, street=volunteer.street_id, community=volunteer.community_id)
    ):
        raise Forbidden("Only the volunteer or their community's staff may change this")
    return volunteer


async def list_volunteers(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    today: date,
    community_id: uuid.UUID | None,
) -> Page[VolunteerRead]:
    statement = repository.volunteers_visible_to(principal)
    if community_id is not None:
        statement = statement.where(Volunteer.community_id == community_id)
    rows: Page[Volunteer] = await paginate(
        session, statement, Volunteer.id, page, lambda v: v, parse_key=uuid.UUID
    )
    return Page[VolunteerRead](
        items=[await volunteer_read(session, v, today) for v in rows.items],
        next_cursor=rows.next_cursor,
    )


async def list_skills(session: AsyncSession) -> Sequence[Skill]:
    return await repository.list_skills(session)
