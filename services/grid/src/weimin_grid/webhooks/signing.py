"""Standard Webhooks signatures (the `standardwebhooks` reference library): `webhook-id`,
`webhook-timestamp` and `webhook-signature` with one `v1,…` per live secret, so a partner
verifying with either the old or the new secret during a rotation succeeds."""

import base64
import secrets
from datetime import datetime

from standardwebhooks import Webhook

from weimin_kit.pii.crypto import FieldCipher

_CONTEXT = "webhook_subscriptions.secret"


def new_secret() -> str:
    """A `whsec_` secret of 32 random bytes, as Standard Webhooks writes them."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def seal(cipher: FieldCipher, secret: str) -> str:
    return cipher.encrypt(secret, context=_CONTEXT)


def open_secret(cipher: FieldCipher, sealed: str) -> str:
    return cipher.decrypt(sealed, context=_CONTEXT)


def headers(message_id: str, at: datetime, body: str, signing_secrets: list[str]) -> dict[str, str]:
    signatures = [Webhook(secret).sign(message_id, at, body) for secret in signing_secrets]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
    }
