"""The contracts of the events the services exchange (their wire format, not code).

Producers and consumers import these payload models, so that both sides agree on one
schema per versioned type; `catalogue.CATALOGUE` says who produces and who consumes each,
and `docs/events.md` is generated from it (`python -m weimin_events`). `vocabularies`
holds the words every service shares: claimer types, roles, incident states and levels,
care tags.
"""
