"""Reading a live stream (SSE) in a test: a thread reads the events into a queue, so the
test can act and then wait for what its action should bring."""

from __future__ import annotations

import queue
import threading
from contextlib import AbstractContextManager
from typing import Any

import httpx2

from tamas.api import API_PREFIX


class Stream:
    """The events of `GET /stream` (or another stream at `path`) for one client, after
    its first event (`first`)."""

    def __init__(
        self,
        client: Any,
        headers: dict[str, str],
        path: str = "/stream",
        first: str = "stream.open",
    ) -> None:
        self._events: queue.Queue[tuple[str, dict]] = queue.Queue()
        self._opened: AbstractContextManager = client.stream(
            "GET", f"{API_PREFIX}{path}", headers=headers
        )
        response = self._opened.__enter__()
        assert response.status_code == 200, response.status_code
        self._thread = threading.Thread(target=self._read, args=(response,), daemon=True)
        self._thread.start()
        self.opened = self.next(first)

    def _read(self, response: Any) -> None:
        try:
            for event in httpx2.EventSource(response):
                self._events.put((event.event, event.json()))
        except Exception:  # the test closed the stream: the reading ends
            return

    def next(self, type: str, timeout: float = 10.0, **fields: object) -> dict:
        """The next event of `type` whose data has `fields`; earlier others are skipped."""
        while True:
            try:
                kind, data = self._events.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {type} {fields} within {timeout} s") from None
            if kind == type and all(data.get(k) == v for k, v in fields.items()):
                return data

    def pending(self) -> list[tuple[str, dict]]:
        """What arrived and was not read yet."""
        found = []
        while not self._events.empty():
            found.append(self._events.get_nowait())
        return found

    def close(self) -> None:
        self._opened.__exit__(None, None, None)
        self._thread.join(5)
