"""Two server processes on one PostgreSQL database and the local NATS: an agent's state
change made through one is seen on the live stream of the other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx2
import pytest

from tamas.api import API_PREFIX
from tamas.audit import CommandLine
from tamas.cli.options import run_in_session
from tamas.org.models import Role
from tamas.org.users import create_user
from tests.api.conftest import PASSWORD, SECRET
from tests.api.streams import Stream
from tests.live.conftest import NATS_URL

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def servers(database_url: str, prefix: str, count: int) -> Iterator[list[httpx2.Client]]:
    """`count` processes of `tamas serve` on one database and bus, started together, and
    a client of each; stopped afterwards."""
    env = os.environ | {
        "TAMAS_SECRET_KEY": SECRET,
        "TAMAS_BUS_URL": NATS_URL,
        "TAMAS_BUS_PREFIX": prefix,
    }
    command = [sys.executable, "-c", "from tamas.cli import main; main()", "serve"]
    with ExitStack() as stack:
        clients = []
        for _ in range(count):
            port = free_port()
            errors = stack.enter_context(tempfile.TemporaryFile())
            process = subprocess.Popen(
                [*command, "--port", str(port), "--db", database_url],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            stack.callback(process.wait, 15)
            stack.callback(process.terminate)
            client = stack.enter_context(
                httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
            )
            clients.append((process, client, errors))
        deadline = time.monotonic() + 60
        for process, client, errors in clients:
            while not _healthy(client):
                if process.poll() is not None:
                    errors.seek(0)
                    raise AssertionError(errors.read().decode())
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        yield [client for _process, client, _errors in clients]


def _healthy(client: httpx2.Client) -> bool:
    try:
        return client.get("/healthz").status_code == 200
    except httpx2.TransportError:
        return False


def token(client: httpx2.Client, username: str) -> dict[str, str]:
    response = client.post(
        f"{API_PREFIX}/auth/token", data={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _seed(session) -> None:
    for username, role in (("ali", Role.AGENT), ("mina", Role.MANAGER)):
        fields = {"username": username, "password": PASSWORD, "role": role, "skills": {}}
        await create_user(session, CommandLine("test"), fields)


def test_a_state_change_through_one_process_reaches_the_others_stream(
    postgres_url: str, nats_prefix: str
) -> None:
    run_in_session(postgres_url, _seed)
    with ExitStack() as stack:
        one, other = stack.enter_context(servers(postgres_url, nats_prefix, 2))
        ali = token(one, "ali")
        watching = {
            "ali": Stream(other, token(other, "ali")),
            "mina": Stream(other, token(other, "mina")),
        }
        stack.callback(lambda: [stream.close() for stream in watching.values()])
        changed = one.post(f"{API_PREFIX}/agents/me/state", json={"state": "ready"}, headers=ali)
        assert changed.status_code == 200, changed.text
        for stream in watching.values():
            seen = stream.next("agent.ready", agent="ali")
            assert seen["source"] == "tamas.acd"
        paused = {"state": "paused", "reason": "break"}
        one.post(f"{API_PREFIX}/agents/me/state", json=paused, headers=ali)
        assert watching["mina"].next("agent.paused", agent="ali")["reason"] == "break"
