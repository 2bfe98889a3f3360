"""`python -m weimin_push_service [--host H] [--port P] [--origin URL]`: serve until Ctrl-C.
The first line printed names the origin (with the bound port when `--port 0`)."""

import argparse

from weimin_push_service.server import PushServer


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m weimin_push_service", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8091, help="0: any free port")
    parser.add_argument(
        "--origin",
        help="the origin endpoints start with and VAPID's aud must name "
        "(default http://<host>:<port>)",
    )
    args = parser.parse_args()
    server = PushServer(args.host, args.port, args.origin)
    print(f"push service listening on {server.push_service.origin}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
