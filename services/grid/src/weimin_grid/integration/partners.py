"""Who is calling the exchange: a partner client, by the scopes its token grants."""

from typing import Annotated

from fastapi import Depends, Header

from weimin_kit.auth import PARTNER_SUBJECT_PREFIX, Principal, require_partner_scope
from weimin_kit.errors import Problem

PopulationWriter = Annotated[
    Principal, Depends(require_partner_scope("integration:population.write"))
]
AddressWriter = Annotated[Principal, Depends(require_partner_scope("integration:addresses.write"))]
AddressReader = Annotated[Principal, Depends(require_partner_scope("integration:addresses.read"))]
EventsReceiver = Annotated[Principal, Depends(require_partner_scope("integration:events.receive"))]
IncidentReader = Annotated[Principal, Depends(require_partner_scope("integration:incidents.read"))]
GridUnitReader = Annotated[Principal, Depends(require_partner_scope("integration:grid-units.read"))]


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
