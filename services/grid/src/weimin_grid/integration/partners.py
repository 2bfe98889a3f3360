"""Who is calling the exchange: a partner client, by the scopes its token grants."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from weimin_grid.integration.rate_limit import PartnerRateLimits
from weimin_kit.auth import PARTNER_SUBJECT_PREFIX, Principal, require_partner_scope
from weimin_kit.errors import Problem, RateLimited, raises


def _partner(scope: str) -> Callable[..., Awaitable[Principal]]:
    """The kit's partner check, the caller noted on the request for the call audit
    (audit.py reads it once the answer is out), then the client's rate limit: only a
    verified token spends its client's calls, and a refused call is audited too."""

    @raises(RateLimited)
    async def dependency(
        request: Request, partner: Annotated[Principal, Depends(require_partner_scope(scope))]
    ) -> Principal:
        note_partner(request, partner)
        limits: PartnerRateLimits = request.app.state.partner_rate_limits
        decision = await limits.take(client_id(partner), partner)
        # rate_limit.RateLimitHeaders writes it into the answer's RateLimit fields.
        request.state.partner_rate = decision
        if not decision.allowed:
            raise RateLimited(decision.retry_after)
        return partner

    return dependency


def note_partner(request: Request, partner: Principal) -> None:
    """Marks the request as a partner's call, for the call audit (audit.py)."""
    request.state.partner_client = client_id(partner)
    request.state.partner_area = next(
        (s for s in partner.scopes if s.startswith(("street:", "community:"))), ""
    )


PopulationWriter = Annotated[Principal, Depends(_partner("integration:population.write"))]
AddressWriter = Annotated[Principal, Depends(_partner("integration:addresses.write"))]
AddressReader = Annotated[Principal, Depends(_partner("integration:addresses.read"))]
EventsReceiver = Annotated[Principal, Depends(_partner("integration:events.receive"))]
IncidentWriter = Annotated[Principal, Depends(_partner("integration:incidents.write"))]
IncidentReader = Annotated[Principal, Depends(_partner("integration:incidents.read"))]
GridUnitReader = Annotated[Principal, Depends(_partner("integration:grid-units.read"))]


class IdempotencyKeyRequired(Problem):
    status_code = 428
    code = "idempotency-key-required"
    title = "Every write to the exchange needs an Idempotency-Key"
    title_zh = "数据交换的每次写入都需要 Idempotency-Key"


async def _idempotency_key(
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> str:
    """The kit's middleware replays a repeated key; this only insists that one is sent, so a
    partner's retry after a lost answer can never store a batch twice."""
    if idempotency_key is None:
        raise IdempotencyKeyRequired("Send an Idempotency-Key header with every write")
    return idempotency_key


IdempotencyKey = Annotated[str, Depends(_idempotency_key)]


def client_id(partner: Principal) -> str:
    return partner.subject.removeprefix(PARTNER_SUBJECT_PREFIX)
