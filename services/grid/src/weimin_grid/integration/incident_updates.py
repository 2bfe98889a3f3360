"""Incident assignments and status updates from the partner, in batches answered record by
record.

A record says where an incident of ours stands on the partner's side, in the exchange's
words (`new` … `cancelled`, webhooks/vocabulary.py). We take the shortest run of workflow
steps from the incident's state to one the exchange word covers, each step through
`apply_action`, the same state machine and timeline as a person's action; the steps are
planned in full before the first is taken, so a record is applied whole or not at all.
The partner never reopens an incident (that is the community's call after a return visit),
never marks duplicates, and never confirms an incident it reported itself.

An update older than the incident's last change by anyone else (a person's step after the
partner's time of the change) is not applied: it answers `conflict`, the incident is kept
as ours, and the conflict is listed for staff at `/v1/sync-conflicts`.
"""

import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from pydantic import TypeAdapter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import IncidentState
from weimin_grid.field_time import CLOCK_DRIFT
from weimin_grid.incidents.models import Incident, IncidentChange
from weimin_grid.incidents.schemas import TransitionRequest
from weimin_grid.incidents.service import PartnerOrigin, apply_action
from weimin_grid.incidents.states import CONFIRMING_ACTIONS, Action, next_level, target_state
from weimin_grid.integration import records
from weimin_grid.integration.models import PartnerLink, SyncConflict
from weimin_grid.integration.partners import client_id
from weimin_grid.integration.schemas import (
    BatchResult,
    IncidentUpdateRecord,
    RecordOutcome,
    RecordResult,
)
from weimin_grid.scope import covers
from weimin_grid.webhooks.vocabulary import (
    EXCHANGE_STATES,
    PUBLIC_SECURITY_CATEGORIES,
)
from weimin_kit.auth import Principal
from weimin_kit.problem_language import Language
from weimin_kit.types import utcnow

KIND = "incident"
_RECORD = TypeAdapter(IncidentUpdateRecord)
#: The steps a partner may take, in the order a tie between equally short runs prefers.
PARTNER_STEPS: tuple[Action, ...] = (
    "accept", "assign", "start", "resolve", "verify", "close", "reject", "escalate",
)  # fmt: skip

_REASONS: dict[str, dict[Language, str]] = {
    "which": {
        "en": "give incident_id or a partner_ref an earlier update linked",
        "zh-CN": "请提供 incident_id，或此前更新中已关联的 partner_ref",
    },
    "not_found": {"en": "no such incident", "zh-CN": "没有此事件"},
    "ref_taken": {
        "en": "this partner_ref already names another incident",
        "zh-CN": "该 partner_ref 已对应另一事件",
    },
    "future": {
        "en": "lies more than 5 minutes in the future",
        "zh-CN": "晚于当前时间超过 5 分钟",
    },
    "new": {
        "en": "an incident cannot be made new again",
        "zh-CN": "事件不能改回新上报状态",
    },
    "assign_state": {
        "en": "an assignment is state in_progress",
        "zh-CN": "指派时状态应为 in_progress",
    },
    "illegal": {
        "en": "cannot go from {state} ({exchange}) to {wanted} through the incident workflow",
        "zh-CN": "事件流程不允许从 {state}（{exchange}）变为 {wanted}",
    },
}


def _targets(record: IncidentUpdateRecord) -> frozenset[str]:
    """Our states the record's exchange state covers; an assignment is `assigned`."""
    if record.assigned_to is not None:
        return frozenset({"assigned"})
    return frozenset(ours for ours, word in EXCHANGE_STATES.items() if word == record.state)


def plan_steps(
    incident: Incident, targets: frozenset[str], partner_subject: str, assignment: bool
) -> list[Action] | None:
    """The shortest run of partner steps from the incident's state into `targets` (empty
    when it is there already), or None when the workflow allows none. Checks what
    `apply_action` would refuse on the way (escalation above street level, confirming
    one's own report), so a planned run never stops half-way."""
    if incident.state in targets and not assignment:
        return []
    start = (incident.state, incident.level)
    paths: dict[tuple[str, str], list[Action]] = {start: []}
    queue = deque([start])
    while queue:
        state, level = queue.popleft()
        for action in PARTNER_STEPS:
            reached = target_state(state, action)
            if reached is None:
                continue
            if action in CONFIRMING_ACTIONS and incident.reporter_subject == partner_subject:
                continue
            reached_level = level
            if action == "escalate":
                higher = next_level(level)
                if higher is None:
                    continue
                reached_level = higher
            path = [*paths[(state, level)], action]
            if reached in targets:
                return path
            if (reached, reached_level) not in paths:
                paths[(reached, reached_level)] = path
                queue.append((reached, reached_level))
    return None


class _Updates:
    def __init__(self, session: AsyncSession, partner: Principal, language: Language) -> None:
        self.session = session
        self.partner = partner
        self.client = client_id(partner)
        self.language = language
        self.now = utcnow()
        self.links: dict[str, PartnerLink] = {}

    def reason(self, key: str, **values: object) -> str:
        return _REASONS[key][self.language].format(**values)

    def rejected(self, index: int, ref: str | None, field: str, reason: str) -> RecordResult:
        return records.rejected(index, ref, field, reason)

    def validated(self, index: int, raw: Mapping[str, Any]) -> IncidentUpdateRecord | RecordResult:
        ref = records.partner_ref_of(raw)
        record = records.read_record(_RECORD, index, raw, self.language)
        if isinstance(record, RecordResult):
            return record
        if record.incident_id is None and record.partner_ref is None:
            return self.rejected(index, ref, "incident_id", self.reason("which"))
        if record.occurred_at > self.now + CLOCK_DRIFT:
            return self.rejected(index, ref, "occurred_at", self.reason("future"))
        if record.state == "new":
            return self.rejected(index, ref, "state", self.reason("new"))
        if record.assigned_to is not None and record.state != "in_progress":
            return self.rejected(index, ref, "assigned_to", self.reason("assign_state"))
        return record

    async def load_links(self, updates: Sequence[IncidentUpdateRecord]) -> None:
        refs = {update.partner_ref for update in updates if update.partner_ref}
        if refs:
            for link in await self.session.scalars(
                select(PartnerLink).where(
                    PartnerLink.client_id == self.client,
                    PartnerLink.kind == KIND,
                    PartnerLink.partner_ref.in_(refs),
                )
            ):
                self.links[link.partner_ref] = link

    async def shared_incident(self, incident_id: uuid.UUID | None) -> Incident | None:
        """The incident if the exchange shares it with this client; else None, alike for
        one that does not exist and one the client may not see."""
        incident = None if incident_id is None else await self.session.get(Incident, incident_id)
        if (
            incident is None
            or incident.category_code not in PUBLIC_SECURITY_CATEGORIES
            or not covers(
                self.partner,
                street=incident.street_id,
                community=incident.community_id,
                grid=incident.grid_unit_id,
            )
        ):
            return None
        return incident

    def link(self, ref: str | None, incident: Incident) -> None:
        if ref is None or ref in self.links:
            return
        link = PartnerLink(
            client_id=self.client, kind=KIND, partner_ref=ref, local_id=incident.id,
            synced={}, synced_at=self.now,
        )  # fmt: skip
        self.session.add(link)
        self.links[ref] = link

    async def last_change(self, incident: Incident) -> datetime | None:
        """When the incident last changed, as far as this partner's update must respect:
        the latest line of anyone else, and the partner's own latest time of a change (its
        lines are stamped when they arrived, its `occurred_at` is kept in their data)."""
        others = await self.session.scalar(
            select(func.max(IncidentChange.at)).where(
                IncidentChange.incident_id == incident.id,
                IncidentChange.actor != self.partner.subject,
            )
        )
        own = await self.session.scalar(
            select(IncidentChange.data)
            .where(
                IncidentChange.incident_id == incident.id,
                IncidentChange.actor == self.partner.subject,
            )
            .order_by(IncidentChange.at.desc(), IncidentChange.id.desc())
            .limit(1)
        )
        times = [time for time in (others,) if time is not None]
        if own and own.get("occurred_at"):
            times.append(datetime.fromisoformat(own["occurred_at"]))
        return max(times) if times else None

    def kept_local(self, index: int, ref: str | None, incident: Incident) -> RecordResult:
        self.session.add(
            SyncConflict(
                client_id=self.client,
                kind=KIND,
                partner_ref=ref or str(incident.id),
                local_id=incident.id,
                fields=["state"],
                grid_unit_id=incident.grid_unit_id,
                street_id=incident.street_id,
                community_id=incident.community_id,
            )
        )
        return RecordResult(
            index=index, partner_ref=ref, outcome="conflict", local_id=incident.id,
            conflict_fields=["state"],
        )  # fmt: skip

    async def one(self, index: int, record: IncidentUpdateRecord) -> RecordResult:
        ref = record.partner_ref
        linked = self.links.get(ref) if ref else None
        if linked is not None and record.incident_id not in (None, linked.local_id):
            return self.rejected(index, ref, "partner_ref", self.reason("ref_taken"))
        wanted = record.incident_id or (linked.local_id if linked else None)
        incident = await self.shared_incident(wanted)
        if incident is None:
            field = "incident_id" if record.incident_id else "partner_ref"
            return self.rejected(index, ref, field, self.reason("not_found"))
        targets = _targets(record)
        assignment = record.assigned_to is not None
        if incident.state in targets and not assignment:
            self.link(ref, incident)
            return RecordResult(
                index=index, partner_ref=ref, outcome="unchanged", local_id=incident.id
            )
        last = await self.last_change(incident)
        if last is not None and record.occurred_at < last:
            self.link(ref, incident)
            return self.kept_local(index, ref, incident)
        steps = plan_steps(incident, targets, self.partner.subject, assignment)
        if not steps:
            exchange = EXCHANGE_STATES[cast(IncidentState, incident.state)]
            reason = self.reason(
                "illegal", state=incident.state, exchange=exchange, wanted=record.state
            )
            return self.rejected(index, ref, "state", reason)
        self.link(ref, incident)
        await self.take(incident, record, steps)
        applied = ["state", "assigned_to"] if assignment else ["state"]
        return RecordResult(
            index=index, partner_ref=ref, outcome="updated", local_id=incident.id,
            applied_fields=applied,
        )  # fmt: skip

    async def take(
        self, incident: Incident, record: IncidentUpdateRecord, steps: list[Action]
    ) -> None:
        common: dict[str, Any] = {
            "origin": "partner",
            "client_id": self.client,
            "occurred_at": record.occurred_at.isoformat(),
        }
        if record.partner_ref:
            common["partner_ref"] = record.partner_ref
        for number, action in enumerate(steps, start=1):
            data = dict(common)
            if action == "assign" and record.assigned_to is not None:
                data["assigned_to"] = record.assigned_to
            body = TransitionRequest(
                action=action,
                # The partner's note goes with its last step: the one it reported.
                note=record.note if number == len(steps) else None,
                # With the partner: the unit or officer is its side's, kept as text.
                assignee=self.partner.subject if action == "assign" else None,
            )
            origin = PartnerOrigin(client_id=self.client, timeline_data=data)
            await apply_action(self.session, self.partner, incident, body, self.now, partner=origin)


async def apply_incident_updates(
    session: AsyncSession,
    partner: Principal,
    raw_records: Sequence[Mapping[str, Any]],
    language: Language,
) -> BatchResult:
    """Each record in turn (a later record sees the steps of an earlier one)."""
    updates = _Updates(session, partner, language)
    checked = [updates.validated(index, raw) for index, raw in enumerate(raw_records)]
    await updates.load_links([r for r in checked if isinstance(r, IncidentUpdateRecord)])
    results: list[RecordResult] = []
    for index, record in enumerate(checked):
        if isinstance(record, RecordResult):
            results.append(record)
        else:
            results.append(await updates.one(index, record))
    await session.flush()
    counts: dict[RecordOutcome, int] = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return BatchResult(counts=counts, results=results)
