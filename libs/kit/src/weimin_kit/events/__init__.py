"""Events between services: the outbox relay, its transports, and the consuming inbox.

    change + outbox row ──commit──▶ relay ──HTTP POST (signed) or NATS JetStream──▶
        consumer: inbox row + effect in one transaction (a repeat changes nothing)

- `envelope`   CloudEvents 1.0 structured JSON in and out
- `relay`      claims pending outbox rows (leases; SKIP LOCKED on PostgreSQL), publishes them
               in order per subject, backs off with jitter, dead-letters after N attempts
- `http`       the HTTP transport (Standard Webhooks signature as the service credential)
               and the `/v1/events` receiving route
- `nats`       the JetStream transport: a stream per producer, durable consumers, broker-side
               de-duplication by message id
- `inbox`      handlers by event type, applied exactly once per event id
- `runtime`    starts the relay and consumers in a service's lifespan
- `admin`      status and redelivery of dead letters (the `outbox` CLI command)
"""
