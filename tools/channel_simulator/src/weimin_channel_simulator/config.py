"""What the simulator accepts: one application per provider, the group robots and their
keys or signing secrets. Defaults are public, made-up values (README.md lists them); a JSON
file (`--config`) replaces any part, leaving the rest at its default."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class WeComConfig:
    corp_id: str = "ww-sim-corp"
    corp_secret: str = "sim-wecom-secret"  # noqa: S105 - public, made up
    agent_id: int = 1000002
    #: The corporation's user ids; None: every user id exists.
    users: list[str] | None = None
    #: Group robots' webhook keys (`/cgi-bin/webhook/send?key=`).
    robot_keys: list[str] = field(default_factory=lambda: ["sim-wecom-robot"])


@dataclass
class DingTalkConfig:
    app_key: str = "ding-sim-app"
    app_secret: str = "sim-dingtalk-secret"  # noqa: S105 - public, made up
    agent_id: int = 2000001
    #: Custom robots: access_token → signing secret (`SEC…`), or None for a robot without
    #: signing (the simulator then checks nothing but the token).
    robots: dict[str, str | None] = field(
        default_factory=lambda: {"sim-dingtalk-robot": "SECsim-dingtalk-robot-secret"}
    )


@dataclass
class WeChatConfig:
    app_id: str = "wx-sim-app"
    app_secret: str = "sim-wechat-secret"  # noqa: S105 - public, made up
    #: Template ids the account has; None: any id.
    templates: list[str] | None = None
    #: Openids that have unfollowed (answered 43004) and that never existed (40003).
    unsubscribed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@dataclass
class Config:
    wecom: WeComConfig = field(default_factory=WeComConfig)
    dingtalk: DingTalkConfig = field(default_factory=DingTalkConfig)
    wechat_oa: WeChatConfig = field(default_factory=WeChatConfig)
    #: Access tokens' lifetime (the providers' is 7200 s).
    token_seconds: int = 7200
    #: Messages a group robot takes a minute (both providers: 20).
    robot_per_minute: int = 20


def load(path: Path | None) -> Config:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path else {}
    return from_dict(raw)


def from_dict(raw: dict[str, Any]) -> Config:
    # An unknown key is refused (TypeError) rather than silently ignored: a mistyped
    # secret name would otherwise leave the default in place.
    return Config(
        wecom=WeComConfig(**raw.get("wecom", {})),
        dingtalk=DingTalkConfig(**raw.get("dingtalk", {})),
        wechat_oa=WeChatConfig(**raw.get("wechat_oa", {})),
        token_seconds=int(raw.get("token_seconds", 7200)),
        robot_per_minute=int(raw.get("robot_per_minute", 20)),
    )
