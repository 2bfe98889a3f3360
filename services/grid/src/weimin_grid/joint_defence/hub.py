"""The live alarm stream: an in-process fan-out from committed alarm changes to the
server-sent-event connections listening for their group.

In process only: with several replicas, each streams what it handled itself; the outbox
event (cn.weimin.alarm.raised.v1) is what crosses processes.
"""

import asyncio
import uuid
from typing import Any

QUEUE_SIZE = 100


class AlarmHub:
    def __init__(self) -> None:
        self._listeners: dict[uuid.UUID, set[asyncio.Queue[dict[str, Any]]]] = {}

    def subscribe(self, group_id: uuid.UUID) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._listeners.setdefault(group_id, set()).add(queue)
        return queue

    def unsubscribe(self, group_id: uuid.UUID, queue: asyncio.Queue[dict[str, Any]]) -> None:
        listeners = self._listeners.get(group_id, set())
        listeners.discard(queue)
        if not listeners:
            self._listeners.pop(group_id, None)

    def listeners(self, group_id: uuid.UUID) -> int:
        return len(self._listeners.get(group_id, ()))

    def publish(self, group_id: uuid.UUID, message: dict[str, Any]) -> None:
        for queue in list(self._listeners.get(group_id, ())):
            if queue.full():
                continue  # a stalled listener misses live updates; the records remain
            queue.put_nowait(message)
