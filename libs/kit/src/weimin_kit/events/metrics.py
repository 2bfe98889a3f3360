"""Prometheus metrics of the event machinery, in the service's own registry (/metrics)."""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class EventMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.published = Counter(
            "events_published_total", "Outbox events published", ["type"], registry=registry
        )
        self.retries = Counter(
            "events_publish_retries_total",
            "Failed publish attempts that will be retried",
            ["type"],
            registry=registry,
        )
        self.dead = Counter(
            "events_dead_letters_total",
            "Events given up after their last attempt (outbox) or handling (consumer)",
            ["type", "side"],
            registry=registry,
        )
        self.pending = Gauge(
            "events_outbox_pending", "Outbox events not yet published", registry=registry
        )
        self.lag = Gauge(
            "events_outbox_lag_seconds",
            "Age of the oldest unpublished outbox event (0 when none)",
            registry=registry,
        )
        self.dead_waiting = Gauge(
            "events_outbox_dead", "Outbox events in the dead-letter state", registry=registry
        )
        self.consumed = Counter(
            "events_consumed_total",
            "Events received, by outcome (applied, duplicate, ignored)",
            ["type", "outcome"],
            registry=registry,
        )
        self.publish_seconds = Histogram(
            "events_publish_seconds",
            "Time from an event's commit to its successful publication",
            registry=registry,
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
