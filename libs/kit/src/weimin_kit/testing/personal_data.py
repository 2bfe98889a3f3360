"""What a full identity number or mobile looks like in a payload a test inspects, for
tests proving that none is shown where it must not be."""

import re

# Not inside a longer run of letters and digits: a random hex id (an ETag, a uuid's hex)
# holds eleven digits in a row now and then (one failed a privacy test in CI so).
FULL_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
FULL_PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def holds_full_number(text: str) -> bool:
    return bool(FULL_ID_CARD.search(text) or FULL_PHONE.search(text))
