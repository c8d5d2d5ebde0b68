"""The live desk under load: a real `tamas serve` process, hundreds of agents on their
live streams changing state and handling contacts, new contacts arriving every second.

Starts `tamas serve` on a free loopback port (a new SQLite file, or `--db`; in-process
bus, or TAMAS_BUS_URL from the environment), makes `--agents` agents serving one queue
(their sign-in tokens are issued with the server's key: the load is the desk, not
password hashing), and for `--duration` seconds:

- every agent holds its SSE stream open (`GET /api/v1/stream`) and goes ready; now and
  then, when free, it pauses for a few seconds and goes ready again;
- `--rate` contacts a second arrive (`POST /api/v1/contacts`); the agent offered one sees
  the offer on its stream, answers it, talks a few seconds, hangs up and wraps up.

Prints, as JSON, p50/p99 (ms) of every API call and by kind, and of delivery: from the
moment a contact was sent to the server to the moment the offer reached its agent's
stream (`arrival_to_offer`), and from the offer's own event time to that moment
(`event_to_stream`). Both processes run on uvloop. Loopback only; bounded in count and
time; stops by itself.

    python benchmarks/api_load.py --agents 500 --rate 20 --duration 60
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
import numpy as np
import uvloop
from sqlalchemy.orm import Session

from tamas.api.security import TokenIssuer
from tamas.org.models import Queue, Role, Skill, User, UserSkill
from tamas.org.passwords import hash_password
from tamas.store import open_database

SECRET = "a benchmark signing key, long enough to be accepted"
QUEUE = "support"
TALK_S = (2.0, 6.0)
PAUSE_EVERY_S = 20.0
"""An agent pauses about this often (exponential gaps), when free, for 2-5 s."""
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(url: str, agents: int) -> dict[str, str]:
    """An admin and `agents` agents (one password hash for all); their bearer tokens."""
    engine = open_database(url)
    password_hash = hash_password("benchmark password")
    with Session(engine) as session:
        skill = Skill(name=QUEUE)
        session.add_all([skill, Queue(name=QUEUE, wrap_up_s=1)])
        users = [User(username="admin", role=Role.ADMIN, password_hash=password_hash)]
        for n in range(agents):
            agent = User(
                username=f"a{n:04d}",
                agent_name=f"a{n:04d}",
                role=Role.AGENT,
                password_hash=password_hash,
            )
            agent.skills.append(UserSkill(skill=skill, level=5))
            users.append(agent)
        session.add_all(users)
        session.commit()
        issuer = TokenIssuer(SECRET, timedelta(hours=2))
        now = datetime.now(UTC)
        tokens = {user.username: issuer.issue(user.id, password_hash, now) for user in users}
    engine.dispose()
    return tokens


class Load:
    def __init__(self, client: httpx2.AsyncClient, tokens: dict[str, str], seed: int) -> None:
        self.client = client
        self.tokens = tokens
        self.rng = np.random.default_rng(seed)
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.sent_at: dict[str, float] = {}
        self.arrival_to_offer: list[float] = []
        self.event_to_stream: list[float] = []
        self.offers: dict[str, asyncio.Queue[str]] = defaultdict(asyncio.Queue)
        self.opened = 0
        self.measuring = False
        """Calls made before the arrivals start (every agent going ready at once) are
        counted apart, as `warm_up`."""
        self.stop = asyncio.Event()

    async def call(self, kind: str, username: str, method: str, path: str, **kwargs) -> int:
        headers = {"Authorization": f"Bearer {self.tokens[username]}"}
        started = time.perf_counter()
        try:
            response = await self.client.request(method, path, headers=headers, **kwargs)
        except httpx2.HTTPError:
            self.errors[f"{kind}: transport"] += 1
            return 0
        self.latency[kind if self.measuring else "warm_up"].append(time.perf_counter() - started)
        if response.status_code >= 400:
            self.errors[f"{kind}: {response.status_code}"] += 1
        return response.status_code

    async def stream(self, username: str, ready: asyncio.Event) -> None:
        headers = {"Authorization": f"Bearer {self.tokens[username]}"}
        async with self.client.stream("GET", "/api/v1/stream", headers=headers) as response:
            async for event in httpx2.EventSource(response).__aiter__():
                if event.event == "stream.open":
                    self.opened += 1
                    ready.set()
                elif event.event == "contact.offered":
                    received = time.time()
                    data = event.json()
                    sent = self.sent_at.get(data["contact_id"])
                    if sent is not None:
                        self.arrival_to_offer.append(received - sent)
                    offered_at = datetime.fromisoformat(data["ts"]).timestamp()
                    self.event_to_stream.append(received - offered_at)
                    self.offers[username].put_nowait(data["contact_id"])

    async def agent(self, username: str) -> None:
        ready = asyncio.Event()
        reader = asyncio.create_task(self.stream(username, ready))
        try:
            await ready.wait()
            await self.call("state", username, "POST", "/api/v1/agents/me/state", json=READY)
            next_pause = time.monotonic() + self.rng.exponential(PAUSE_EVERY_S)
            while not self.stop.is_set():
                try:
                    wait = max(0.05, next_pause - time.monotonic())
                    contact = await asyncio.wait_for(self.offers[username].get(), wait)
                except TimeoutError:
                    await self.pause(username)
                    next_pause = time.monotonic() + self.rng.exponential(PAUSE_EVERY_S)
                    continue
                await self.handle(username, contact)
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx2.HTTPError):
                await reader

    async def pause(self, username: str) -> None:
        reason = {"state": "paused", "reason": str(self.rng.choice(["break", "coaching"]))}
        if await self.call("state", username, "POST", "/api/v1/agents/me/state", json=reason):
            await asyncio.sleep(2 + 3 * self.rng.random())
            await self.call("state", username, "POST", "/api/v1/agents/me/state", json=READY)

    async def handle(self, username: str, contact: str) -> None:
        base = f"/api/v1/contacts/{contact}"
        if await self.call("answer", username, "POST", f"{base}/answer") != 200:
            return
        await asyncio.sleep(self.rng.uniform(*TALK_S))
        await self.call("hangup", username, "POST", f"{base}/hangup")
        await self.call("wrap_up", username, "POST", f"{base}/wrap-up", json={})

    async def arrivals(self, rate: float, duration: float) -> int:
        """Contacts at `rate` a second (evenly spaced) for `duration` seconds."""
        sent = 0
        start = time.monotonic()
        pending = set()
        while (due := start + sent / rate) < start + duration:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            contact_id = uuid.uuid4().hex
            self.sent_at[contact_id] = time.time()
            body = {"queue": QUEUE, "caller": f"0912{sent:07d}", "contact_id": contact_id}
            task = asyncio.create_task(
                self.call("contact", "admin", "POST", "/api/v1/contacts", json=body)
            )
            pending.add(task)
            task.add_done_callback(pending.discard)
            sent += 1
        await asyncio.gather(*pending)
        return sent


READY = {"state": "ready"}


def percentiles(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"n": 0}
    ms = np.asarray(values) * 1000
    return {
        "n": len(values),
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p99_ms": round(float(np.percentile(ms, 99)), 1),
        "max_ms": round(float(ms.max()), 1),
    }


async def run(base_url: str, tokens: dict[str, str], args: argparse.Namespace) -> dict:
    limits = httpx2.Limits(max_connections=2 * args.agents + 200, max_keepalive_connections=None)
    timeout = httpx2.Timeout(30.0, read=None)
    async with httpx2.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        load = Load(client, tokens, args.seed)
        agents = [asyncio.create_task(load.agent(name)) for name in tokens if name != "admin"]
        deadline = time.monotonic() + START_TIMEOUT_S
        while load.opened < args.agents and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        started = time.monotonic()
        load.measuring = True
        sent = await load.arrivals(args.rate, args.duration)
        elapsed = time.monotonic() - started
        await asyncio.sleep(TALK_S[1] + 2)
        load.stop.set()
        for task in agents:
            task.cancel()
        await asyncio.gather(*agents, return_exceptions=True)
    every = [v for kind, values in load.latency.items() if kind != "warm_up" for v in values]
    return {
        "agents": args.agents,
        "streams_open": load.opened,
        "contacts_sent": sent,
        "contacts_per_s": round(sent / elapsed, 1),
        "duration_s": round(elapsed, 1),
        "api": percentiles(every),
        "api_by_kind": {kind: percentiles(values) for kind, values in sorted(load.latency.items())},
        "arrival_to_offer": percentiles(load.arrival_to_offer),
        "event_to_stream": percentiles(load.event_to_stream),
        "errors": dict(load.errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--rate", type=float, default=20.0, help="New contacts a second.")
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds of arrivals.")
    parser.add_argument("--db", help="Database URL (default: a new SQLite file).")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (1 <= args.agents <= 2000 and 0 < args.rate <= 200 and 0 < args.duration <= 600):
        parser.error("bounded on purpose: 1-2000 agents, rate up to 200/s, up to 600 s")
    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'load.sqlite'}"
        tokens = seed(url, args.agents)
        port = free_port()
        command = [sys.executable, "-c", "from tamas.cli import main; main()", "serve"]
        server = subprocess.Popen(
            [*command, "--port", str(port), "--db", url],
            env=os.environ | {"TAMAS_SECRET_KEY": SECRET},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if server.poll() is not None:
                    sys.exit("the server stopped while starting")
                with contextlib.suppress(httpx2.TransportError):
                    if httpx2.get(f"{base_url}/healthz").status_code == 200:
                        break
                if time.monotonic() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.2)
            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                result = runner.run(
                    asyncio.wait_for(run(base_url, tokens, args), args.duration + 180)
                )
        finally:
            server.terminate()
            server.wait(30)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
