"""Outbound Standard Webhooks to partner clients: incidents in public-security categories
and their state changes, signed, in order per incident, retried, then dead letters."""
