"""What runs: the five services and the gateway, each its own Python process, and the
local stand-in of the messaging providers (WeCom, DingTalk, WeChat) the notifications
service sends to, so that a newcomer can watch notifications arrive."""

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from weimin_notifications.channels.webpush import VENDOR_PUSH_HOSTS, generate_vapid_keys


@dataclass(frozen=True)
class Process:
    name: str  # "org-registry"
    module: str  # "weimin_org_registry"
    default_port: int
    has_database: bool = True
    #: An outside system's local stand-in (not ours): started with `--port`.
    stand_in: bool = False
    #: Ready when this answers 200.
    ready_path: str = "/readyz"

    @property
    def env_prefix(self) -> str:
        return "WEIMIN_" + self.name.replace("-", "_").upper() + "_"


SERVICES = (
    Process("org-registry", "weimin_org_registry", 8001),
    Process("grid", "weimin_grid", 8002),
    Process("wishes", "weimin_wishes", 8003),
    Process("volunteers", "weimin_volunteers", 8004),
    Process("notifications", "weimin_notifications", 8005),
)
GATEWAY = Process("gateway", "weimin_gateway", 8000, has_database=False)
CHANNEL_SIMULATOR = Process(
    "channel-simulator", "weimin_channel_simulator", 8090,
    has_database=False, stand_in=True, ready_path="/_stats",
)  # fmt: skip
#: A browser vendor's push service (tests hand what it received to the app's service worker).
PUSH_SERVICE = Process(
    "push-service", "weimin_push_service", 8091,
    has_database=False, stand_in=True, ready_path="/_arrivals",
)  # fmt: skip
ALL = (CHANNEL_SIMULATOR, PUSH_SERVICE, *SERVICES, GATEWAY)

#: The channel simulator's own (made-up, public) credentials: see its README.
SIMULATED_CHANNELS = {
    "WECOM_CORP_ID": "ww-sim-corp",
    "WECOM_CORP_SECRET": "sim-wecom-secret",
    "WECOM_AGENT_ID": "1000002",
    "DINGTALK_APP_KEY": "ding-sim-app",
    "DINGTALK_APP_SECRET": "sim-dingtalk-secret",
    "DINGTALK_AGENT_ID": "2000001",
    "WECHAT_APP_ID": "wx-sim-app",
    "WECHAT_APP_SECRET": "sim-wechat-secret",
}


@dataclass
class Layout:
    """Ports, databases and shared settings of one running platform."""

    var_dir: Path
    ports: dict[str, int] = field(default_factory=dict)
    database_urls: dict[str, str] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"

    def port(self, process: Process) -> int:
        return self.ports.get(process.name, process.default_port)

    def url(self, process: Process) -> str:
        return f"http://{self.host}:{self.port(process)}"

    def database_url(self, process: Process) -> str:
        return self.database_urls.get(
            process.name,
            os.environ.get(
                process.env_prefix + "DATABASE_URL",
                f"sqlite+aiosqlite:///{self.var_dir / (process.name + '.db')}",
            ),
        )

    def sms_outbox(self, process: Process) -> Path:
        """The JSON-lines file a service's embedded SMS sender writes (weimin_kit.sms)."""
        return self.var_dir / "sms" / f"{process.name}.jsonl"

    def env(self, process: Process) -> dict[str, str]:
        env = {**os.environ, **self.extra_env}
        prefix = process.env_prefix
        env[prefix + "PORT"] = str(self.port(process))
        env[prefix + "HOST"] = self.host
        org_registry = SERVICES[0]
        env[prefix + "JWKS_URL"] = self.url(org_registry) + "/.well-known/jwks.json"
        if process.has_database:
            env[prefix + "DATABASE_URL"] = self.database_url(process)
            env.update(self.event_env(process, env))
            # Photos on local disk (the default storage) live beside the databases.
            env.setdefault(prefix + "PHOTO_DIR", str(self.var_dir / "photos" / process.name))
            # Links a phone opens (a wish's QR code) go to the platform's public address:
            # WEIMIN_PUBLIC_BASE_URL behind an ingress, else this gateway. A service's own
            # setting wins.
            public = env.get("WEIMIN_PUBLIC_BASE_URL") or self.url(GATEWAY)
            env.setdefault(prefix + "PUBLIC_BASE_URL", public)
            # Text messages (sign-in codes) go to a local outbox file beside them.
            env.setdefault(prefix + "SMS_OUTBOX", str(self.sms_outbox(process)))
            if process.name == "notifications":
                env.update(self.simulated_channels(process, env))
        else:
            for service in SERVICES:
                env[prefix + service.name.replace("-", "_").upper() + "_URL"] = self.url(service)
        return env

    def simulated_channels(self, process: Process, env: dict[str, str]) -> dict[str, str]:
        """WeCom, DingTalk and WeChat at the local channel simulator, unless a setting of
        the notifications service's own (a real provider) says otherwise."""
        prefix = process.env_prefix
        simulator = self.url(CHANNEL_SIMULATOR)
        values = {f"{prefix}{name}": value for name, value in SIMULATED_CHANNELS.items()}
        for provider in ("WECOM", "DINGTALK", "WECHAT"):
            values[f"{prefix}{provider}_API_BASE"] = simulator
        # Web push: the platform's own key, kept in var/, and the local push service
        # accepted beside the browser vendors' (whose hosts the service knows).
        values[f"{prefix}WEB_PUSH_VAPID_PRIVATE_KEY"] = self.vapid_private_key()
        values[f"{prefix}WEB_PUSH_ENDPOINT_HOSTS"] = json.dumps(
            [*VENDOR_PUSH_HOSTS, urlsplit(self.url(PUSH_SERVICE)).hostname]
        )
        return {name: value for name, value in values.items() if name not in env}

    def vapid_private_key(self) -> str:
        """Made on the first run and kept (mode 0600): subscriptions outlive restarts."""
        path = self.var_dir / "notifications" / "vapid-private-key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            private, _public = generate_vapid_keys()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(private)
        return path.read_text().strip()

    def event_env(self, process: Process, env: dict[str, str]) -> dict[str, str]:
        """Events between the services: where each one receives HTTP deliveries, and the
        platform-wide `WEIMIN_EVENTS_<SETTING>` values (`WEIMIN_EVENTS_TRANSPORT=nats`, the
        shared `WEIMIN_EVENTS_SECRET` …) handed to every service under its own prefix."""
        prefix = process.env_prefix
        peers = {service.name: self.url(service) for service in SERVICES}
        values = {prefix + "EVENTS_PEERS": json.dumps(peers)}
        for name, value in env.items():
            if name.startswith("WEIMIN_EVENTS_"):
                values[prefix + name.removeprefix("WEIMIN_")] = value
        # A service's own setting (WEIMIN_WISHES_EVENTS_…) wins over the platform-wide one.
        return {name: value for name, value in values.items() if name not in env}

    def command(self, process: Process, *args: str) -> list[str]:
        if process.stand_in:  # it takes no subcommand, only where to listen
            return [sys.executable, "-m", process.module, "--port", str(self.port(process))]
        return [sys.executable, "-m", process.module, *args]
