"""Text messages to mobile phones (one-time sign-in codes).

`SmsSender` is the interface a service sends through. The embedded default,
`OutboxSmsSender`, sends nothing: it appends each message as one JSON line to a local
outbox file (`var/sms/<service>.jsonl`, the launcher puts it under its var dir) that a
person running the platform can read. A real provider (Aliyun, Tencent Cloud SMS …)
replaces it by implementing `send` and being chosen in `sms_sender_for`.

A message's text holds a secret (a code): it goes to the outbox or the provider only,
never to a log line. `send` logs nothing but the purpose.
"""

import asyncio
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol

from pydantic import Field

from weimin_kit.settings import ServiceSettings


class SmsSender(Protocol):
    async def send(
        self,
        phone: str,
        text: str,
        *,
        purpose: str,
        at: datetime,
        variables: Mapping[str, str] | None = None,
    ) -> None:
        """Deliver `text` to the 11-digit mobile `phone`; `purpose` names the message kind
        (`sign-in`, `register`, `reset-password`, `alarm.raised`) whose approved template a
        provider fills with `variables` (Chinese providers send templates, not free text)."""
        ...


@dataclass(frozen=True, slots=True)
class OutboxSmsSender:
    """Writes messages to a JSON-lines file instead of sending them (development, demos,
    tests): `{"at", "to", "purpose", "text"}` per line, and `variables` when given. The
    file is created with mode 0600; it holds live codes, so it belongs in the service's
    private var dir."""

    path: Path

    def _append(self, line: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(line + "\n")

    async def send(
        self,
        phone: str,
        text: str,
        *,
        purpose: str,
        at: datetime,
        variables: Mapping[str, str] | None = None,
    ) -> None:
        line = json.dumps(
            {
                "at": at.isoformat(),
                "to": phone,
                "purpose": purpose,
                "text": text,
                **({"variables": dict(variables)} if variables else {}),
            },
            ensure_ascii=False,
        )
        # One short append, off the event loop all the same.
        await asyncio.to_thread(self._append, line)


class SmsSettings(ServiceSettings):
    """The settings of a service that sends text messages (under its own env prefix)."""

    #: `outbox`: the local outbox file below; a real provider is added as another choice.
    sms_sender: Literal["outbox"] = "outbox"
    #: The outbox file; default `var/sms/<service>.jsonl` (the launcher sets it under its
    #: var dir).
    sms_outbox: Path | None = None
    #: The signature a provider puts before the text (【为民】).
    sms_signature: str = Field(default="为民", max_length=16)


def sms_sender_for(settings: SmsSettings) -> SmsSender:
    return OutboxSmsSender(
        settings.sms_outbox or Path("var/sms") / f"{settings.service_name}.jsonl"
    )
