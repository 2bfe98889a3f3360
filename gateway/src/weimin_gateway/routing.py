"""The route table: which public path goes to which service, and what the edge demands.

Data, not code: `/api/v1/<resource>/...` goes to the owning service's `/v1/<resource>/...`.
A resource is public only where listed in PUBLIC_PATHS; everything else needs a valid
access token before the request leaves the gateway.
"""

import re
from dataclasses import dataclass

API_PREFIX = "/api"
VERSIONED_PREFIX = "/api/v1/"

RESOURCES: dict[str, tuple[str, ...]] = {
    "org-registry": (
        "auth",
        "accounts",
        "partner-clients",
        "oauth",
        "signing-keys",
        "sign-in-events",
        "organisations",
        "co-building-agreements",
        "people",
        "party-members",
        "member-reports",
        "big-committee-seats",
        "demonstration-sites",
        "demonstration-directory",
        "joint-meetings",
        "joint-tasks",
        "resource-guarantees",
    ),
    "grid": (
        "grid-units",
        "buildings",
        "households",
        "standard-addresses",
        "residents",
        "data-requests",
        "audit",
        "locate",
        "incident-categories",
        "incidents",
        "incident-statistics",
        "patrols",
        "visits",
        "joint-defence",
        "imports",
        "exports",
        "incident-notifications",
        "incident-photos",
        "webhook-deliveries",
        "sync-conflicts",
        "partner-calls",
    ),
    "wishes": (
        "wishes",
        "wish-photos",
        "wall",
        "kiosk-devices",
        "wish-statistics",
        "claimer-pool",
    ),
    "volunteers": (
        "volunteers",
        "teams",
        "activities",
        "shifts",
        "signups",
        "reminders",
        "skills",
        "stations",
        "service-items",
        "service-requests",
        "tasks",
        "community-pool",
        "hours-entries",
    ),
    "notifications": (
        "notifications",
        "notification-preferences",
        "notification-contacts",
        "notification-robots",
        "notification-deliveries",
        "push",
    ),
}

# Paths outside /api/v1 passed through unchanged.
PASSTHROUGH: dict[str, str] = {"/.well-known/jwks.json": "org-registry"}

# Whole trees outside /api/v1 passed through unchanged: the partner exchange, whose paths
# are a published contract of their own (partner tokens only: the services check them), and
# Open311 GeoReport v2, another city's software's contract.
PREFIX_ROUTES: dict[str, str] = {"/integration/v1": "grid", "/open311/v2": "grid"}

PUBLIC_PATHS = frozenset(
    {
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/second-factor",
        "/api/v1/auth/hints",
        # A kiosk screen exchanging its one-time pairing code (wishes checks the code).
        "/api/v1/wall/kiosk/pair",
        # Sign-up, sign-in and password reset with a mobile number and a texted code.
        "/api/v1/auth/phone-codes",
        "/api/v1/auth/phone-login",
        "/api/v1/auth/register",
        "/api/v1/auth/password-reset",
        # A partner client's OAuth2 client credentials for a token (org-registry checks
        # them); its later calls are limited per client (the token's `sub`).
        "/api/v1/oauth/token",
        "/.well-known/jwks.json",
    }
)

# Read-only (GET/HEAD) public trees: directories anyone may see and wall feeds that kiosks
# read with a device key the owning service checks itself.
PUBLIC_READ_PREFIXES: tuple[str, ...] = ("/api/v1/demonstration-directory", "/api/v1/wall")
# Trees open to every method without a bearer token: Open311 reads are public by its
# specification, and its POST carries the client's `api_key` in the form, which the grid
# checks (rate-limited here per client address, like any public path).
PUBLIC_PREFIXES: tuple[str, ...] = ("/open311/v2",)
_READ_METHODS = frozenset({"GET", "HEAD"})

# Routes whose bodies are files (the services stream them and hold each kind to its own
# limit): larger than the default body limit at the edge.
UPLOAD_PREFIXES: tuple[str, ...] = (
    "/api/v1/imports/",
    "/api/v1/incident-photos",
    "/api/v1/wish-photos",
)

# The routes whose responses are long-lived streams (Server-Sent Events), as (method, path
# template) in the services' own OpenAPI terms: only these go without a read timeout, so
# every other call on the same resource still times out. A test holds this set equal to
# the operations whose exported spec answers `text/event-stream`.
STREAM_ROUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/api/v1/wall/stream"),
        ("GET", "/api/v1/joint-defence/groups/{group_id}/alarms/stream"),
        ("GET", "/api/v1/notifications/stream"),
    }
)


@dataclass(frozen=True, slots=True)
class Target:
    service: str
    # The label metrics use (a template, never a raw path with ids in it).
    path: str
    streaming: bool = False


def _template_pattern(template: str) -> re.Pattern[str]:
    """`/a/{id}/b` -> a pattern where each `{...}` stands for one path segment."""
    parts = re.split(r"\{[^/{}]+\}", template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts) + r"\Z")


class RouteTable:
    def __init__(
        self,
        resources: dict[str, tuple[str, ...]] = RESOURCES,
        passthrough: dict[str, str] = PASSTHROUGH,
        prefix_routes: dict[str, str] = PREFIX_ROUTES,
        public_paths: frozenset[str] = PUBLIC_PATHS,
        stream_routes: frozenset[tuple[str, str]] = STREAM_ROUTES,
        public_read_prefixes: tuple[str, ...] = PUBLIC_READ_PREFIXES,
        public_prefixes: tuple[str, ...] = PUBLIC_PREFIXES,
    ) -> None:
        self.by_resource = {
            resource: Target(service, f"{VERSIONED_PREFIX}{resource}")
            for service, names in resources.items()
            for resource in names
        }
        self.passthrough = {path: Target(service, path) for path, service in passthrough.items()}
        self.prefix_routes = {
            prefix: Target(service, prefix) for prefix, service in prefix_routes.items()
        }
        # Per resource, so an ordinary call pays one dict lookup and no pattern matching.
        self.streams: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for method, template in sorted(stream_routes):
            resource = _resource_of(template)
            if resource not in self.by_resource:
                raise ValueError(f"stream route {template} is not under a routed resource")
            self.streams.setdefault(resource, []).append((method, _template_pattern(template)))
        self.stream_targets = {
            resource: Target(
                self.by_resource[resource].service, f"{VERSIONED_PREFIX}{resource}", True
            )
            for resource in self.streams
        }
        self.public_paths = public_paths
        self.public_read_prefixes = public_read_prefixes
        self.public_prefixes = public_prefixes

    def match(self, path: str, method: str = "GET") -> Target | None:
        if path.startswith(VERSIONED_PREFIX):
            resource = _resource_of(path)
            streams = self.streams.get(resource)
            if streams and any(m == method and p.match(path) for m, p in streams):
                return self.stream_targets[resource]
            return self.by_resource.get(resource)
        exact = self.passthrough.get(path)
        if exact is not None:
            return exact
        for prefix, target in self.prefix_routes.items():
            if path == prefix or path.startswith(prefix + "/"):
                return target
        return None

    def prefixes(self) -> dict[str, str]:
        """Every public path prefix the gateway forwards, with the service it goes to."""
        routed = {target.path: target.service for target in self.by_resource.values()}
        trees = {prefix: target.service for prefix, target in self.prefix_routes.items()}
        return routed | trees | {path: t.service for path, t in self.passthrough.items()}

    def is_public(self, path: str, method: str = "GET") -> bool:
        if path in self.public_paths:
            return True
        if any(path == prefix or path.startswith(prefix + "/") for prefix in self.public_prefixes):
            return True
        return method in _READ_METHODS and any(
            path == prefix or path.startswith(prefix + "/") for prefix in self.public_read_prefixes
        )

    def exposes(self, service: str, upstream_path: str) -> bool:
        """Whether the service's own path (`/v1/...`) is reachable through the gateway."""
        target = self.match(public_path(upstream_path))
        return target is not None and target.service == service


def is_prefix_route(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PREFIX_ROUTES)


def _resource_of(path: str) -> str:
    return path[len(VERSIONED_PREFIX) :].partition("/")[0]


def public_path(upstream_path: str) -> str:
    return API_PREFIX + upstream_path if upstream_path.startswith("/v1/") else upstream_path


def upstream_path(public: str) -> str:
    return public[len(API_PREFIX) :] if public.startswith(VERSIONED_PREFIX) else public
