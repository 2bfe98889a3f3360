"""Ids of the demo accounts, shared by every service's demo data."""

import uuid

from weimin_democity.ids import derive_id

DEMO_USERNAMES = ("street01", "community01", "grid001", "grid002", "volunteer01", "neighbour01")

#: A resident of grid001's unit whose household is in that unit's joint-defence group, so
#: the demo can raise a neighbour's alarm that reaches grid001's phone.
DEMO_NEIGHBOUR_USERNAME = "neighbour01"


def demo_account_id(seed: int, username: str) -> uuid.UUID:
    """The id the org-registry's demo loader gives the demo account `username`."""
    return derive_id(seed, "account", username)
