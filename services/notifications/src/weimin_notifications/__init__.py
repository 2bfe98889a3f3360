"""Who is told what, on which channel: the notifications service."""
