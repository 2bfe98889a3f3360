"""What the simulator remembers while it runs: the tokens it issued, the failures it was told
to answer, each robot's recent sends and every message that arrived. One process, one event
loop: plain containers, no locks."""

import secrets
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from weimin_channel_simulator.config import Config

# Newest first, and no more than this many (a demo left running must not grow forever).
KEEP_ARRIVALS = 1000


@dataclass
class Arrival:
    id: int
    at: float
    channel: str
    recipient: str
    msgtype: str
    title: str
    text: str
    url: str | None
    #: The message calls everyone (@all / isAtAll).
    mentions_all: bool
    #: True: a DingTalk robot signature checked and matching; None: nothing to verify.
    signature_verified: bool | None
    errcode: int
    errmsg: str
    message_id: str | None
    body: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Failure:
    """An answer the next `times` requests to `path` get instead of the real one."""

    path: str
    times: int
    errcode: int | None = None
    errmsg: str = "system busy"
    #: An HTTP status instead of a provider answer (503: the gateway in front is down).
    status: int | None = None


@dataclass
class State:
    config: Config
    clock: Callable[[], float] = time.time
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    tokens_issued: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    robot_sends: dict[str, deque[float]] = field(default_factory=dict)
    arrivals: deque[Arrival] = field(default_factory=lambda: deque(maxlen=KEEP_ARRIVALS))
    _next_id: int = 1

    def issue_token(self, provider: str) -> str:
        token = f"{provider}-{secrets.token_urlsafe(24)}"
        self.tokens[token] = (provider, self.clock() + self.config.token_seconds)
        self.tokens_issued[provider] += 1
        return token

    def token_problem(self, provider: str, token: str | None) -> tuple[int, str] | None:
        """None for a live token of `provider`, else the providers' shared codes."""
        if not token:
            return 41001, "access_token missing"
        issued = self.tokens.get(token)
        if issued is None or issued[0] != provider:
            return 40014, "invalid access_token"
        if issued[1] <= self.clock():
            return 42001, "access_token expired"
        return None

    def expire_tokens(self) -> None:
        now = self.clock()
        self.tokens = {token: (provider, now) for token, (provider, _) in self.tokens.items()}

    def injected(self, path: str) -> Failure | None:
        for failure in self.failures:
            if failure.path == path and failure.times > 0:
                failure.times -= 1
                return failure
        return None

    def robot_allows(self, robot: str) -> bool:
        """Counts one send for `robot` unless it already had its minute's share."""
        now = self.clock()
        sends = self.robot_sends.setdefault(robot, deque())
        while sends and sends[0] <= now - 60:
            sends.popleft()
        if len(sends) >= self.config.robot_per_minute:
            return False
        sends.append(now)
        return True

    def record(self, **fields: Any) -> Arrival:
        arrival = Arrival(id=self._next_id, at=self.clock(), **fields)
        self._next_id += 1
        self.arrivals.appendleft(arrival)
        return arrival

    def reset(self) -> None:
        self.tokens.clear()
        self.tokens_issued.clear()
        self.failures.clear()
        self.robot_sends.clear()
        self.arrivals.clear()
