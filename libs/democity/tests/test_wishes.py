from collections import Counter
from datetime import UTC, datetime

import pytest

from weimin_democity import City, Resident
from weimin_democity.wishes import CLAIM_DEADLINE, DemoWish, generate_wishes

ANCHOR = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
RULE_TYPES = {
    "anyone": {"member", "volunteer", "organisation", "resident"},
    "members": {"member"},
    "volunteers": {"volunteer"},
    "organisations": {"organisation"},
}


@pytest.fixture(scope="module")
def wishes(city: City) -> list[DemoWish]:
    return generate_wishes(city, ANCHOR)


def test_totals_match_the_source_case(wishes: list[DemoWish]) -> None:
    states = Counter(wish.state for wish in wishes)
    assert states["claimed"] + states["fulfilled"] + states["confirmed"] == 465
    assert states["fulfilled"] + states["confirmed"] == 379
    assert set(states) == {
        "submitted",
        "rejected",
        "open",
        "claim_pending",
        "claimed",
        "fulfilled",
        "confirmed",
        "cancelled",
    }


def test_same_city_gives_the_same_wishes(city: City, wishes: list[DemoWish]) -> None:
    assert generate_wishes(city, ANCHOR) == wishes
    assert len({wish.id for wish in wishes}) == len(wishes)


def test_beneficiaries_are_residents_of_the_wish_grid(
    wishes: list[DemoWish], residents: list[Resident]
) -> None:
    by_id = {resident.id: resident for resident in residents}
    for wish in wishes:
        assert by_id[wish.beneficiary.id] == wish.beneficiary
        assert wish.grid_unit_id == wish.beneficiary.grid_unit_id
        assert wish.community_id == wish.beneficiary.community_id
    assert len({wish.community_id for wish in wishes}) >= 25


def test_claims_fit_their_rules_and_live_claims_are_within_their_deadline(
    wishes: list[DemoWish],
) -> None:
    for wish in wishes:
        has_claim = wish.state in {"claim_pending", "claimed", "fulfilled", "confirmed"}
        assert (wish.claim is not None) == has_claim
        if wish.claim is None:
            continue
        assert wish.claim.claimer_type in RULE_TYPES[wish.claim_rule]
        assert (wish.claim.organisation_id is not None) == (
            wish.claim.claimer_type == "organisation"
        )
        assert wish.published_at is not None
        assert wish.published_at < wish.claim.claimed_at
        if wish.state in {"claim_pending", "claimed"}:
            assert wish.claim.claimed_at + CLAIM_DEADLINE > ANCHOR
        if wish.state == "claim_pending":
            assert wish.claim_approval == "community"


def test_timestamps_follow_the_lifecycle(wishes: list[DemoWish]) -> None:
    for wish in wishes:
        moments = [wish.submitted_at, wish.published_at]
        if wish.claim is not None:
            moments.append(wish.claim.claimed_at)
        moments += [wish.fulfilled_at, wish.confirmed_at]
        present = [moment for moment in moments if moment is not None]
        assert present == sorted(present)
        assert present[-1] <= ANCHOR
        assert (wish.rating is not None) == (wish.state == "confirmed")
        assert (wish.published_at is None) == (wish.state in {"submitted", "rejected"})
