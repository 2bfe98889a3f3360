"""Wishes as staff handle them: submit, review, cancel, confirm on the beneficiary's behalf,
and read them with the beneficiary shown."""

import re
import uuid
from datetime import date, datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import (
    WishCancelled,
    WishConfirmed,
    WishPublished,
    WishRejected,
    WishSubmitted,
)
from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.pii import public_honorific, surname_of
from weimin_wishes.config import Settings
from weimin_wishes.scope import REVIEWER_ROLES, STAFF_ROLES, covers
from weimin_wishes.wishes import repository
from weimin_wishes.wishes.errors import NotAllowedToConfirm, WishNotFound
from weimin_wishes.wishes.models import Wish
from weimin_wishes.wishes.repository import WishFilter as WishFilter
from weimin_wishes.wishes.schemas import (
    BeneficiaryIn,
    BeneficiaryRead,
    CancelRequest,
    ClaimRead,
    ConfirmRequest,
    ReviewRequest,
    WishCreate,
    WishRead,
)
from weimin_wishes.wishes.transitions import advance, announce

Gender = Literal["male", "female"]
SUBMITTER_ROLES: tuple[Role, ...] = ("community_secretary", "grid_worker")
WALL_STATES_FOR_CANCEL = ("open", "claim_pending", "claimed")


def wish_read(wish: Wish) -> WishRead:
    return WishRead.model_validate(
        {
            **{key: getattr(wish, key) for key in WishRead.model_fields if hasattr(wish, key)},
            "beneficiary": BeneficiaryRead(
                kind=wish.beneficiary_kind,
                resident_id=wish.beneficiary_resident_id,
                name=wish.beneficiary_name,
                public_name=wish.public_name,
            ),
        }
    )


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def honorific_for(name: str, gender: Gender | None, born: date, today: date) -> str:
    """张奶奶 for 张秀英, born 1945, female: the only way the wall names a person."""
    return public_honorific(surname_of(name), gender, age_on(born, today))


def public_name_of(beneficiary: BeneficiaryIn, today: date) -> str:
    if beneficiary.kind == "group":
        assert beneficiary.public_label is not None  # the schema requires it for groups
        return beneficiary.public_label
    assert beneficiary.birth_date is not None  # the schema requires it for individuals
    if beneficiary.birth_date > today:
        raise InvalidInput.field("body.beneficiary.birth_date", "lies in the future")
    return honorific_for(beneficiary.name, beneficiary.gender, beneficiary.birth_date, today)


_ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def ensure_no_personal_data(body: WishCreate) -> None:
    """Title, description and grid label go on the public wall as written: refuse text that
    would put the beneficiary's name, a phone or an identity number there."""
    fields = {
        "body.title": body.title,
        "body.description": body.description,
        "body.grid_label": body.grid_label,
    }
    for field, text in fields.items():
        compact = re.sub(r"[\s-]", "", text)
        if _ID_NUMBER.search(compact) or _MOBILE.search(compact):
            raise InvalidInput.field(
                field,
                "holds a phone or identity number; the wall is public",
                code="personal-data-in-text",
            )
        if body.beneficiary.kind == "individual" and body.beneficiary.name in text:
            raise InvalidInput.field(
                field,
                "names the beneficiary; the wall shows an honorific only",
                code="personal-data-in-text",
            )


async def submit_wish(
    session: AsyncSession, principal: Principal, settings: Settings, now: datetime, body: WishCreate
) -> Wish:
    ensure_role(principal, *SUBMITTER_ROLES)
    if not covers(
        principal, street=body.street_id, community=body.community_id, grid=body.grid_unit_id
    ):
        raise InvalidInput.field(
            "body.grid_unit_id", "outside your scope", code="grid-unit-out-of-scope"
        )
    if body.estimated_value_yuan > settings.wish_value_cap_yuan:
        raise InvalidInput.field(
            "body.estimated_value_yuan",
            f"a micro-wish is worth at most {settings.wish_value_cap_yuan} yuan",
            code="over-value-cap",
        )
    ensure_no_personal_data(body)
    wish = Wish(
        street_id=body.street_id,
        community_id=body.community_id,
        grid_unit_id=body.grid_unit_id,
        grid_label=body.grid_label,
        title=body.title,
        description=body.description,
        category=body.category,
        urgency=body.urgency,
        estimated_value_yuan=body.estimated_value_yuan,
        photo_url=body.photo_url,
        beneficiary_kind=body.beneficiary.kind,
        beneficiary_resident_id=body.beneficiary.resident_id,
        beneficiary_name=body.beneficiary.name,
        public_name=public_name_of(body.beneficiary, now.date()),
        claim_rule=body.claim_rule,
        claim_approval=body.claim_approval,
        state="submitted",
        submitted_by=principal.subject,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(wish)
    await session.flush()
    await announce(session, wish, WishSubmitted, wall=None, now=now, base_url="")
    return wish


async def locate_wish(session: AsyncSession, principal: Principal, wish_id: uuid.UUID) -> Wish:
    """The wish, or 404 when absent or outside the caller's scope (existence is not leaked)."""
    wish = await repository.get_wish(session, wish_id)
    if wish is None or not covers(
        principal, street=wish.street_id, community=wish.community_id, grid=wish.grid_unit_id
    ):
        raise WishNotFound()
    return wish


async def list_wishes(
    session: AsyncSession, principal: Principal, page: PageParams, where: WishFilter
) -> Page[WishRead]:
    return await paginate(
        session,
        repository.wishes_in_scope(principal, where),
        Wish.id,
        page,
        wish_read,
        parse_key=uuid.UUID,
        newest_first=True,
    )


async def list_claims(
    session: AsyncSession, principal: Principal, wish_id: uuid.UUID
) -> list[ClaimRead]:
    wish = await locate_wish(session, principal, wish_id)
    return [
        ClaimRead.model_validate(row) for row in await repository.claims_of_wish(session, wish.id)
    ]


async def review_wish(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    now: datetime,
    wish_id: uuid.UUID,
    body: ReviewRequest,
) -> Wish:
    wish = await locate_wish(session, principal, wish_id)
    ensure_role(principal, *REVIEWER_ROLES)
    if body.decision == "approve":
        await advance(
            session,
            wish,
            "approve",
            now,
            state="open",
            reviewed_by=principal.subject,
            reviewed_at=now,
            published_at=now,
        )
        await announce(
            session,
            wish,
            WishPublished,
            wall="wish.published",
            now=now,
            base_url=settings.public_base_url,
        )
    else:
        await advance(
            session,
            wish,
            "reject",
            now,
            state="rejected",
            reviewed_by=principal.subject,
            reviewed_at=now,
            rejection_reason=body.reason,
        )
        await announce(session, wish, WishRejected, wall=None, now=now, base_url="")
    return wish


async def cancel_wish(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    now: datetime,
    wish_id: uuid.UUID,
    body: CancelRequest,
) -> Wish:
    wish = await locate_wish(session, principal, wish_id)
    ensure_role(principal, *STAFF_ROLES)
    was_on_wall = wish.state in WALL_STATES_FOR_CANCEL
    claim_id = wish.claim_id
    await advance(
        session,
        wish,
        "cancel",
        now,
        state="cancelled",
        cancelled_at=now,
        cancel_reason=body.reason,
        claim_deadline_at=None,
    )
    await repository.end_claim(session, claim_id, "cancelled", now)
    await announce(
        session,
        wish,
        WishCancelled,
        wall="wish.removed" if was_on_wall else None,
        now=now,
        base_url=settings.public_base_url,
    )
    return wish


async def confirm_wish(
    session: AsyncSession,
    principal: Principal,
    settings: Settings,
    now: datetime,
    wish_id: uuid.UUID,
    body: ConfirmRequest,
) -> Wish:
    """The beneficiary confirms (or a grid worker or secretary on their behalf)."""
    wish = await repository.get_wish(session, wish_id)
    if wish is None:
        raise WishNotFound()
    is_beneficiary = (
        principal.has_role("resident")
        and wish.beneficiary_resident_id is not None
        and principal.subject == str(wish.beneficiary_resident_id)
    )
    is_staff = (principal.is_admin or principal.has_role(*STAFF_ROLES)) and covers(
        principal, street=wish.street_id, community=wish.community_id, grid=wish.grid_unit_id
    )
    if not is_beneficiary and not is_staff:
        if covers(
            principal, street=wish.street_id, community=wish.community_id, grid=wish.grid_unit_id
        ):
            raise NotAllowedToConfirm()
        raise WishNotFound()
    await advance(
        session,
        wish,
        "confirm",
        now,
        state="confirmed",
        confirmed_at=now,
        confirmed_by=principal.subject,
        thanks_message=body.thanks_message,
        rating=body.rating,
    )
    await repository.set_claim_status(session, wish.claim_id, "confirmed", now)
    await announce(
        session,
        wish,
        WishConfirmed,
        wall=None,
        now=now,
        base_url=settings.public_base_url,
        claim_id=str(wish.claim_id),
        claimer_id=wish.claimer_id,
        rating=body.rating,
        owner_id=wish.submitted_by,
    )
    return wish
