from pydantic import BaseModel, Field, HttpUrl


class PublicKey(BaseModel):
    #: The VAPID public key (base64url, uncompressed P-256 point): the browser's
    #: `applicationServerKey`.
    public_key: str


class SubscriptionKeys(BaseModel):
    p256dh: str = Field(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_=-]+$")
    auth: str = Field(min_length=8, max_length=100, pattern=r"^[A-Za-z0-9_=-]+$")


class PushSubscriptionCreate(BaseModel):
    """The browser's PushSubscription, as `subscription.toJSON()` gives it."""

    endpoint: HttpUrl
    keys: SubscriptionKeys
    expirationTime: int | None = None  # noqa: N815 (the browser's own name)
    #: What the person calls this device ("我的手机").
    label: str | None = Field(default=None, max_length=60)


class PushSubscriptionEnd(BaseModel):
    endpoint: HttpUrl
