"""What an event means for people, before anyone is told: the kind of notice, who gets it,
and the values its catalogue text is filled with."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Decision:
    #: The event it comes from (`<source>#<id>`): with the recipient and kind, the key that
    #: makes a repeated event tell nobody twice.
    event_id: str
    #: The catalogue key (`alarm.raised`).
    kind: str
    #: Account subjects (deduplicated in order).
    recipients: Sequence[str]
    #: Values for the catalogue's {placeholders}: ids and codes, never personal data.
    variables: Mapping[str, str]
    #: Placeholders whose value is a code to be put into words in each language
    #: (`alarm_kind` → vocabulary `alarm_kind`).
    words: Mapping[str, str] = field(default_factory=dict)
    link: str | None = None
    #: Alarms: sent at once, through quiet hours, by SMS too.
    urgent: bool = False
    data: Mapping[str, Any] = field(default_factory=dict)
    #: The places whose group robots are told too: (`community` | `grid_unit`, id).
    places: Sequence[tuple[str, uuid.UUID]] = ()
    #: When the notice stops being of use (an offer's deadline, a shift's start). Not
    #: urgent, so quiet hours still hold it, unless they would hold it past this: an offer
    #: answered by 23:10 is no use at 08:30, so it goes at once.
    useless_after: datetime | None = None
