"""Password policy and Argon2id hashing.

Hashing is CPU- and memory-heavy by design, so it runs in a worker thread and never
blocks the event loop.
"""

import asyncio
import secrets
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from weimin_kit.errors import InvalidInput
from weimin_org_registry.config import Settings

MIN_LENGTH = 12
LENGTH_WITHOUT_CLASSES = 16

# The most guessed 12+ character passwords, plus the ones people make from this project.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789abc",
        "1qaz2wsx3edc",
        "1q2w3e4r5t6y",
        "qwertyuiop12",
        "qwerty123456",
        "qwertyuiopas",
        "password1234",
        "password123!",
        "passw0rd1234",
        "p@ssw0rd1234",
        "p@ssword1234",
        "iloveyou1234",
        "abc123456789",
        "abcd12345678",
        "aa123456789!",
        "admin1234567",
        "admin@123456",
        "administrator",
        "welcome12345",
        "letmein12345",
        "changeme1234",
        "woaini123456",
        "woaini520520",
        "5201314520a!",
        "zxcvbnm12345",
        "asdfghjkl123",
        "weimin123456",
        "weimin@12345",
        "dali12345678",
        "dali@1234567",
        "dalicity2024",
        "111111111111",
        "000000000000",
        "666666666666",
        "888888888888",
        "aaaaaaaaaaaa",
    }
)


class PasswordPolicyViolated(InvalidInput):
    code = "password-policy"
    title = "The password does not meet the password policy"
    title_zh = "密码不符合密码策略"


def password_problems(password: str, username: str) -> list[tuple[str, str]]:
    """Every reason `password` is refused, as (code, reason) pairs; empty when it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(("too-short", f"must be at least {MIN_LENGTH} characters long"))
    classes = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if classes < 3 and len(password) < LENGTH_WITHOUT_CLASSES:
        problems.append(
            (
                "too-simple",
                "must mix at least three of lower-case letters, upper-case letters, digits "
                f"and symbols, or be at least {LENGTH_WITHOUT_CLASSES} characters long",
            )
        )
    if username and username.casefold() in password.casefold():
        problems.append(("contains-username", "must not contain the username"))
    if password.casefold() in COMMON_PASSWORDS:
        problems.append(("too-common", "is one of the most commonly used passwords"))
    return problems


def check_password_policy(password: str, username: str, field: str = "body.password") -> None:
    problems = password_problems(password, username)
    if problems:
        raise PasswordPolicyViolated(
            "; ".join(f"password {reason}" for _, reason in problems),
            errors=[{"field": field, "reason": reason, "code": code} for code, reason in problems],
        )


def generate_password(username: str) -> str:
    """A random password that satisfies the policy (24 url-safe characters, ~144 bits)."""
    while True:
        candidate = secrets.token_urlsafe(18)
        if not password_problems(candidate, username):
            return candidate


class Passwords:
    """Argon2id with the configured cost; verification upgrades hashes of an older cost."""

    def __init__(self, settings: Settings) -> None:
        self.hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost_kib,
            parallelism=settings.argon2_parallelism,
        )

    @cached_property
    def _dummy_hash(self) -> str:
        hashed: str = self.hasher.hash(secrets.token_urlsafe(16))
        return hashed

    async def hash(self, password: str) -> str:
        hashed: str = await asyncio.to_thread(self.hasher.hash, password)
        return hashed

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Verify against a dummy hash when there is no account, so timing reveals nothing."""
        target = password_hash if password_hash is not None else self._dummy_hash
        try:
            await asyncio.to_thread(self.hasher.verify, target, password)
        except (VerificationError, InvalidHashError):
            return False
        return password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        needs: bool = self.hasher.check_needs_rehash(password_hash)
        return needs
