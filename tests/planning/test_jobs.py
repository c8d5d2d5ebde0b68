"""Jobs run off the caller's thread, report their progress and stop at their limit."""

from __future__ import annotations

import threading
import time

from tamas.errors import InputError
from tamas.planning.jobs import JobRunner

WAIT_S = 10


def _until(job_view, state: str) -> dict:
    deadline = time.monotonic() + WAIT_S
    while (view := job_view())["state"] != state:
        assert time.monotonic() < deadline, view
        time.sleep(0.01)
    return view


def test_a_job_reports_progress_then_its_result() -> None:
    runner = JobRunner()
    release = threading.Event()

    def work(progress, in_time):
        progress("forecast", 0.5)
        release.wait(WAIT_S)
        return {"answer": 42}

    job = runner.submit("forecast", owner=1, time_limit_s=WAIT_S, work=work)
    halfway = _until(
        lambda: runner.get(job.id, 1).as_dict() | {"state": runner.get(job.id, 1).step}, "forecast"
    )
    assert halfway["done"] == 0.5 and halfway["result"] is None
    release.set()
    done = _until(job.as_dict, "done")
    assert done["result"] == {"answer": 42} and done["done"] == 1
    assert runner.get(job.id, 2) is None
    runner.close()


def test_a_job_past_its_limit_fails_and_its_late_result_is_dropped() -> None:
    runner = JobRunner()
    release = threading.Event()

    def work(progress, in_time):
        release.wait(WAIT_S)
        return {"late": True}

    job = runner.submit("what-if", owner=1, time_limit_s=0.05, work=work)
    failed = _until(job.as_dict, "failed")
    assert failed["error"]["code"] == "time_limit"
    assert failed["error"]["values"] == {"seconds": 0.05}
    release.set()
    runner.close()
    assert job.as_dict()["result"] is None
    assert job.as_dict()["state"] == "failed"


def test_an_input_error_is_the_jobs_error() -> None:
    runner = JobRunner()

    def work(progress, in_time):
        raise InputError("rows: nothing to plan")

    job = runner.submit("schedule", owner=1, time_limit_s=WAIT_S, work=work)
    failed = _until(job.as_dict, "failed")
    assert failed["error"] == {"code": "input", "message": "rows: nothing to plan", "values": {}}
    runner.close()
