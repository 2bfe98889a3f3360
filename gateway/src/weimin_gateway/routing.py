"""The route table: which public path goes to which service, and what the edge demands.

Data, not code: `/api/v1/<resource>/...` goes to the owning service's `/v1/<resource>/...`.
A resource is public only where listed in PUBLIC_PATHS; everything else needs a valid
access token before the request leaves the gateway.
"""

from dataclasses import dataclass

API_PREFIX = "/api"
VERSIONED_PREFIX = "/api/v1/"

RESOURCES: dict[str, tuple[str, ...]] = {
    "org-registry": (
        "auth",
        "accounts",
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
    ),
    "wishes": ("wishes", "wall", "kiosk-devices", "wish-statistics", "claimer-pool"),
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
    ),
}

# Paths outside /api/v1 passed through unchanged.
PASSTHROUGH: dict[str, str] = {"/.well-known/jwks.json": "org-registry"}

PUBLIC_PATHS = frozenset(
    {
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/second-factor",
        "/.well-known/jwks.json",
    }
)

# Read-only (GET/HEAD) public trees: directories anyone may see and wall feeds that kiosks
# read with a device key the owning service checks itself.
PUBLIC_READ_PREFIXES: tuple[str, ...] = ("/api/v1/demonstration-directory", "/api/v1/wall")
_READ_METHODS = frozenset({"GET", "HEAD"})

# Routes whose bodies are files (the services stream them and hold each kind to its own
# limit): larger than the default body limit at the edge.
UPLOAD_PREFIXES: tuple[str, ...] = ("/api/v1/imports/", "/api/v1/incident-photos")

# Resources whose responses may be long-lived streams (Server-Sent Events): no read timeout.
STREAMING_RESOURCES = frozenset({"wall", "joint-defence"})


@dataclass(frozen=True, slots=True)
class Target:
    service: str
    # The label metrics use (a template, never a raw path with ids in it).
    path: str
    streaming: bool


class RouteTable:
    def __init__(
        self,
        resources: dict[str, tuple[str, ...]] = RESOURCES,
        passthrough: dict[str, str] = PASSTHROUGH,
        public_paths: frozenset[str] = PUBLIC_PATHS,
        streaming: frozenset[str] = STREAMING_RESOURCES,
        public_read_prefixes: tuple[str, ...] = PUBLIC_READ_PREFIXES,
    ) -> None:
        self.by_resource = {
            resource: Target(service, f"{VERSIONED_PREFIX}{resource}", resource in streaming)
            for service, names in resources.items()
            for resource in names
        }
        self.passthrough = {
            path: Target(service, path, False) for path, service in passthrough.items()
        }
        self.public_paths = public_paths
        self.public_read_prefixes = public_read_prefixes

    def match(self, path: str) -> Target | None:
        if path.startswith(VERSIONED_PREFIX):
            resource = path[len(VERSIONED_PREFIX) :].partition("/")[0]
            return self.by_resource.get(resource)
        return self.passthrough.get(path)

    def is_public(self, path: str, method: str = "GET") -> bool:
        if path in self.public_paths:
            return True
        return method in _READ_METHODS and any(
            path == prefix or path.startswith(prefix + "/") for prefix in self.public_read_prefixes
        )

    def exposes(self, service: str, upstream_path: str) -> bool:
        """Whether the service's own path (`/v1/...`) is reachable through the gateway."""
        target = self.match(public_path(upstream_path))
        return target is not None and target.service == service


def public_path(upstream_path: str) -> str:
    return API_PREFIX + upstream_path if upstream_path.startswith("/v1/") else upstream_path


def upstream_path(public: str) -> str:
    return public[len(API_PREFIX) :] if public.startswith(VERSIONED_PREFIX) else public
