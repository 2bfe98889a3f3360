"""Running the simulator: its token source from the options, the listening, the show."""

import argparse
import asyncio
import contextlib
import signal
import sys
import threading

import httpx

from weimin_partner_simulator.exchange import Exchange
from weimin_partner_simulator.receiver import Receiver, listening
from weimin_partner_simulator.simulator import Simulator
from weimin_partner_simulator.tokens import ClientCredentials, GivenToken, TokenSource


def token_source(args: argparse.Namespace) -> TokenSource:
    if args.token:
        return GivenToken(args.token)
    if not (args.client_id and args.client_secret):
        raise SystemExit("give --client-id and --client-secret (or --token)")
    url = args.token_url or args.base_url.rstrip("/") + "/api/v1/oauth/token"
    return ClientCredentials(url, args.client_id, args.client_secret)


def _commands_from_stdin(receiver: Receiver) -> None:
    """`fail N` (the next N deliveries), `down S` (S seconds), `ok`: typed while it runs."""
    for line in sys.stdin:
        words = line.split()
        try:
            if words[:1] == ["fail"]:
                receiver.fail_for(deliveries=int(words[1]))
            elif words[:1] == ["down"]:
                receiver.fail_for(seconds=float(words[1]))
            elif words[:1] == ["ok"]:
                receiver.fail_for()
            else:
                continue
        except (IndexError, ValueError):
            print("commands: fail <deliveries> | down <seconds> | ok", flush=True)
            continue
        print(f"[receiver] now: {' '.join(words)}", flush=True)


async def listen_for(simulator: Simulator, args: argparse.Namespace) -> None:
    receiver = simulator.receiver
    receiver.fail_for(deliveries=args.fail_first, seconds=args.fail_seconds)
    with listening(receiver, args.host, args.port) as url:
        simulator.feed_from_receiver()
        await simulator.subscribe(url)
        if sys.stdin.isatty():
            threading.Thread(target=_commands_from_stdin, args=(receiver,), daemon=True).start()
            simulator.say("[receiver] type `fail N`, `down S` or `ok` to change its answers")
        handling = asyncio.create_task(simulator.handle_events())
        stop = asyncio.Event()
        # Ctrl-C cancels this task (asyncio.run); SIGTERM (a supervisor, `kill`) stops it too.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), args.seconds or None)
        finally:
            with contextlib.suppress(TimeoutError):
                await simulator.settle()
            handling.cancel()
            await simulator.unsubscribe()
            simulator.say(simulator.report())


async def main_async(args: argparse.Namespace) -> int:
    async with httpx.AsyncClient(timeout=30) as http:
        exchange = Exchange(args.base_url, token_source(args), http)
        simulator = Simulator(
            exchange, Receiver(), respond=args.respond, handles=tuple(args.handles.split(","))
        )
        if args.command == "run":
            pulled = await simulator.pull()
            await simulator.push_addresses(pulled, args.seed, args.addresses)
            await simulator.push_population(pulled, args.seed, args.people, args.invalid)
        await listen_for(simulator, args)
    return 0
