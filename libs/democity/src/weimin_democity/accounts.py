"""Ids of the demo accounts, shared by every service's demo data."""

import uuid

from weimin_democity.ids import derive_id

DEMO_USERNAMES = ("street01", "community01", "grid001", "grid002", "volunteer01")


def demo_account_id(seed: int, username: str) -> uuid.UUID:
    """The id the org-registry's demo loader gives the demo account `username`."""
    return derive_id(seed, "account", username)
