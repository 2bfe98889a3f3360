"""`python -m weimin_channel_simulator [--port 8090] [--config FILE] …`: WeCom, DingTalk and
WeChat Official Account endpoints on one local port (README.md)."""

import argparse
import sys
from pathlib import Path

import uvicorn

from weimin_channel_simulator.app import create_app
from weimin_channel_simulator.config import Config, load


def parser() -> argparse.ArgumentParser:
    args = argparse.ArgumentParser(prog="python -m weimin_channel_simulator", description=__doc__)
    args.add_argument("--host", default="127.0.0.1")
    args.add_argument("--port", type=int, default=8090)
    args.add_argument("--config", type=Path, help="a JSON file (README.md: its keys)")
    args.add_argument("--token-seconds", type=int, help="access tokens' lifetime (7200)")
    args.add_argument("--wecom-robot-key", action="append", default=[], metavar="KEY",
                      help="another WeCom group robot key to accept (repeatable)")  # fmt: skip
    args.add_argument("--dingtalk-robot", action="append", default=[], metavar="TOKEN=SECRET",
                      help="another DingTalk robot and its signing secret; TOKEN= for an "
                           "unsigned one (repeatable)")  # fmt: skip
    args.add_argument("--log-level", default="warning")
    return args


def configured(args: argparse.Namespace) -> Config:
    config = load(args.config)
    if args.token_seconds is not None:
        config.token_seconds = args.token_seconds
    config.wecom.robot_keys.extend(args.wecom_robot_key)
    for robot in args.dingtalk_robot:
        token, _, secret = robot.partition("=")
        config.dingtalk.robots[token] = secret or None
    return config


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        config = configured(args)
    except (OSError, ValueError, TypeError) as refused:
        print(f"error: the configuration: {refused}", file=sys.stderr)
        return 2
    # uvicorn's access log would print each request's query string: tokens and keys.
    uvicorn.run(create_app(config), host=args.host, port=args.port,
                log_level=args.log_level, access_log=False)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
