"""Sign-in throttling: growing waits instead of lockouts, counted in the database.

A lockout lets anyone lock anyone out and tells which usernames exist; a per-address
limit of a few a minute locks out an office behind one NAT address. Instead failures are
counted under three keys (see `LoginThrottle`): one username from one address waits 1,
2, 4 … s (capped) after a few free failures; one address hits a generous hourly ceiling;
one username from many addresses slows down too, but never from an address the account
signed in from before, so its owner keeps getting in. Every key is the username as typed,
never whether an account exists, so unknown usernames are counted and answered alike.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.errors import RateLimited
from weimin_org_registry.config import Settings
from weimin_org_registry.identity import repository
from weimin_org_registry.identity.models import LoginThrottle

USER_CLIENT, CLIENT, USER = "user_client", "client", "user"
SECOND_FACTOR = "second_factor"  # one account's codes, any address


class SignInThrottled(RateLimited):
    """429 with Retry-After; the same for any username, existing or not."""


@dataclass(frozen=True, slots=True)
class Attempt:
    username: str
    client: str

    def keys(self) -> list[tuple[str, str]]:
        return [
            (USER_CLIENT, f"{self.username}|{self.client}"),
            (CLIENT, self.client),
            (USER, self.username),
        ]


async def ensure_not_throttled(
    session: AsyncSession, attempt: Attempt, known_client: bool, now: datetime
) -> None:
    """Refuse while any of the attempt's keys is waiting (the username-wide key does not
    hold back the account's known clients).

    The username's keys are locked before the password is checked, and held until the
    attempt's transaction ends, so concurrent guesses at one username queue and each sees
    the wait the one before it earned: a burst sent as a wait ends gets one guess, not a
    hundred. (SQLite's write transactions serialise anyway; this is for PostgreSQL.) The
    address key is only read: locking it would queue a whole office behind one NAT
    address on each other's password hashing, and its ceiling is generous by design.
    """
    user_client, client, user = attempt.keys()
    rows = [
        *await repository.claim_throttles(session, [user_client, user], now),
        *await repository.throttles(session, [client]),
    ]
    waits = [
        row.blocked_until
        for row in rows
        if row.blocked_until is not None
        and row.blocked_until > now
        and not (row.kind == USER and known_client)
    ]
    if waits:
        raise _throttled(max(waits), now)


async def record_failure(
    session: AsyncSession, settings: Settings, attempt: Attempt, now: datetime
) -> int | None:
    """Count a wrong password; the seconds the attempt's own key now waits, if any."""
    # A counter untouched for a window would restart at its next failure anyway.
    forgotten = now - timedelta(seconds=settings.login_window_seconds)
    await repository.forget_stale_throttles(session, forgotten, now)
    rows = await repository.claim_throttles(session, attempt.keys(), now)
    for row in rows:
        fixed = row.kind == CLIENT
        _count(row, settings.login_window_seconds, now, fixed_window=fixed)
        if row.kind == USER_CLIENT:
            _grow(row, settings, settings.login_free_failures, now)
        elif row.kind == USER:
            _grow(row, settings, settings.login_user_free_failures, now)
        elif row.failures >= settings.login_client_max_failures:
            row.blocked_until = row.window_start + timedelta(seconds=settings.login_window_seconds)
    own = next(row for row in rows if row.kind == USER_CLIENT)
    return _seconds(own.blocked_until, now) if own.blocked_until else None


async def record_success(session: AsyncSession, attempt: Attempt) -> None:
    """The owner got in from here: their own slate is clean. The address and username-wide
    counts stay, or an attacker who knows one password could wipe them."""
    await repository.delete_throttles(session, [attempt.keys()[0]])


async def ensure_second_factor_not_throttled(
    session: AsyncSession, account_key: str, now: datetime
) -> None:
    # Locked until the attempt ends, like the password keys: concurrent codes across many
    # challenges queue here instead of all being checked at once.
    (row,) = await repository.claim_throttles(session, [(SECOND_FACTOR, account_key)], now)
    if row.blocked_until is not None and row.blocked_until > now:
        raise _throttled(row.blocked_until, now)


async def record_second_factor_failure(
    session: AsyncSession, settings: Settings, account_key: str, now: datetime
) -> None:
    (row,) = await repository.claim_throttles(session, [(SECOND_FACTOR, account_key)], now)
    _count(row, settings.login_window_seconds, now, fixed_window=False)
    _grow(row, settings, settings.login_free_failures, now)


async def record_second_factor_success(session: AsyncSession, account_key: str) -> None:
    await repository.delete_throttles(session, [(SECOND_FACTOR, account_key)])


def delay_seconds(settings: Settings, failures_past_free: int) -> int:
    """1, 2, 4 … × the base for the 1st, 2nd, 3rd … failure past the free ones, capped."""
    if failures_past_free <= 0:
        return 0
    exponent = min(failures_past_free - 1, 30)
    return int(
        min(settings.login_delay_base_seconds * 2**exponent, settings.login_delay_cap_seconds)
    )


def _count(row: LoginThrottle, window_seconds: int, now: datetime, *, fixed_window: bool) -> None:
    # Per-username keys are forgotten a window after their last failure (a slow attacker
    # never gets a fresh start); the per-address ceiling counts per fixed window.
    since = row.window_start if fixed_window else row.updated_at
    if since + timedelta(seconds=window_seconds) <= now:
        row.failures, row.window_start, row.blocked_until = 0, now, None
    row.failures += 1
    row.updated_at = now


def _grow(row: LoginThrottle, settings: Settings, free: int, now: datetime) -> None:
    wait = delay_seconds(settings, row.failures - free)
    if wait:
        row.blocked_until = now + timedelta(seconds=wait)


def _seconds(moment: datetime, now: datetime) -> int:
    return max(1, int((moment - now).total_seconds() + 0.999))


def _throttled(until: datetime, now: datetime) -> SignInThrottled:
    wait = _seconds(until, now)
    return SignInThrottled(wait, f"Too many failed sign-ins; try again in {wait} s")
