"""Property-based: random sequences of actions by random people against the real app.

The model below is the lifecycle as the issue states it; every step checks that the
service did exactly what the model allows (a refused step leaves the wish unchanged), and
that a wish whose claim was withdrawn, declined or expired is back on the wall.
"""

import asyncio
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from wish_world import Callers, FakeClock, build_world, wish_body

from weimin_kit.db import Database
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import TestKeys, create_test_database, drop_test_database
from weimin_kit.testing.databases import backend
from weimin_wishes.app import MIGRATIONS_DIR, create_app
from weimin_wishes.config import Settings

T = TypeVar("T")
HELD = {"claim_pending", "claimed"}
ON_WALL = {"open", "claim_pending", "claimed"}
PUBLIC = ON_WALL | {"fulfilled", "confirmed"}
CANCELLABLE = {"submitted", "open", "claim_pending", "claimed"}
TERMINAL = {"rejected", "cancelled", "confirmed"}
REFUSALS = {403, 404, 409}


class Harness:
    """One app on one committed database, driven from a private event loop."""

    def __init__(self, directory: Path, keys: TestKeys) -> None:
        self.loop = asyncio.new_event_loop()
        self.keys = keys
        self.callers = Callers(keys, build_world())
        self.clock = FakeClock()
        self.url = self.run(create_test_database("wishes-props", directory))
        self.run(self._start())

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    async def _start(self) -> None:
        database = Database.from_url(self.url)
        await upgrade_to_head(database.engine, MIGRATIONS_DIR)
        await database.dispose()
        self.app = create_app(
            Settings(database_url=self.url, environment="test", release_sweep_seconds=0)
        )
        self.lifespan = self.app.router.lifespan_context(self.app)
        await self.lifespan.__aenter__()
        self.app.state.token_verifier.source = self.keys.key_source()
        self.app.state.clock = self.clock
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://wishes.test"
        )

    def close(self) -> None:
        async def stop() -> None:
            await self.client.aclose()
            await self.lifespan.__aexit__(None, None, None)
            await drop_test_database(self.url)

        self.run(stop())
        self.loop.close()


@pytest.fixture
def harness(tmp_path: Path, test_keys: TestKeys) -> Iterator[Harness]:
    built = Harness(tmp_path, test_keys)
    try:
        yield built
    finally:
        built.close()


# The lifecycle's rules are the service's own code: SQLite runs them (CI's first pass). What
# PostgreSQL adds, locks under simultaneous claims, is tested on it by the claim races.
@pytest.mark.skipif(backend() == "postgresql", reason="logic only: run in the SQLite pass")
def test_no_illegal_transition_is_ever_accepted(harness: Harness) -> None:
    h = harness
    callers = h.callers
    claimers = {1: callers.volunteer(1), 2: callers.volunteer(2)}
    visited: set[str] = set()

    class WishLifecycle(RuleBasedStateMachine):
        wish_id: str
        state: str
        claimer: int | None

        def post(self, path: str, headers: dict[str, str], json: Any = None) -> httpx.Response:
            response = h.run(
                h.client.post(f"/v1/wishes/{self.wish_id}{path}", json=json, headers=headers)
            )
            assert response.status_code < 500, response.text
            return response

        def expect(self, response: httpx.Response, allowed: bool, new_state: str) -> None:
            if allowed:
                assert response.status_code in (200, 201, 204), response.text
                self.state = new_state
                visited.add(new_state)
            else:
                assert response.status_code in REFUSALS, response.text

        @initialize(approval=st.sampled_from(["automatic", "community"]))
        def submit(self, approval: str) -> None:
            self.start(approval)

        @precondition(lambda self: self.state in TERMINAL)
        @rule(approval=st.sampled_from(["automatic", "community"]))
        def start_over(self, approval: str) -> None:
            self.start(approval)

        def start(self, approval: str) -> None:
            body = wish_body(callers.world, "A", claim_approval=approval)
            response = h.run(
                h.client.post("/v1/wishes", json=body, headers=callers.grid_worker("A"))
            )
            assert response.status_code == 201
            self.wish_id, self.state, self.claimer = response.json()["id"], "submitted", None
            self.approval = approval
            visited.add(self.state)

        @rule()
        def step_forward(self) -> None:
            """The happy path's next step, so runs reach the deep states often; the other
            rules try every action from wherever the wish is."""
            if self.state == "submitted":
                self.review(approve=True)
            elif self.state == "open":
                self.claim(who=1)
            elif self.state == "claim_pending":
                self.decide_claim(approve=True)
            elif self.state == "claimed":
                assert self.claimer is not None
                self.fulfil(who=self.claimer)
            elif self.state == "fulfilled":
                self.confirm()
            else:
                self.start("community" if self.approval == "automatic" else "automatic")

        @rule(approve=st.booleans())
        def review(self, approve: bool) -> None:
            body = {"decision": "approve"} if approve else {"decision": "reject", "reason": "重复"}
            response = self.post("/review", callers.secretary("C1"), body)
            self.expect(response, self.state == "submitted", "open" if approve else "rejected")

        @rule(who=st.sampled_from([1, 2]))
        def claim(self, who: int) -> None:
            response = self.post("/claim", claimers[who])
            allowed = self.state == "open"
            self.expect(
                response, allowed, "claimed" if self.approval == "automatic" else "claim_pending"
            )
            if allowed:
                self.claimer = who
            elif self.state in HELD:
                assert response.json()["code"] == "wish-already-claimed"

        @rule(approve=st.booleans())
        def decide_claim(self, approve: bool) -> None:
            path = "/claim/approve" if approve else "/claim/decline"
            response = self.post(path, callers.secretary("C1"))
            self.expect(response, self.state == "claim_pending", "claimed" if approve else "open")

        @rule(who=st.sampled_from([1, 2]))
        def withdraw(self, who: int) -> None:
            response = self.post("/claim/withdraw", claimers[who])
            self.expect(response, self.state in HELD and self.claimer == who, "open")

        @rule()
        def deadline_passes(self) -> None:
            h.clock.advance(days=15)
            response = h.run(h.client.post("/v1/wishes/release-overdue", headers=callers.admin()))
            held = self.state in HELD
            assert response.json() == {"released": 1 if held else 0}
            if held:
                self.state = "open"

        @rule(who=st.sampled_from([1, 2]))
        def fulfil(self, who: int) -> None:
            response = self.post("/fulfil", claimers[who], {"proof_photo_url": "/media/p.jpg"})
            self.expect(response, self.state == "claimed" and self.claimer == who, "fulfilled")

        @rule()
        def confirm(self) -> None:
            body = {"thanks_message": "谢谢", "rating": 5}
            response = self.post("/confirm", callers.grid_worker("A"), body)
            self.expect(response, self.state == "fulfilled", "confirmed")

        @rule()
        def cancel(self) -> None:
            response = self.post("/cancel", callers.grid_worker("A"), {"reason": "不需要了"})
            self.expect(response, self.state in CANCELLABLE, "cancelled")

        def teardown(self) -> None:
            # Runs share one database: a wish left holding a claim would be released by a
            # later run's deadline and spoil that run's exact count.
            if getattr(self, "state", None) in HELD:
                self.post("/cancel", callers.admin(), {"reason": "测试结束"})

        @invariant()
        def service_agrees_with_the_model(self) -> None:
            if not hasattr(self, "wish_id"):
                return
            staff = h.run(h.client.get(f"/v1/wishes/{self.wish_id}", headers=callers.admin()))
            assert staff.json()["state"] == self.state
            if self.state == "open":
                assert staff.json()["claimer_id"] is None
            card = h.run(h.client.get(f"/v1/wall/wishes/{self.wish_id}"))
            if self.state in PUBLIC:
                shown = "claimed" if self.state == "claim_pending" else self.state
                assert (card.status_code, card.json()["state"]) == (200, shown)
            else:
                assert card.status_code == 404
            feed = h.run(
                h.client.get(f"/v1/wall/communities/{callers.world.communities['C1']}/wishes")
            )
            on_wall = self.wish_id in {item["id"] for item in feed.json()["items"]}
            assert on_wall == (self.state in ON_WALL)

    WishLifecycle.TestCase.settings = settings(
        max_examples=40,
        stateful_step_count=30,
        # The same runs every time: the coverage check below must not depend on luck.
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    WishLifecycle.TestCase().runTest()
    # The runs reached every state, so every transition above was really exercised.
    assert visited == PUBLIC | TERMINAL | {"submitted", "rejected"}
