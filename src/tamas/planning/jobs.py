"""Long planning work (a forecast fit, a CP-SAT search, a simulation) off the request
thread: the API answers at once with a job, and the page asks for its progress.

A job has a time limit. The solver and the simulator stop by themselves within it (they
are given it); a step that cannot be interrupted (a model fit) is reported failed when
the limit passes, and its late result is thrown away. Jobs live in the server process
that started them, and the last `KEEP` are kept for their owners to read.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from queue import SimpleQueue
from threading import Lock, Thread
from typing import Any

from tamas.errors import InputError
from tamas.planning.steps import PlanningError, Progress

KEEP = 50
log = logging.getLogger(__name__)

Work = Callable[[Progress, Callable[[], bool]], dict[str, Any]]
"""The job's work: told how to report progress and whether it is still in time."""


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    id: str
    kind: str
    owner: int
    time_limit_s: float
    started: float = field(default_factory=time.monotonic)
    state: JobState = JobState.RUNNING
    step: str = "queued"
    done: float = 0.0
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    def in_time(self) -> bool:
        return time.monotonic() - self.started < self.time_limit_s

    def as_dict(self) -> dict[str, Any]:
        if self.state is JobState.RUNNING and not self.in_time():
            self.fail(
                PlanningError(
                    "time_limit",
                    f"stopped at the time limit of {self.time_limit_s:g} s; "
                    "ask for less (a shorter horizon, fewer replications) or a longer limit",
                    seconds=self.time_limit_s,
                )
            )
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state.value,
            "step": self.step,
            "done": round(self.done, 3),
            "elapsed_s": round(time.monotonic() - self.started, 1),
            "time_limit_s": self.time_limit_s,
            "result": self.result,
            "error": self.error,
        }

    def fail(self, error: InputError) -> None:
        self.state = JobState.FAILED
        self.error = (
            error.as_dict()
            if isinstance(error, PlanningError)
            else {"code": "input", "message": str(error), "values": {}}
        )


class JobRunner:
    """Runs jobs on a few threads (the machine's cores are the API's too).

    The threads are daemons: a server that stops does not wait for a search or a
    simulation nobody will read (jobs live only in this process anyway).
    """

    def __init__(self, workers: int = 1) -> None:
        self._queue: SimpleQueue[tuple[Job, Work] | None] = SimpleQueue()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._ids = itertools.count(1)
        self._lock = Lock()
        self._closed = False
        self._threads = [
            Thread(target=self._serve, name=f"tamas-plan-{n}", daemon=True) for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, kind: str, owner: int, time_limit_s: float, work: Work) -> Job:
        job = Job(f"{kind}-{next(self._ids)}", kind, owner, time_limit_s)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)
        self._queue.put((job, work))
        return job

    def get(self, job_id: str, owner: int) -> Job | None:
        """The job, if `owner` started it."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def close(self) -> None:
        """Drop the jobs not started and wait for the running ones (within their limits)."""
        self._closed = True
        for _thread in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()

    def _serve(self) -> None:
        while (item := self._queue.get()) is not None:
            if not self._closed:
                self._run(*item)

    def _run(self, job: Job, work: Work) -> None:
        job.started = time.monotonic()

        def progress(step: str, done: float) -> None:
            if job.state is JobState.RUNNING:
                job.step, job.done = step, done

        try:
            result = work(progress, job.in_time)
        except InputError as error:
            if job.state is JobState.RUNNING:
                job.fail(error)
            return
        except Exception:
            log.exception("planning job %s failed", job.id)
            if job.state is JobState.RUNNING:
                job.fail(PlanningError("internal", "the job failed inside Tamas; see the log"))
            return
        if job.state is JobState.RUNNING and job.in_time():
            job.result, job.state, job.step, job.done = result, JobState.DONE, "done", 1.0
        else:
            job.as_dict()
