"""Browser tests: a real `tamas serve` on a free loopback port with a seeded SQLite
center, driven by Playwright through Debian's chromium (never a downloaded browser).

`make install` installs chromium (apt-get) when it is missing. Without it these tests
fail, saying so, unless TAMAS_TEST_SKIP_BROWSER=1 is set on purpose. A failing test
leaves a screenshot of its page in test-artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

from tests.web.scenario import SECRET, Center, seed_center

CHROMIUM = os.environ.get("TAMAS_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STARTUP_S = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def center(tmp_path_factory: pytest.TempPathFactory) -> Center:
    return seed_center(f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'tamas.sqlite'}")


@contextmanager
def serving(url: str, folder: Path) -> Iterator[str]:
    """`tamas serve` on the database at `url` (its log in `folder`), for as long as the
    block runs: its base URL."""
    port = _free_port()
    log = folder / "serve.log"
    command = [str(Path(sys.executable).with_name("tamas")), "serve", "--port", str(port)]
    env = os.environ | {"TAMAS_SECRET_KEY": SECRET, "TAMAS_DATABASE_URL": url}
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"tamas serve did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(center: Center, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of `tamas serve` on the seeded center."""
    with serving(center.url, tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Chromium with a fresh profile, English unless a test switches. Module-scoped:
    Playwright's synchronous API keeps an event loop running on the main thread, which
    must end before other tests call asyncio.run."""
    if os.environ.get("TAMAS_TEST_SKIP_BROWSER") == "1":
        pytest.skip("TAMAS_TEST_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (apt-get install chromium)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            locale="en-US",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(10_000)
        yield context
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new page with no cookies; its screenshot is kept when the test fails."""
    context.clear_cookies()
    page = context.new_page()
    yield page
    if request.node.stash.get(FAILED, False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"failed-{request.node.name}.png", full_page=True)
    page.close()
