"""Actual population from a partner, in batches of up to 1,000 records answered one by one.

A record is the partner's person (their id: `partner_ref`) living at a standard address.
The id map (`PartnerLink`) finds our resident; a person new to the map but already on our
register (same identity number) is linked, not registered twice. Fields are merged three
ways against the digest kept at the partner's last sync: a field only the partner changed
is applied, one only we changed is kept, and one both changed is kept as ours and reported
as a conflict for a person to settle. The identity number is never overwritten.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import ResidentMovedIn
from weimin_grid.addresses.models import StandardAddress
from weimin_grid.integration import records
from weimin_grid.integration.models import PartnerLink, SyncConflict
from weimin_grid.integration.partners import client_id
from weimin_grid.integration.schemas import (
    BatchResult,
    PersonRecord,
    RecordOutcome,
    RecordResult,
)
from weimin_grid.models import Base
from weimin_grid.registry.models import Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.scope import covers
from weimin_kit.auth import Principal
from weimin_kit.bulk import insert_rows
from weimin_kit.db import plan_each_statement
from weimin_kit.ids import new_id
from weimin_kit.outbox import event_row, record_events
from weimin_kit.pii import (
    InvalidIdCard,
    InvalidPhone,
    decode_valid,
    validate_id_card,
    validate_mobile,
)
from weimin_kit.problem_language import Language
from weimin_kit.types import utcnow

KIND = "person"
#: The fields a sync merges (the identity number is the person, never merged).
SYNCED_FIELDS = ("name", "phone", "ethnicity", "registration", "relation_to_head", "household")
_RECORD = TypeAdapter(PersonRecord)

_REASONS: dict[str, dict[Language, str]] = {
    "id_card_number": {"en": "not a valid identity number: {detail}", "zh-CN": "身份证号无效"},
    "phone": {"en": "not a mainland mobile number: {detail}", "zh-CN": "不是有效的大陆手机号"},
    "address_code": {
        "en": "no home in your area is joined to this standard address",
        "zh-CN": "您的辖区内没有关联到该标准地址的住户",
    },
    "repeated": {
        "en": "appears twice in this batch (record {index})",
        "zh-CN": "在本批次中重复（第 {index} 条）",
    },
    "elsewhere": {
        "en": "this person is on the register outside your area",
        "zh-CN": "此人已在您的辖区外登记",
    },
    "anonymised": {
        "en": "this person's record was anonymised",
        "zh-CN": "此人的信息已匿名化",
    },
}


@dataclass(frozen=True, slots=True)
class _Home:
    """A home joined to a standard address: where a person sent to it lives (its columns
    only: a thousand ORM households a batch cost more than the rest of the lookup)."""

    id: uuid.UUID
    grid_unit_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class _Person:
    index: int
    record: PersonRecord
    id_card: str
    id_card_index: str
    phone: str | None


class _Sync:
    def __init__(
        self,
        session: AsyncSession,
        partner: Principal,
        vault: PersonalDataVault,
        language: Language,
    ) -> None:
        self.session = session
        self.partner = partner
        self.client = client_id(partner)
        self.vault = vault
        self.language = language
        self.now = utcnow()
        # Written in one statement once every record is answered (record_events says why).
        self.events: list[dict[str, Any]] = []
        self.new_residents: list[dict[str, Any]] = []
        self.new_links: list[dict[str, Any]] = []
        self.confirmed_links: list[uuid.UUID] = []

    def reason(self, key: str, **values: object) -> str:
        return _REASONS[key][self.language].format(**values)

    def rejected(self, index: int, ref: str | None, field: str, reason: str) -> RecordResult:
        return records.rejected(index, ref, field, reason)

    def validated(self, index: int, raw: Mapping[str, Any]) -> _Person | RecordResult:
        ref = records.partner_ref_of(raw)
        record = records.read_record(_RECORD, index, raw, self.language)
        if isinstance(record, RecordResult):
            return record
        try:
            id_card = validate_id_card(record.id_card_number)
        except InvalidIdCard as exc:
            reason = self.reason("id_card_number", detail=exc)
            return self.rejected(index, ref, "id_card_number", reason)
        try:
            phone = None if record.phone is None else validate_mobile(record.phone)
        except InvalidPhone as exc:
            return self.rejected(index, ref, "phone", self.reason("phone", detail=exc))
        return _Person(index, record, id_card, self.vault.id_card_index(id_card), phone)

    # Digests of field values: what the id map keeps, never the values themselves.
    def _digest(self, field: str, value: object) -> str:
        text = "" if value is None else str(value)
        return self.vault.blind_index.digest(text, context=f"partner_links.{field}")

    def _incoming(self, person: _Person, home: _Home) -> dict[str, str]:
        record = person.record
        phone = None if person.phone is None else self.vault.phone_index(person.phone)
        values = {
            "name": record.name,
            "phone": phone,
            "ethnicity": record.ethnicity,
            "registration": record.registration,
            "relation_to_head": record.relation_to_head,
            "household": home.id,
        }
        return {field: self._digest(field, values[field]) for field in SYNCED_FIELDS}

    def _local(self, resident: Resident) -> dict[str, str]:
        values = {
            "name": resident.name,
            "phone": resident.phone_index,
            "ethnicity": resident.ethnicity,
            "registration": resident.registration,
            "relation_to_head": resident.relation_to_head,
            "household": resident.household_id,
        }
        return {field: self._digest(field, values[field]) for field in SYNCED_FIELDS}

    def _apply(self, resident: Resident, person: _Person, home: _Home, field: str) -> None:
        record = person.record
        if field == "phone":
            sealed = None if person.phone is None else self.vault.seal_phone(person.phone)
            resident.phone_cipher = None if sealed is None else sealed.cipher
            resident.phone_index = None if sealed is None else sealed.index
        elif field == "household":
            moved_from = resident.household_id
            resident.household_id = home.id
            resident.grid_unit_id = home.grid_unit_id
            resident.street_id = home.street_id
            resident.community_id = home.community_id
            self._moved_in(
                ResidentMovedIn(
                    resident_id=resident.id,
                    household_id=home.id,
                    from_household_id=moved_from,
                    grid_unit_id=home.grid_unit_id,
                    registration=resident.registration,
                )
            )
        else:
            setattr(resident, field, getattr(record, field))

    def _moved_in(self, moved: ResidentMovedIn) -> None:
        self.events.append(
            event_row(source="/weimin/grid", subject=str(moved.resident_id), payload=moved)
        )

    def merge(
        self,
        person: _Person,
        home: _Home,
        resident: Resident,
        link: PartnerLink | None,
    ) -> RecordResult:
        """Three-way merge of one known person; a first link has no base, so any field
        that differs is kept as ours and reported."""
        incoming = self._incoming(person, home)
        local = self._local(resident)
        base: Mapping[str, str] = link.synced if link is not None else {}
        applied, conflicts = [], []
        for field in SYNCED_FIELDS:
            if incoming[field] == local[field] or incoming[field] == base.get(field):
                continue  # the same, or only we changed it: ours stands
            if local[field] == base.get(field):
                self._apply(resident, person, home, field)
                applied.append(field)
            else:
                conflicts.append(field)
        if link is None:
            link = PartnerLink(
                client_id=self.client,
                kind=KIND,
                partner_ref=person.record.partner_ref,
                local_id=resident.id,
            )
            self.session.add(link)
        if link.synced == incoming:
            self.confirmed_links.append(link.id)  # only its time changes: see `write`
        else:
            link.synced = incoming
            link.synced_at = self.now
        if applied:
            resident.version += 1
        if conflicts:
            self.record_conflict(person, resident, conflicts)
        outcome: RecordOutcome = "conflict" if conflicts else "updated" if applied else "unchanged"
        return RecordResult(
            index=person.index,
            partner_ref=person.record.partner_ref,
            outcome=outcome,
            local_id=resident.id,
            applied_fields=applied,
            conflict_fields=conflicts,
        )

    def record_conflict(self, person: _Person, resident: Resident, fields: list[str]) -> None:
        self.session.add(
            SyncConflict(
                client_id=self.client,
                kind=KIND,
                partner_ref=person.record.partner_ref,
                local_id=resident.id,
                fields=fields,
                grid_unit_id=resident.grid_unit_id,
                street_id=resident.street_id,
                community_id=resident.community_id,
            )
        )

    def register(self, person: _Person, home: _Home) -> RecordResult:
        """A person new to us, kept as rows to insert with the batch's others (`write`)."""
        record = person.record
        sealed_id = self.vault.seal_id_card(person.id_card)
        sealed_phone = None if person.phone is None else self.vault.seal_phone(person.phone)
        resident_id = new_id()
        born, gender = decode_valid(person.id_card)
        self.new_residents.append(
            {
                "id": resident_id,
                "household_id": home.id,
                "grid_unit_id": home.grid_unit_id,
                "street_id": home.street_id,
                "community_id": home.community_id,
                "name": record.name,
                "gender": gender,
                "birth_date": born,
                "ethnicity": record.ethnicity,
                "registration": record.registration,
                "care_tags": [],
                "relation_to_head": record.relation_to_head,
                "id_card_cipher": sealed_id.cipher,
                "id_card_index": sealed_id.index,
                "phone_cipher": None if sealed_phone is None else sealed_phone.cipher,
                "phone_index": None if sealed_phone is None else sealed_phone.index,
                "version": 1,
            }
        )
        self.new_links.append(
            {
                "client_id": self.client,
                "kind": KIND,
                "partner_ref": record.partner_ref,
                "local_id": resident_id,
                "synced": self._incoming(person, home),
                "synced_at": self.now,
            }
        )
        self._moved_in(
            ResidentMovedIn(
                resident_id=resident_id,
                household_id=home.id,
                from_household_id=None,
                grid_unit_id=home.grid_unit_id,
                registration=record.registration,
            )
        )
        return RecordResult(
            index=person.index, partner_ref=record.partner_ref, outcome="accepted",
            local_id=resident_id,
        )  # fmt: skip

    async def write(self) -> None:
        """The batch's changes: the ORM's (merged people, their links, conflicts), then the
        new people, their links, the sync time of links found unchanged, and every event,
        each kind in one statement (COPY on PostgreSQL: an ORM object or an UPDATE a
        record cost more than the rest of the record's work together)."""
        await self.session.flush()
        if self.new_residents:
            await insert_rows(self.session, _table(Resident), self.new_residents)
            await insert_rows(self.session, _table(PartnerLink), self.new_links)
        if self.confirmed_links:
            await self.session.execute(
                update(PartnerLink)
                .where(PartnerLink.id.in_(self.confirmed_links))
                .values(synced_at=self.now)
                .execution_options(synchronize_session=False)
            )
        await record_events(self.session, self.events)

    def in_area(self, place: _Home | Resident) -> bool:
        return covers(
            self.partner,
            street=place.street_id,
            community=place.community_id,
            grid=place.grid_unit_id,
        )


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


@dataclass
class _Known:
    """What a batch's records name, read in four queries."""

    links: dict[str, PartnerLink]
    residents_by_id: dict[uuid.UUID, Resident]
    residents_by_index: dict[str, Resident]
    homes: dict[str, _Home]


async def _read_known(session: AsyncSession, sync: _Sync, people: Sequence[_Person]) -> _Known:
    refs = {person.record.partner_ref for person in people}
    links = {
        link.partner_ref: link
        for link in await session.scalars(
            select(PartnerLink).where(
                PartnerLink.client_id == sync.client,
                PartnerLink.kind == KIND,
                PartnerLink.partner_ref.in_(refs),
            )
        )
    }
    indexes = {person.id_card_index for person in people}
    linked_ids = {link.local_id for link in links.values()}
    # Two queries, each on its own index: one with `OR` scans the whole register.
    residents = {
        resident.id: resident
        for condition in (Resident.id.in_(linked_ids), Resident.id_card_index.in_(indexes))
        for resident in await session.scalars(select(Resident).where(condition))
    }.values()
    codes = {person.record.address_code for person in people}
    homes = {
        row.code: _Home(row.id, row.grid_unit_id, row.street_id, row.community_id)
        for row in await session.execute(
            select(
                StandardAddress.code,
                Household.id,
                Household.grid_unit_id,
                Household.street_id,
                Household.community_id,
            )
            .join(Household, Household.standard_address_id == StandardAddress.id)
            .where(StandardAddress.code.in_(codes))
        )
    }
    return _Known(
        links=links,
        residents_by_id={resident.id: resident for resident in residents},
        residents_by_index={
            resident.id_card_index: resident for resident in residents if resident.id_card_index
        },
        homes=homes,
    )


async def sync_population(
    session: AsyncSession,
    partner: Principal,
    vault: PersonalDataVault,
    raw_records: Sequence[Mapping[str, Any]],
    language: Language,
    first_index: int = 0,
) -> BatchResult:
    """`first_index`: the number of the first record (0 in a batch; a file's data rows
    count from 1)."""
    sync = _Sync(session, partner, vault, language)
    await plan_each_statement(session)
    checked = [sync.validated(index, raw) for index, raw in enumerate(raw_records, first_index)]
    people = [person for person in checked if isinstance(person, _Person)]
    known = await _read_known(session, sync, people)
    seen_refs: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    results: list[RecordResult] = []
    for person in checked:
        if isinstance(person, RecordResult):
            results.append(person)
            continue
        results.append(_one(sync, known, person, seen_refs, seen_cards))
    await sync.write()
    counts: dict[RecordOutcome, int] = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return BatchResult(counts=counts, results=results)


def _one(
    sync: _Sync,
    known: _Known,
    person: _Person,
    seen_refs: dict[str, int],
    seen_cards: dict[str, int],
) -> RecordResult:
    ref = person.record.partner_ref
    index = person.index
    for seen, key, field in (
        (seen_refs, ref, "partner_ref"),
        (seen_cards, person.id_card, "id_card_number"),
    ):
        if key in seen:
            return sync.rejected(index, ref, field, sync.reason("repeated", index=seen[key]))
    seen_refs[ref] = seen_cards[person.id_card] = index
    home = known.homes.get(person.record.address_code)
    if home is None or not sync.in_area(home):
        return sync.rejected(index, ref, "address_code", sync.reason("address_code"))
    link = known.links.get(ref)
    resident = (
        known.residents_by_id.get(link.local_id)
        if link is not None
        else known.residents_by_index.get(person.id_card_index)
    )
    if resident is None:
        return sync.register(person, home)
    if not sync.in_area(resident):
        return sync.rejected(index, ref, "id_card_number", sync.reason("elsewhere"))
    if resident.anonymised_at is not None:
        return sync.rejected(index, ref, "partner_ref", sync.reason("anonymised"))
    if resident.id_card_index != person.id_card_index:
        sync.record_conflict(person, resident, ["id_card_number"])
        return RecordResult(
            index=index, partner_ref=ref, outcome="conflict", local_id=resident.id,
            conflict_fields=["id_card_number"],
        )  # fmt: skip
    return sync.merge(person, home, resident, link)
