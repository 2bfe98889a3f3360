"""Signing keys and tokens for tests of services other than the issuer."""

import time
import uuid
from collections.abc import Iterable
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from weimin_kit.auth import StaticKeySource, keys_from_jwks


class TestKeys:
    """An ES256 key pair standing in for the org-registry's signing key."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, issuer: str = "weimin-org-registry", audience: str = "weimin") -> None:
        self.issuer = issuer
        self.audience = audience
        self.kid = "test-" + uuid.uuid4().hex[:8]
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        public_jwk = jwt.algorithms.ECAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**public_jwk, "kid": self.kid, "alg": "ES256", "use": "sig"}]}

    def key_source(self) -> StaticKeySource:
        return StaticKeySource(keys_from_jwks(self.jwks))

    def token(
        self,
        *,
        roles: Iterable[str] = (),
        scopes: Iterable[str] = (),
        subject: str | None = None,
        lifetime_seconds: int = 900,
        **claims: Any,
    ) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject or str(uuid.uuid4()),
            "iat": now,
            "exp": now + lifetime_seconds,
            "jti": uuid.uuid4().hex,
            "typ": "access",
            "roles": list(roles),
            "scopes": list(scopes),
            # As after a sign-in with password and second factor; pass amr=["pwd"] to test
            # a route's refusal of a password-only sign-in.
            "amr": ["pwd", "otp"],
            **claims,
        }
        return jwt.encode(payload, self.private_key, algorithm="ES256", headers={"kid": self.kid})

    def headers(self, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(**kwargs)}"}
