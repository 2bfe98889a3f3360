"""Text messages through the kit's SMS sender: the provider's approved template for the
notice's kind, filled with its variables, and the one-line text it stands for. The embedded
default writes them to a local outbox file a person can read (`var/sms/notifications.jsonl`).
"""

from dataclasses import dataclass
from typing import ClassVar

from weimin_kit.clock import Clock
from weimin_kit.pii import InvalidPhone, validate_mobile
from weimin_kit.sms import SmsSender
from weimin_notifications.channels.base import OutgoingMessage, Target, TargetGone


@dataclass(frozen=True, slots=True)
class SmsChannel:
    name: ClassVar[str] = "sms"

    sender: SmsSender
    signature: str
    clock: Clock

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        try:
            phone = validate_mobile(target.address)
        except InvalidPhone:
            raise TargetGone("not a mainland mobile number") from None
        text = f"【{self.signature}】{message.short or message.body}"
        await self.sender.send(
            phone, text, purpose=message.kind, at=self.clock(), variables=message.variables
        )
        return None
