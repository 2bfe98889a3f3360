"""A minimal service built on the kit, used to test the kit's mechanisms end to end."""

import asyncio
import uuid
from pathlib import Path
from typing import Annotated, ClassVar

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import Integer, String, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from weimin_kit.app import create_service_app
from weimin_kit.auth import (
    CurrentPrincipal,
    Principal,
    ensure_covers,
    require_partner_scope,
    require_roles,
)
from weimin_kit.db import SessionDep, WriteSessionDep, make_metadata
from weimin_kit.errors import Conflict, NotFound
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import Handler, Handlers, handlers_of
from weimin_kit.events.runtime import EventWiring
from weimin_kit.ids import new_id
from weimin_kit.outbox import record_event
from weimin_kit.pagination import Page, PageDep, paginate
from weimin_kit.problems import problems
from weimin_kit.settings import ServiceSettings
from weimin_kit.tables import add_kit_tables
from weimin_kit.text import HumanText

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class Base(DeclarativeBase):
    metadata = make_metadata()


add_kit_tables(Base.metadata)


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(100), unique=True)
    area: Mapped[str] = mapped_column(String(40))


class Tally(Base):
    """What the sample consumes its own `note.created` events into: a count per title."""

    __tablename__ = "tallies"
    title: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class NoteCreated(BaseModel):
    event_type: ClassVar[str] = "cn.weimin.note.created.v1"

    title: str = Field(min_length=1, max_length=100)


NOTE_CREATED = NoteCreated.event_type


async def count_note(session: AsyncSession, payload: NoteCreated, event: CloudEvent) -> None:
    tally = await session.get(Tally, payload.title)
    if tally is None:
        session.add(Tally(title=payload.title, count=1))
    else:
        tally.count += 1


def sample_handlers(_app: object) -> Handlers:
    return handlers_of(Handler(NoteCreated, count_note))


SAMPLE_EVENTS = EventWiring(
    service="sample",
    subscribers_of=lambda event_type: ("sample",) if event_type == NOTE_CREATED else (),
    consumes={"sample": [NOTE_CREATED]},
    handlers=sample_handlers,
)


class NoteCreate(BaseModel):
    title: Annotated[str, HumanText(max_length=100)]
    area: str = Field(min_length=1, max_length=40)
    count: int = Field(default=1, ge=1, le=10)


class NoteRead(BaseModel):
    id: uuid.UUID
    title: str
    area: str


class NoteExists(Conflict):
    code = "note-exists"
    title = "A note with this title exists"
    title_zh = "已有同名笔记"


router = APIRouter(prefix="/v1/notes", tags=["notes"])


@router.post("", status_code=201, responses=problems(NoteExists, NotFound))
async def create_note(body: NoteCreate, session: SessionDep, who: CurrentPrincipal) -> NoteRead:
    ensure_covers(who, "area", area=body.area)
    if await session.scalar(select(Note).where(Note.title == body.title)):
        raise NoteExists(f"'{body.title}' exists")
    note = Note(title=body.title, area=body.area)
    session.add(note)
    await session.flush()
    await record_event(
        session,
        source="/weimin/sample",
        subject=str(note.id),
        payload=NoteCreated(title=note.title),
    )
    await asyncio.sleep(0)  # a yield point, so concurrent duplicates really interleave
    return NoteRead(id=note.id, title=note.title, area=note.area)


@router.post("/secret", status_code=201, responses=problems(NoteExists, NotFound))
async def create_secret_note(
    body: NoteCreate, response: Response, session: SessionDep, who: CurrentPrincipal
) -> NoteRead:
    """Answers something shown once (`no-store`), like a second factor's secret."""
    response.headers["Cache-Control"] = "no-store"
    return await create_note(body, session, who)


@router.post("/then-fail", status_code=201)
async def create_then_fail(body: NoteCreate, session: SessionDep, who: CurrentPrincipal) -> None:
    note = Note(title=body.title, area=body.area)
    session.add(note)
    await session.flush()
    await record_event(
        session,
        source="/weimin/sample",
        subject=str(note.id),
        payload=NoteCreated(title=note.title),
    )
    raise RuntimeError("boom after a write: secret-internal-detail")


@router.post("/raw-duplicate", status_code=201)
async def create_unchecked(body: NoteCreate, session: SessionDep, who: CurrentPrincipal) -> None:
    session.add(Note(title=body.title, area=body.area))


@router.get("")
async def list_notes(
    session: SessionDep, who: CurrentPrincipal, page: PageDep, newest_first: bool = False
) -> Page[NoteRead]:
    statement = select(Note)
    if not who.is_admin:
        statement = statement.where(Note.area.in_(who.scope_ids("area")))
    return await paginate(
        session,
        statement,
        Note.id,
        page,
        lambda n: NoteRead(id=n.id, title=n.title, area=n.area),
        parse_key=uuid.UUID,
        newest_first=newest_first,
    )


class Seen(Base):
    """One row per audited read (`GET /v1/notes/{title}/audited`)."""

    __tablename__ = "seen"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(100))


class NoteSeen(BaseModel):
    title: str
    seen: int


@router.get("/{title}/audited")
async def read_audited(title: str, session: WriteSessionDep, who: CurrentPrincipal) -> NoteSeen:
    """A GET that must write: it counts, then records the read (as an export audit does)."""
    await session.scalar(select(func.count()).select_from(Note))
    await asyncio.sleep(0)  # a yield point, so concurrent readers really interleave
    session.add(Seen(title=title))
    await session.flush()
    seen = await session.scalar(select(func.count()).select_from(Seen).where(Seen.title == title))
    return NoteSeen(title=title, seen=int(seen or 0))


@router.get("/{title}/unaudited-write")
async def read_then_write(title: str, session: SessionDep, who: CurrentPrincipal) -> NoteSeen:
    """The defect a read session refuses: a plain GET that writes."""
    await session.scalar(select(func.count()).select_from(Note))
    session.add(Seen(title=title))
    await session.flush()
    return NoteSeen(title=title, seen=1)


@router.get("/{title}/bulk-update")
async def read_then_update(title: str, session: SessionDep, who: CurrentPrincipal) -> NoteSeen:
    """The same defect through a Core UPDATE instead of the unit of work."""
    await session.execute(update(Note).where(Note.title == title).values(area="moved"))
    return NoteSeen(title=title, seen=0)


@router.get("/{title}/raw-write")
async def read_then_raw_write(title: str, session: SessionDep, who: CurrentPrincipal) -> NoteSeen:
    """And through a textual statement."""
    await session.execute(text("DELETE FROM seen WHERE title = :title"), {"title": title})
    return NoteSeen(title=title, seen=0)


@router.get("/admin-only")
async def admin_only(
    who: Annotated[Principal, Depends(require_roles("admin"))],
    q: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, int]:
    return {"q": q}


@router.get("/for-partners")
async def for_partners(
    who: Annotated[Principal, Depends(require_partner_scope("integration:grid-units.read"))],
) -> dict[str, str]:
    """A route of the partner exchange: a partner client's token with one scope."""
    return {"subject": who.subject}


@router.get("/whoami")
async def whoami(who: CurrentPrincipal) -> dict[str, str]:
    """A person's route: any signed-in person."""
    return {"subject": who.subject}


def create_app(settings: ServiceSettings | None = None) -> object:
    return create_service_app(
        settings or ServiceSettings(service_name="sample"),
        title="Sample",
        metadata=Base.metadata,
        routers=[router],
        migrations_dir=MIGRATIONS_DIR,
        events=SAMPLE_EVENTS,
    )
