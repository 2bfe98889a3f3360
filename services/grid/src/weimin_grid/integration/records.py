"""What every batch of the exchange does with one record before its own rules: read it
into its model, or answer it rejected with each field and reason."""

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from weimin_grid.integration.schemas import RecordIssue, RecordResult
from weimin_kit.problem_language import Language, validation_reason

Record = TypeVar("Record")


def rejected(index: int, ref: str | None, field: str, reason: str) -> RecordResult:
    issue = RecordIssue(field=field, reason=reason)
    return RecordResult(index=index, partner_ref=ref, outcome="rejected", issues=[issue])


def partner_ref_of(raw: Mapping[str, Any]) -> str | None:
    """The record's `partner_ref` as sent, to name it in a rejection (if it is a string)."""
    ref = raw.get("partner_ref")
    return ref if isinstance(ref, str) else None


def read_record(
    adapter: TypeAdapter[Record], index: int, raw: Mapping[str, Any], language: Language
) -> Record | RecordResult:
    """`raw` as the model, or rejected naming every field pydantic refused (in `language`)."""
    try:
        return adapter.validate_python(raw)
    except ValidationError as error:
        issues = [
            RecordIssue(
                field=".".join(str(part) for part in issue["loc"]) or "record",
                reason=validation_reason(issue, language),
            )
            for issue in error.errors()
        ]
        return RecordResult(index=index, partner_ref=partner_ref_of(raw), outcome="rejected",
                            issues=issues)  # fmt: skip
