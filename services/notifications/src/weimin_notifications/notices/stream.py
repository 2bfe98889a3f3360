"""The live inbox: Server-Sent Events of each person's new notices, as they are written.

One broadcaster per process polls for notices written in the last few seconds (one query
per poll, however many people listen) and hands each to its recipient's open streams. Ids
are time-ordered by the wall clock when written, so "the last few seconds" is a range of
ids; a notice committed late (its transaction ran long) is still inside the window, and
ids already handed out are remembered for the window's length, so none is sent twice.
What a stream missed while closed, the app reads from the inbox when it reconnects.
"""

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from weimin_kit.db import Database
from weimin_kit.ids import uuid7_from
from weimin_notifications.notices.models import Notification
from weimin_notifications.notices.schemas import NotificationRead

log = logging.getLogger("weimin.notifications.stream")
#: A notice whose transaction took longer than this to commit is only in the inbox.
WINDOW_SECONDS = 10.0
QUEUE_LIMIT = 200
RETRY_MS = 3_000


def _floor(seconds_ago: float) -> uuid.UUID:
    """The smallest id written `seconds_ago` before now."""
    return uuid7_from(int((time.time() - seconds_ago) * 1000), bytes(10))


@dataclass(eq=False)
class Listener:
    subject: str
    queue: asyncio.Queue[NotificationRead | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_LIMIT)
    )

    def end(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)


class InboxBroadcaster:
    def __init__(self, database: Database, poll_seconds: float) -> None:
        self.database = database
        self.poll_seconds = poll_seconds
        self._listeners: dict[str, set[Listener]] = {}
        self._sent: dict[uuid.UUID, float] = {}
        self._task: asyncio.Task[None] | None = None

    def subscribe(self, subject: str) -> Listener:
        listener = Listener(subject)
        self._listeners.setdefault(subject, set()).add(listener)
        if self._task is None:
            self._task = asyncio.create_task(self._run())
        return listener

    def unsubscribe(self, listener: Listener) -> None:
        mine = self._listeners.get(listener.subject, set())
        mine.discard(listener)
        if not mine:
            self._listeners.pop(listener.subject, None)

    async def close(self) -> None:
        for listeners in list(self._listeners.values()):
            for listener in list(listeners):
                listener.end()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            if not self._listeners:
                self._task = None  # the next listener starts a fresh one
                return
            try:
                await self._poll()
            except Exception:  # a database hiccup must not end everybody's stream
                log.exception("inbox poll failed")

    async def _poll(self) -> None:
        horizon = time.monotonic() - WINDOW_SECONDS
        self._sent = {key: at for key, at in self._sent.items() if at >= horizon}
        subjects = list(self._listeners)
        async with self.database.read_sessionmaker() as session:
            notices = list(
                await session.scalars(
                    select(Notification)
                    .where(
                        Notification.id >= _floor(WINDOW_SECONDS),
                        Notification.recipient.in_(subjects),
                    )
                    .order_by(Notification.id)
                )
            )
        for notice in notices:
            if notice.id in self._sent:
                continue
            self._sent[notice.id] = time.monotonic()
            message = NotificationRead.model_validate(notice)
            for listener in list(self._listeners.get(notice.recipient, ())):
                try:
                    listener.queue.put_nowait(message)
                except asyncio.QueueFull:
                    self.unsubscribe(listener)
                    listener.end()  # too far behind: it reads the inbox on reconnecting


def _encode(notice: NotificationRead) -> str:
    data = json.dumps(notice.model_dump(mode="json"), ensure_ascii=False)
    return f"id: {notice.id}\nevent: notification\ndata: {data}\n\n"


async def inbox_stream(
    broadcaster: InboxBroadcaster,
    subject: str,
    heartbeat_seconds: float,
    still_allowed: Callable[[], Awaitable[bool]],
) -> AsyncIterator[str]:
    listener = broadcaster.subscribe(subject)
    try:
        yield f"retry: {RETRY_MS}\n\n"
        while True:
            try:
                notice = await asyncio.wait_for(listener.queue.get(), heartbeat_seconds)
            except TimeoutError:
                if not await still_allowed():
                    return
                yield ": keep-alive\n\n"
                continue
            if notice is None:
                return
            yield _encode(notice)
    finally:
        broadcaster.unsubscribe(listener)
