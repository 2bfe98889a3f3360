"""`python -m weimin_partner_simulator run|listen|demo …`; `--help` on each says more."""

import argparse
import asyncio
import os
import sys

import httpx

from weimin_partner_simulator import demo
from weimin_partner_simulator.exchange import ExchangeError
from weimin_partner_simulator.runner import main_async
from weimin_partner_simulator.simulator import PUBLIC_SECURITY
from weimin_partner_simulator.tokens import TokenRefused

DEFAULT_BASE_URL = "http://localhost:8000"
DEFAULT_PORT = demo.DEFAULT_PORT


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, help="Weimin's gateway (default %(default)s)"
    )
    parser.add_argument("--client-id", default=os.environ.get("WEIMIN_PARTNER_CLIENT_ID"))
    parser.add_argument(
        "--client-secret",
        default=os.environ.get("WEIMIN_PARTNER_CLIENT_SECRET"),
        help="or WEIMIN_PARTNER_CLIENT_SECRET (keeps it out of the process list)",
    )
    parser.add_argument("--token-url", help="default: <base-url>/api/v1/oauth/token")
    parser.add_argument(
        "--token",
        default=os.environ.get("WEIMIN_PARTNER_TOKEN"),
        help="an access token to use as it is, instead of client credentials",
    )


def _listening(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="the receiver's address")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="0: any free port")
    parser.add_argument("--seconds", type=float, default=0, help="listen this long (0: Ctrl-C)")
    parser.add_argument("--fail-first", type=int, default=0, metavar="N",
                        help="answer 500 to the first N deliveries")  # fmt: skip
    parser.add_argument("--fail-seconds", type=float, default=0, metavar="S",
                        help="answer 500 to every delivery for the first S seconds")  # fmt: skip
    parser.add_argument("--respond", action="store_true",
                        help="assign each new incident of a handled category back")  # fmt: skip
    parser.add_argument("--handles", default=",".join(PUBLIC_SECURITY),
                        help="categories --respond answers (default %(default)s)")  # fmt: skip


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m weimin_partner_simulator", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="token, pull, push, subscribe, listen")
    _common(run)
    _listening(run)
    run.add_argument("--seed", type=int, default=1, help="the same seed, the same records")
    run.add_argument("--people", type=int, default=20)
    run.add_argument("--addresses", type=int, default=5, help="new addresses to send")
    run.add_argument("--invalid", type=int, default=0, help="people with a bad identity number")
    listen = commands.add_parser("listen", help="subscribe and print incident events")
    _common(listen)
    _listening(listen)
    demo.add_arguments(commands.add_parser("demo", help="what `make partner-demo` runs"))
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "demo":
            return demo.main(args)
        return asyncio.run(main_async(args))
    except KeyboardInterrupt:
        return 130
    except (TokenRefused, ExchangeError, httpx.HTTPError) as failed:
        print(f"error: {failed}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
