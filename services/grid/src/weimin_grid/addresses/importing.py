"""Importing an address list: each row matched against ours and answered on its own.

A row is matched by its code first, then (no code known) by its normalised fields
(normalise.py): never by similarity. Rows that can be written are written; a bad row is
reported with its field and reason and never stops the others. `dry_run` answers the same
without writing: that is matching a list against ours.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.addresses.models import StandardAddress
from weimin_grid.addresses.normalise import FIELDS, comparison_key, full_text
from weimin_grid.addresses.schemas import (
    AddressImportResult,
    AddressRow,
    RowIssue,
    RowOutcome,
    RowResult,
)
from weimin_grid.scope import covers
from weimin_grid.units.models import GridUnit
from weimin_kit.auth import Principal
from weimin_kit.problem_language import Language, validation_reason

_ROW = TypeAdapter(AddressRow)

_OUTSIDE = {"en": "is outside your area", "zh-CN": "不在您的管辖范围内"}
_TWICE = {"en": "appears twice in this list (row {row})", "zh-CN": "在本清单中重复（第 {row} 行）"}
_KNOWN_AS = {
    "en": "this address is already known under code {code}",
    "zh-CN": "该地址已登记为编码 {code}",
}
_NEEDS_CODE = {"en": "is needed to add a new address", "zh-CN": "新增地址时必填"}
_NO_UNIT = {"en": "no grid unit has this code", "zh-CN": "没有该编码的网格"}
_SAME_AS = {
    "en": "the new fields are those of the address with code {code}",
    "zh-CN": "修改后的地址与编码 {code} 的地址相同",
}


@dataclass
class _Batch:
    """What the rows name, read in three queries."""

    by_code: dict[str, StandardAddress]
    by_key: dict[str, list[StandardAddress]]
    units: dict[str, GridUnit]
    #: Codes and keys taken by earlier rows of this list.
    seen_codes: dict[str, int] = field(default_factory=dict)
    seen_keys: dict[str, int] = field(default_factory=dict)


def _fields(row: AddressRow) -> dict[str, str | None]:
    return {name: getattr(row, name) for name in FIELDS}


def _validated(raw: Mapping[str, Any], language: Language) -> AddressRow | list[RowIssue]:
    try:
        return _ROW.validate_python(raw)
    except ValidationError as error:
        return [
            RowIssue(
                field=".".join(str(part) for part in issue["loc"]) or "row",
                reason=validation_reason(issue, language),
            )
            for issue in error.errors()
        ]


async def _read_batch(session: AsyncSession, rows: Sequence[AddressRow]) -> _Batch:
    codes = {row.code for row in rows if row.code}
    keys = {comparison_key(_fields(row)) for row in rows}
    unit_codes = {row.grid_unit_code for row in rows if row.grid_unit_code}
    by_code = {
        address.code: address
        for address in await session.scalars(
            select(StandardAddress).where(StandardAddress.code.in_(codes))
        )
    }
    by_key: dict[str, list[StandardAddress]] = {}
    for address in await session.scalars(
        select(StandardAddress).where(StandardAddress.comparison_key.in_(keys))
    ):
        by_key.setdefault(address.comparison_key, []).append(address)
    units = {
        unit.code: unit
        for unit in await session.scalars(select(GridUnit).where(GridUnit.code.in_(unit_codes)))
    }
    return _Batch(by_code=by_code, by_key=by_key, units=units)


def _in_scope(principal: Principal, place: StandardAddress | GridUnit) -> bool:
    grid = place.id if isinstance(place, GridUnit) else place.grid_unit_id
    return covers(principal, street=place.street_id, community=place.community_id, grid=grid)


class _Importer:
    def __init__(
        self, session: AsyncSession, principal: Principal, language: Language, dry_run: bool
    ) -> None:
        self.session = session
        self.principal = principal
        self.language = language
        self.dry_run = dry_run

    def _say(self, texts: Mapping[str, str], **values: object) -> str:
        return texts[self.language].format(**values)

    def _refused(
        self, number: int, outcome: RowOutcome, field_name: str, reason: str, code: str | None
    ) -> RowResult:
        issue = RowIssue(field=field_name, reason=reason)
        return RowResult(row=number, outcome=outcome, code=code, issues=[issue])

    def _place_in(self, row: AddressRow, batch: _Batch, number: int) -> GridUnit | RowResult:
        if row.grid_unit_code is None:
            return self._refused(
                number, "rejected", "grid_unit_code", self._say(_NEEDS_CODE), row.code
            )
        unit = batch.units.get(row.grid_unit_code)
        if unit is None:
            return self._refused(
                number, "rejected", "grid_unit_code", self._say(_NO_UNIT), row.code
            )
        if not _in_scope(self.principal, unit):
            reason = self._say(_OUTSIDE)
            return self._refused(number, "rejected", "grid_unit_code", reason, row.code)
        return unit

    def _write(self, address: StandardAddress, row: AddressRow, unit: GridUnit | None) -> None:
        fields = _fields(row)
        for name, value in fields.items():
            setattr(address, name, value)
        address.full_text = full_text(fields)
        address.comparison_key = comparison_key(fields)
        if unit is not None:
            address.grid_unit_id = unit.id
            address.street_id = unit.street_id
            address.community_id = unit.community_id

    def one(self, number: int, row: AddressRow, batch: _Batch) -> RowResult:
        key = comparison_key(_fields(row))
        if row.code and row.code in batch.seen_codes:
            reason = self._say(_TWICE, row=batch.seen_codes[row.code])
            return self._refused(number, "rejected", "code", reason, row.code)
        if key in batch.seen_keys:
            reason = self._say(_TWICE, row=batch.seen_keys[key])
            return self._refused(number, "rejected", "row", reason, row.code)
        if row.code:
            batch.seen_codes[row.code] = number
        batch.seen_keys[key] = number
        known = batch.by_code.get(row.code) if row.code else None
        if known is not None:
            return self._known_code(number, row, known, key, batch)
        same_place = batch.by_key.get(key, [])
        if same_place:
            address = same_place[0]
            if not _in_scope(self.principal, address):
                return self._refused(number, "rejected", "row", self._say(_OUTSIDE), row.code)
            if row.code:
                reason = self._say(_KNOWN_AS, code=address.code)
                return self._refused(number, "conflict", "code", reason, row.code)
            return RowResult(
                row=number, outcome="matched", matched_by="fields", address_id=address.id,
                code=address.code,
            )  # fmt: skip
        if not row.code:
            return self._refused(number, "rejected", "code", self._say(_NEEDS_CODE), None)
        unit = self._place_in(row, batch, number)
        if isinstance(unit, RowResult):
            return unit
        address = StandardAddress(id=uuid.uuid4(), code=row.code)
        self._write(address, row, unit)
        if not self.dry_run:
            self.session.add(address)
        batch.by_code[row.code] = address
        return RowResult(row=number, outcome="created", address_id=address.id, code=row.code)

    def _known_code(
        self, number: int, row: AddressRow, known: StandardAddress, key: str, batch: _Batch
    ) -> RowResult:
        if not _in_scope(self.principal, known):
            return self._refused(number, "rejected", "code", self._say(_OUTSIDE), row.code)
        moved_to = None
        if row.grid_unit_code and row.grid_unit_code not in _unit_codes_of(known, batch):
            moved = self._place_in(row, batch, number)
            if isinstance(moved, RowResult):
                return moved
            moved_to = moved
        others = [a for a in batch.by_key.get(key, []) if a.id != known.id]
        if others:
            reason = self._say(_SAME_AS, code=others[0].code)
            return self._refused(number, "conflict", "row", reason, row.code)
        if known.comparison_key == key and moved_to is None and _same_text(known, row):
            return RowResult(
                row=number, outcome="unchanged", matched_by="code", address_id=known.id,
                code=known.code,
            )  # fmt: skip
        if not self.dry_run:
            self._write(known, row, moved_to)
        return RowResult(
            row=number, outcome="updated", matched_by="code", address_id=known.id, code=known.code
        )


def _unit_codes_of(address: StandardAddress, batch: _Batch) -> set[str]:
    return {code for code, unit in batch.units.items() if unit.id == address.grid_unit_id}


def _same_text(address: StandardAddress, row: AddressRow) -> bool:
    return all(getattr(address, name) == getattr(row, name) for name in FIELDS)


async def import_addresses(
    session: AsyncSession,
    principal: Principal,
    raw_rows: Sequence[Mapping[str, Any]],
    *,
    dry_run: bool,
    language: Language,
) -> AddressImportResult:
    importer = _Importer(session, principal, language, dry_run)
    checked = [_validated(raw, language) for raw in raw_rows]
    batch = await _read_batch(session, [row for row in checked if isinstance(row, AddressRow)])
    results = []
    for number, row in enumerate(checked, start=1):
        if isinstance(row, list):
            results.append(RowResult(row=number, outcome="rejected", issues=row))
        else:
            results.append(importer.one(number, row, batch))
    if not dry_run:
        await session.flush()
    counts: dict[RowOutcome, int] = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return AddressImportResult(dry_run=dry_run, counts=counts, results=results)
