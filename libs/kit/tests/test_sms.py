import json
import stat
from datetime import UTC, datetime
from pathlib import Path

from weimin_kit.settings import ServiceSettings
from weimin_kit.sms import OutboxSmsSender, SmsSettings, sms_sender_for


async def test_the_outbox_sender_appends_one_private_json_line_per_message(
    tmp_path: Path,
) -> None:
    outbox = tmp_path / "sms" / "svc.jsonl"
    sender = OutboxSmsSender(outbox)
    at = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    await sender.send("13912345678", "【为民】验证码 123456", purpose="sign-in", at=at)
    await sender.send("13800001111", "second", purpose="register", at=at)
    lines = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {
        "at": "2026-12-07T12:00:00+00:00",
        "to": "13912345678",
        "purpose": "sign-in",
        "text": "【为民】验证码 123456",
    }
    assert lines[1]["to"] == "13800001111"
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o600


def test_the_default_outbox_is_under_the_var_dir_unless_set(tmp_path: Path) -> None:
    assert isinstance(ServiceSettings(), ServiceSettings)
    default = sms_sender_for(SmsSettings(service_name="wishes"))
    assert default == OutboxSmsSender(Path("var/sms/wishes.jsonl"))
    chosen = sms_sender_for(SmsSettings(sms_outbox=tmp_path / "x.jsonl"))
    assert chosen == OutboxSmsSender(tmp_path / "x.jsonl")
