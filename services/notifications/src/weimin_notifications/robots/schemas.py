import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, HttpUrl, model_validator

RobotChannel = Literal["wecom_robot", "dingtalk_robot"]
ScopeKind = Literal["community", "grid_unit"]


class RobotCreate(BaseModel):
    model_config = {"extra": "forbid"}

    channel: RobotChannel
    scope_kind: ScopeKind
    scope_id: uuid.UUID
    #: The community the place is in (the place itself for a community's robot).
    community_id: uuid.UUID
    name: str = Field(min_length=1, max_length=60)
    #: The robot's webhook address as the group's settings show it (its key included).
    webhook_url: HttpUrl
    #: A DingTalk robot's signing secret (`SEC…`); WeCom robots have none.
    secret: str | None = Field(default=None, min_length=8, max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> "RobotCreate":
        if self.scope_kind == "community" and self.scope_id != self.community_id:
            raise ValueError("a community's robot has scope_id equal to community_id")
        if self.channel == "dingtalk_robot" and self.secret is None:
            raise ValueError("a DingTalk robot needs its signing secret (加签)")
        return self


class RobotUpdate(BaseModel):
    model_config = {"extra": "forbid"}

    enabled: bool | None = None
    name: str | None = Field(default=None, min_length=1, max_length=60)


class RobotRead(BaseModel):
    """Never the key or the secret: once saved they are only used, not shown."""

    id: uuid.UUID
    channel: RobotChannel
    scope_kind: ScopeKind
    scope_id: uuid.UUID
    community_id: uuid.UUID | None
    name: str
    #: The webhook's host only.
    webhook_host: str
    signed: bool
    enabled: bool
    created_at: datetime
