"""What the WeCom, DingTalk and WeChat Official Account channels share: a cached access
token, a group robot's pace, the call that turns transport trouble into `ChannelError`, and
the mapping of the providers' `errcode` answers.

These providers put the access token (and a robot's key) in the query string, so httpx's
own request log line would write it to the service log: `quiet_query_strings` makes that
line show the path only.
"""

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any

import httpx

from weimin_notifications.channels.base import ChannelError, RateLimited, TargetGone

#: Monotonic seconds; tests pass a hand-moved clock.
Clock = Callable[[], float]

#: Both WeCom and DingTalk group robots take 20 messages a minute each.
ROBOT_PER_MINUTE = 20
ROBOT_WINDOW_SECONDS = 60.0
#: Every provider's "system busy, try again".
SYSTEM_BUSY = -1


class AccessToken:
    """One application's access token, fetched once and shared by every send until shortly
    before `expires_in` runs out (the providers count fetches, and WeChat's new token ends
    the old one), or until the provider says it is no longer good."""

    def __init__(
        self, fetch: Callable[[], Awaitable[tuple[str, float]]], clock: Clock = time.monotonic
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._token: str | None = None
        self._until = 0.0
        # Many deliveries may find the token stale at once: one fetch, the rest wait for it.
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        if self._token is not None and self._clock() < self._until:
            return self._token
        async with self._lock:
            if self._token is None or self._clock() >= self._until:
                token, expires_in = await self._fetch()
                # Renew a little early: a token that expires in flight costs a round trip.
                self._until = self._clock() + expires_in - min(300.0, expires_in / 10)
                self._token = token
            return self._token

    def drop(self, token: str) -> None:
        """Forget `token` (the provider refused it); a newer one fetched meanwhile stays."""
        if self._token == token:
            self._token = None


async def with_token(
    token: AccessToken,
    post: Callable[[str], Awaitable[dict[str, Any]]],
    is_stale: Callable[[dict[str, Any]], bool],
) -> dict[str, Any]:
    """`post` with the current token; once more with a fresh one if the provider answers
    that the token is invalid or expired (revoked, or fetched anew elsewhere)."""
    current = await token.get()
    answer = await post(current)
    if is_stale(answer):
        token.drop(current)
        answer = await post(await token.get())
    return answer


class RobotPace:
    """Each group robot's sends of the last minute, so the 21st is held back here (as
    `RateLimited`) instead of being refused by the provider, which for DingTalk also stops
    the robot for ten minutes. Per process: several dispatcher processes sharing one robot
    each keep their own count, and the provider's refusal still maps to `RateLimited`."""

    def __init__(
        self,
        per_minute: int = ROBOT_PER_MINUTE,
        clock: Clock = time.monotonic,
        window: float = ROBOT_WINDOW_SECONDS,
    ) -> None:
        self.per_minute = per_minute
        self.window = window
        self._clock = clock
        self._sends: dict[str, deque[float]] = {}

    def take(self, robot: str, channel: str) -> None:
        """Counts one send to `robot`, or raises `RateLimited` until its oldest send of the
        window is a minute old."""
        now = self._clock()
        sends = self._sends.setdefault(robot, deque())
        while sends and sends[0] <= now - self.window:
            sends.popleft()
        if len(sends) >= self.per_minute:
            wait = sends[0] + self.window - now
            raise RateLimited(f"{channel}: {self.per_minute} a minute reached", max(wait, 0.1))
        sends.append(now)


async def call(
    http: httpx.AsyncClient,
    channel: str,
    method: str,
    url: str,
    *,
    params: Mapping[str, str] | None = None,
    json: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One request to a provider and its JSON answer. `from None` throughout: the httpx
    exception's text and chain hold the URL, with its token."""
    try:
        response = await http.request(method, url, params=params, json=json)
    except httpx.TimeoutException:
        raise ChannelError(f"{channel}: timed out") from None
    except httpx.HTTPError:
        raise ChannelError(f"{channel}: unreachable") from None
    status = response.status_code
    if status == 429:
        raise RateLimited(f"{channel}: http 429", _retry_after(response))
    if status >= 400:
        raise ChannelError(f"{channel}: http {status}", retryable=status >= 500)
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise ChannelError(f"{channel}: unreadable answer")
    return answer


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(float(response.headers.get("retry-after", "60")), 1.0)
    except ValueError:
        return 60.0


def errcode(answer: Mapping[str, Any]) -> int:
    """The answer's code: 0 when there is none (WeChat's token answer has none)."""
    try:
        return int(answer.get("errcode", 0))
    except (TypeError, ValueError):
        return SYSTEM_BUSY


def refused(
    channel: str,
    code: int,
    *,
    gone: Collection[int] = (),
    limited: Mapping[int, float] | None = None,
    retryable: Collection[int] = (SYSTEM_BUSY,),
) -> ChannelError:
    """The error for a provider's non-zero `code`. Its `errmsg` is left out of the reason:
    providers echo user ids, IP addresses and hints there. Codes not named are not retried
    (credentials, permissions, malformed messages: trying again changes nothing)."""
    reason = f"{channel}: errcode {code}"
    if limited and code in limited:
        return RateLimited(reason, limited[code])
    if code in gone:
        return TargetGone(reason)
    return ChannelError(reason, retryable=code in retryable)


def clip(text: str, max_bytes: int) -> str:
    """`text` cut to the provider's byte limit (UTF-8), on a character boundary."""
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[: max_bytes - 3].decode(errors="ignore") + "…"


def joined(link_base: str, link: str | None) -> str | None:
    return None if link is None else link_base.rstrip("/") + "/" + link.lstrip("/")


def robot_address_ok(address: str, api_base: str, path: str, key_param: str) -> bool:
    """A robot's webhook address must be the provider's (the configured base) with its key:
    an address is entered by staff, and must not make the service post anywhere else."""
    try:
        url, base = httpx.URL(address), httpx.URL(api_base)
    except httpx.InvalidURL:
        return False
    return (
        (url.scheme, url.host, url.port) == (base.scheme, base.host, base.port)
        and url.path == base.path.rstrip("/") + path
        and bool(url.params.get(key_param))
    )


class _QuietQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                arg.copy_with(query=None) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True


_QUIET = _QuietQueryStrings()


def quiet_query_strings() -> None:
    """httpx logs each request's URL at INFO: keep query strings (tokens, secrets, robot
    keys) out of that line for every request of this process. Idempotent."""
    logger = logging.getLogger("httpx")
    if _QUIET not in logger.filters:
        logger.addFilter(_QUIET)
