"""The live wall: Server-Sent Events fed from the durable wall-event log.

One broadcaster per process polls the log for new events and hands them to every open
stream (one query per poll, not one per kiosk). A stream first replays what its client
missed (everything after `Last-Event-ID`) from the database, then follows the
broadcaster; event numbers are in commit order (see `WallSequence`), so replay and live
delivery meet without gap and duplicates are skipped by number. A stream that falls too
far behind is closed: its kiosk reconnects with Last-Event-ID and catches up from the log.
"""

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from weimin_kit.db import Database
from weimin_wishes.wall import repository
from weimin_wishes.wall.models import WallEvent

log = logging.getLogger("weimin.wishes.wall")
REPLAY_BATCH = 500
QUEUE_LIMIT = 1_000
RETRY_MS = 3_000


@dataclass(frozen=True, slots=True)
class WallMessage:
    seq: int
    type: str
    community_id: uuid.UUID
    payload: dict[str, object]

    @classmethod
    def of(cls, event: WallEvent) -> "WallMessage":
        return cls(event.seq, event.type, event.community_id, event.payload)

    def encode(self) -> str:
        data = json.dumps({"seq": self.seq, **self.payload}, ensure_ascii=False)
        return f"id: {self.seq}\nevent: {self.type}\ndata: {data}\n\n"


@dataclass(eq=False)
class Subscriber:
    community_id: uuid.UUID | None
    queue: asyncio.Queue[WallMessage | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_LIMIT)
    )

    def offer(self, message: WallMessage) -> bool:
        if self.community_id is not None and message.community_id != self.community_id:
            return True
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            return False
        return True

    def end(self) -> None:
        """Drop what is queued and tell the stream to close (its client will reconnect)."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)


class WallBroadcaster:
    def __init__(self, database: Database, poll_seconds: float) -> None:
        self.database = database
        self.poll_seconds = poll_seconds
        self._subscribers: set[Subscriber] = set()
        self._position = 0
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def subscribe(self, community_id: uuid.UUID | None) -> Subscriber:
        subscriber = Subscriber(community_id)
        async with self._lock:
            if self._task is None:
                # Start from what is committed now: anything later reaches this subscriber
                # live, anything earlier is in the log for its replay.
                async with self.database.read_sessionmaker() as session:
                    self._position = await repository.last_event_seq(session, None)
                self._task = asyncio.create_task(self._run())
            self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    async def close(self) -> None:
        for subscriber in list(self._subscribers):
            subscriber.end()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            if not self._subscribers:
                self._task = None  # the next subscriber starts a fresh one
                return
            try:
                async with self.database.read_sessionmaker() as session:
                    events = list(
                        (
                            await session.scalars(
                                repository.events_after(self._position, None, REPLAY_BATCH)
                            )
                        ).all()
                    )
            except Exception:  # a database hiccup must not end every kiosk's stream
                log.exception("wall poll failed")
                continue
            for event in events:
                message = WallMessage.of(event)
                for subscriber in list(self._subscribers):
                    if not subscriber.offer(message):
                        self._subscribers.discard(subscriber)
                        subscriber.end()  # too far behind: it replays from the log instead
                self._position = event.seq


async def replay(
    database: Database, community_id: uuid.UUID | None, after: int
) -> AsyncIterator[WallMessage]:
    while True:
        async with database.read_sessionmaker() as session:
            events = list(
                await session.scalars(repository.events_after(after, community_id, REPLAY_BATCH))
            )
        for event in events:
            yield WallMessage.of(event)
            after = event.seq
        if len(events) < REPLAY_BATCH:
            return


async def wall_stream(
    broadcaster: WallBroadcaster,
    community_id: uuid.UUID | None,
    last_event_id: int | None,
    heartbeat_seconds: float,
    still_allowed: Callable[[], Awaitable[bool]],
) -> AsyncIterator[str]:
    subscriber = await broadcaster.subscribe(community_id)
    try:
        if last_event_id is None:
            # A new viewer starts from now; anything committed after this read reaches it.
            async with broadcaster.database.read_sessionmaker() as session:
                last = await repository.last_event_seq(session, None)
        else:
            last = last_event_id
        yield f"retry: {RETRY_MS}\n\n"
        async for missed in replay(broadcaster.database, community_id, last):
            yield missed.encode()
            last = missed.seq
        while True:
            try:
                message = await asyncio.wait_for(subscriber.queue.get(), heartbeat_seconds)
            except TimeoutError:
                if not await still_allowed():
                    return
                yield ": keep-alive\n\n"
                continue
            if message is None:
                return
            if message.seq <= last:
                continue
            yield message.encode()
            last = message.seq
    finally:
        broadcaster.unsubscribe(subscriber)
