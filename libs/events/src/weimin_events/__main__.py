"""`python -m weimin_events` rewrites docs/events.md from the catalogue."""

from weimin_events.docs import DOCS_PATH, write

write()
print(f"wrote {DOCS_PATH}")
