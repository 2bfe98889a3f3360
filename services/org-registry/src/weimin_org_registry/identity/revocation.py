"""Announcing revoked sign-ins, so that their access tokens stop working at once.

Each revocation is written, in the transaction that revokes the refresh tokens, twice: into
this service's own `revoked_sessions` (its own `CurrentPrincipal` refuses the tokens) and as
a `session.revoked` event to the outbox (every other service writes it into its own table;
see weimin_kit.revocation).
"""

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import RevocationReason, SessionRevoked
from weimin_kit.outbox import record_event
from weimin_kit.revocation import Revocation, record_revocation

SOURCE = "/weimin/org-registry"


async def announce(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    session_ids: Collection[uuid.UUID],
    reason: RevocationReason,
    now: datetime,
    keep_seconds: int,
    whole_account: bool = False,
    keep_until: datetime | None = None,
) -> None:
    """Revoke the tokens of `session_ids`; with `whole_account`, also every token of the
    account issued before now (tokens carry whole seconds: the sessions name those of this
    second, and a sign-in in the next second is not caught). `keep_until`: refuse them at
    least until then, for tokens outliving an access token (a partner's Open311 key)."""
    if not session_ids and not whole_account:
        return  # nothing was live: nothing to refuse
    payload = SessionRevoked(
        account_id=account_id,
        session_ids=sorted(session_ids),
        issued_before=now.replace(microsecond=0) if whole_account else None,
        reason=reason,
        revoked_at=now,
        keep_until=keep_until,
    )
    await record_revocation(
        session,
        Revocation(
            reason=payload.reason,
            revoked_at=payload.revoked_at,
            session_ids=payload.session_ids,
            account_id=payload.account_id,
            issued_before=payload.issued_before,
            keep_until=keep_until,
        ),
        keep_seconds=keep_seconds,
        now=now,
    )
    await record_event(
        session,
        source=SOURCE,
        # One subject per account: its revocations reach each consumer in order.
        subject=str(account_id),
        payload=payload,
    )
