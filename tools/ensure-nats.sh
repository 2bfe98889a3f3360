#!/usr/bin/env bash
# The event tests publish through NATS JetStream on 127.0.0.1:4222: start the machine's
# nats-server when nothing listens there (it is installed from Debian's package).
set -euo pipefail

listening() { (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; }

listening && exit 0
if ! command -v /usr/sbin/nats-server >/dev/null; then
  echo "nats-server is not installed (Debian package nats-server)" >&2
  exit 1
fi
echo "starting nats-server (JetStream) on 127.0.0.1:4222"
mkdir -p /var/lib/nats-server
start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
  -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
for _ in $(seq 1 30); do listening && exit 0; sleep 1; done
echo "nats-server did not start" >&2
exit 1
