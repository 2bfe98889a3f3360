"""A local stand-in for a browser vendor's push service (RFC 8030): it hands out
subscriptions for test "browsers", verifies the sender's VAPID token (RFC 8292), decrypts
each aes128gcm message (RFC 8291) with the browser's keys and records it. It imports none
of Weimin's code: it checks what Weimin sends from the outside."""
