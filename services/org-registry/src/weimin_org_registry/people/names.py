"""Search people by part of their name through the gram index (`person_name_grams`).

A name is indexed under each of its characters and each pair of neighbouring characters.
A search for `q` narrows to the people indexed under every pair in `q` (or its one
character), then checks `name LIKE '%q%'` on those few: the scan of every name is gone.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select

from weimin_org_registry.people.models import PersonNameGram


def name_grams(name: str) -> set[str]:
    text = name.strip()
    return {*text, *(text[i : i + 2] for i in range(len(text) - 1))}


def gram_rows(people: Iterable[tuple[uuid.UUID, str]], now: datetime) -> list[dict[str, Any]]:
    return [
        {"gram": gram, "person_id": person_id, "created_at": now, "updated_at": now}
        for person_id, name in people
        for gram in sorted(name_grams(name))
    ]


def _search_grams(q: str) -> set[str]:
    text = q.strip()
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    return pairs or set(text)


def grams_suffice(q: str) -> bool:
    """A query of one or two characters is a gram itself: the index answers it exactly.
    Longer ones need the name checked (a name holding both pairs of 罗祥文 need not hold
    them side by side)."""
    return len(q) <= 2 and q == q.strip()


def indexed_under_grams(person_id: Any, q: str) -> list[ColumnElement[bool]]:
    """Filters keeping the ids in `person_id` indexed under every gram of `q`; unless
    `grams_suffice(q)`, the caller still checks `name LIKE '%q%'` on what is left."""
    return [
        person_id.in_(select(PersonNameGram.person_id).where(PersonNameGram.gram == gram))
        for gram in sorted(_search_grams(q))
    ]
