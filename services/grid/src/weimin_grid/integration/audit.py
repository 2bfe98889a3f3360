"""Every call a partner client makes to the exchange (and every Open311 POST its key
signed), kept for staff: who, what, when, and
how it was answered. Written after the answer, in a short transaction of its own, for
calls whose token was accepted (refused tokens are the gateway's and the log's)."""

import time
import uuid
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from weimin_grid.integration.models import PartnerCall
from weimin_grid.integration.schemas import PartnerCallRead
from weimin_kit.auth import Principal
from weimin_kit.db import Database
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.types import utcnow

AUDITED_PREFIXES = ("/integration/", "/open311/")


class PartnerCallAudit:
    """ASGI middleware: after an `/integration/` or `/open311/` call whose partner
    credentials were accepted (`partners.note_partner`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(AUDITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        started, at = time.perf_counter(), utcnow()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            state = scope.get("state") or {}
            if state.get("partner_client"):
                await self._record(scope, state, status, started, at)

    async def _record(
        self, scope: Scope, state: dict[str, str], status: int, started: float, at: datetime
    ) -> None:
        database: Database = scope["app"].state.database
        async with database.sessionmaker() as session, session.begin():
            session.add(
                PartnerCall(
                    client_id=state["partner_client"],
                    area=state.get("partner_area", ""),
                    method=scope["method"],
                    path=scope["path"][:300],
                    status=status,
                    duration_ms=int((time.perf_counter() - started) * 1000),
                    at=at,
                )
            )


def calls_in_scope(principal: Principal) -> Select[PartnerCall]:
    """Calls of clients whose area the caller covers (an admin: all)."""
    statement = select(PartnerCall)
    if principal.is_admin:
        return statement
    return statement.where(PartnerCall.area.in_(sorted(principal.scopes)))


async def list_calls(
    session: AsyncSession, principal: Principal, page: PageParams, client: str | None
) -> Page[PartnerCallRead]:
    """Newest first."""
    statement = calls_in_scope(principal)
    if client is not None:
        statement = statement.where(PartnerCall.client_id == client)
    return await paginate(
        session, statement, PartnerCall.id, page, PartnerCallRead.model_validate,
        parse_key=uuid.UUID, newest_first=True,
    )  # fmt: skip
