"""What runs: the five services and the gateway, each its own Python process."""

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Process:
    name: str  # "org-registry"
    module: str  # "weimin_org_registry"
    default_port: int
    has_database: bool = True

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
ALL = (*SERVICES, GATEWAY)


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
        else:
            for service in SERVICES:
                env[prefix + service.name.replace("-", "_").upper() + "_URL"] = self.url(service)
        return env

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
        return [sys.executable, "-m", process.module, *args]
