"""The local NATS server (JetStream) for bus tests: each test gets a prefix of its own,
so its subjects and stream are its own, and the stream is deleted afterwards. When NATS
cannot be reached the tests fail rather than pass silently, unless
TAMAS_TEST_SKIP_NATS=1 is set on purpose."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import nats
import pytest

from tamas.live.nats import stream_name

NATS_URL = os.environ.get("TAMAS_TEST_NATS", "nats://127.0.0.1:4222")


async def _delete_stream(prefix: str) -> None:
    client = await nats.connect(NATS_URL)
    try:
        await client.jetstream().delete_stream(stream_name(prefix))
    except nats.js.errors.NotFoundError:
        pass
    finally:
        await client.close()


@pytest.fixture
def nats_prefix() -> Iterator[str]:
    if os.environ.get("TAMAS_TEST_SKIP_NATS") == "1":
        pytest.skip("TAMAS_TEST_SKIP_NATS=1")
    prefix = f"test{uuid.uuid4().hex[:10]}"
    yield prefix
    asyncio.run(_delete_stream(prefix))
