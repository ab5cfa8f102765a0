"""Several files at once: a task run for every file in worker processes, each file with a time limit.

``run_many(paths, task, ...)`` runs ``task(path, **kwargs)`` (a module-level function, so the
``spawn`` start method can import it in the worker: the same on Windows, macOS and Linux) in at
most ``workers`` processes that each take file after file. Results come back in the order of
``paths``, each as soon as it and every earlier one are done. A file that overruns the time
limit gets one issue (R027) and its process is stopped and replaced; a worker that dies or a
task that raises gives that file one ``internal`` issue. Nothing is lost and nothing hangs.

Each worker holds up to ``AHEAD`` files: the one it works on and the next, already sent, so it
goes on while the parent takes in a result (and while the caller writes it) instead of
waiting for its next path. A file's time limit counts from when the parent has the result of
the file before it on that worker (from when it was sent, for a worker's first file): never
less than the limit, at most the parent's handling of one result more. When a worker is
stopped (time limit) or dies, the files still queued on it go back to the front of the queue.

``validate_many`` and ``validate_paths`` are the validation chain (``somxl.workbook_in.validate``) run this
way; ``collect`` runs its own task (validate and calculate one file) through ``run_many``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from somxl.base.report import Issue, Report
from somxl.model.spec import load_spec, prime_spec
from somxl.workbook_in.validate import Validation, validate_file

__all__ = ["DEFAULT_TIMEOUT", "run_many", "validate_many", "validate_paths"]

DEFAULT_TIMEOUT = 120.0  # seconds per file; a SØM workbook validates in well under a second
AHEAD = 2  # files sent to a worker at once: the one in hand and the next


def _worker(conn: Any, task: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    """Worker process entry (module level, so ``spawn`` can import it): take the parent's template
    spec (one unpickling instead of parsing the YAML again in every worker) and the arguments
    ``run_many``'s ``setup`` made, then run ``task`` on each path it is sent and send the result
    back, until it is sent None."""
    try:
        first = conn.recv()
    except (EOFError, OSError):
        return
    if first is None:  # stopped before it was given anything: the parent's setup failed
        return
    spec, more = first
    prime_spec(spec)
    kwargs = {**kwargs, **more}
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        try:
            result = task(path, **kwargs)
        except Exception as exc:  # a bug must become one issue for this file, not a lost result
            result = _failed(path, kwargs.get("strict", False), repr(exc))
        conn.send(result)


class _Worker:
    """One worker process and its pipe; it handles file after file, so the cost of starting a
    ``spawn`` process (about 0.3 s: a new interpreter importing somxl) is paid once per worker,
    not once per file. A worker that overruns the time limit is killed and replaced."""

    def __init__(self, ctx: Any, task: Callable[..., Any], kwargs: dict[str, Any]) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker, args=(child, task, kwargs), daemon=True)
        self.proc.start()
        child.close()
        self.jobs: deque[tuple[int, str]] = deque()  # (index, path) sent, the first in hand
        self.started = 0.0  # when the first of ``jobs`` started (as far as the parent knows)

    @property
    def job(self) -> tuple[int, str, float]:
        """The file in hand: (index, path, started)."""
        index, path = self.jobs[0]
        return index, path, self.started

    def send(self, message: Any) -> None:
        try:
            self.conn.send(message)
        except OSError:  # it died since its last answer: reading its answer tells (and requeues)
            pass

    def give(self, index: int, path: str) -> None:
        self.send(path)
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append((index, path))

    def next_job(self) -> None:
        """The file in hand is answered: the next one sent (if any) is in hand from now."""
        self.jobs.popleft()
        self.started = time.monotonic()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(timeout=5)
        self.kill()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join()
        self.conn.close()


def _failed(path: str, strict: bool, detail: str) -> Validation:
    return Validation(Report(file=path, strict=strict, issues=[Issue("internal", params={"detail": detail})]))


def _timed_out(path: str, strict: bool, seconds: float) -> Validation:
    return Validation(Report(file=path, strict=strict, issues=[Issue("R027", params={"seconds": float(seconds)})]))


def _answer(worker: _Worker, ready: list[Any], timeout: float, strict: bool) -> tuple[Any, bool] | None:
    """A busy worker's result for its file and whether the worker can take another file; None
    while it is still working within the time limit."""
    _, path, started = worker.job
    if worker.conn in ready:
        try:
            return worker.conn.recv(), True
        except (EOFError, OSError):  # the process died without an answer
            return _failed(path, strict, f"worker exit code {worker.proc.exitcode}"), False
    if time.monotonic() - started >= timeout:
        return _timed_out(path, strict, timeout), False
    return None


def run_many(paths: list[Path | str], task: Callable[..., Any], *, timeout: float = DEFAULT_TIMEOUT,
             workers: int | None = None, context: Any = None, setup: Callable[[], dict[str, Any]] | None = None,
             **kwargs: Any) -> Iterator[tuple[int, Any]]:
    """Run ``task(path, **kwargs)`` (a module-level function) for every path in worker processes
    (at most ``workers`` at once, each taking file after file), every file stopped after
    ``timeout`` seconds. Yields ``(index, result)`` in the order of ``paths``, each as soon as it
    and every earlier one are done, so a caller can write results as they come; a file that
    overran or whose worker died yields a ``Validation`` with one issue (R027, internal) instead.

    ``setup``, when given, makes more arguments for ``task`` (a dict, sent to every worker once)
    while the workers start: what the parent prepares for them (the template spec, the
    catalogue's names) then costs no wall time, the workers' start-up (~0.2 s each, a new
    interpreter importing somxl) running meanwhile."""
    ctx = context or mp.get_context("spawn")
    n_workers = max(1, workers or min(len(paths), os.cpu_count() or 1, 8))
    strict = kwargs.get("strict", False)
    pending = [(i, str(p)) for i, p in enumerate(paths)]
    pending.reverse()  # pop() from the end takes the first path
    done: dict[int, Any] = {}
    next_out = 0
    workers_: list[_Worker] = []
    first: tuple[Any, dict[str, Any]] = (None, {})  # what a worker is sent first: the spec, setup's arguments

    def start() -> _Worker:  # a worker replacing one that was stopped or died
        worker = _Worker(ctx, task, kwargs)
        worker.send(first)
        return worker

    try:
        if pending:  # every worker starts before the parent makes what they are sent first
            workers_ = [_Worker(ctx, task, kwargs) for _ in range(min(n_workers, len(pending)))]
            first = (load_spec(), setup() if setup is not None else {})
            for worker in workers_:
                worker.send(first)
        while pending or any(w.jobs for w in workers_):
            _feed(workers_, pending, n_workers, start)
            busy = [w for w in workers_ if w.jobs]
            left = min(w.started + timeout - time.monotonic() for w in busy)
            ready = wait([w.conn for w in busy], timeout=max(0.0, left))
            for worker in busy:
                answer = _answer(worker, ready, timeout, strict)
                if answer is None:
                    continue
                done[worker.job[0]], reusable = answer
                worker.next_job()
                if not reusable:  # the files queued on it go back first in line
                    pending.extend(reversed(worker.jobs))
                    workers_.remove(worker)
                    worker.kill()
            while next_out in done:
                yield next_out, done.pop(next_out)
                next_out += 1
    finally:
        for worker in workers_:
            if worker.jobs:
                worker.kill()
            else:
                worker.stop()


def _feed(workers: list[_Worker], pending: list[tuple[int, str]], n_workers: int,
          start: Callable[[], _Worker]) -> None:
    """Send pending files to the worker with the fewest in hand, up to ``AHEAD`` each; start a
    new worker (up to ``n_workers``) rather than queue a second file on a busy one."""
    while pending:
        worker = min(workers, key=lambda w: len(w.jobs), default=None)
        if (worker is None or worker.jobs) and len(workers) < n_workers:
            worker = start()
            workers.append(worker)
        elif worker is None or len(worker.jobs) >= AHEAD:
            return
        worker.give(*pending.pop())


def validate_many(paths: list[Path | str], *, strict: bool = False, catalog: Any = None,
                  timeout: float = DEFAULT_TIMEOUT, workers: int | None = None,
                  context: Any = None) -> list[Validation]:
    """Validate ``paths`` in worker processes (``run_many``), every file stopped after ``timeout``
    seconds. Results come back in the order of ``paths``."""
    return [v for _, v in run_many(paths, validate_file, timeout=timeout, workers=workers, context=context,
                                   strict=strict, catalog=catalog)]


def validate_paths(paths: list[Path | str], *, strict: bool = False, catalog: Any = None,
                   timeout: float = DEFAULT_TIMEOUT) -> list[Validation]:
    """One file in this process (the fast path), several in parallel worker processes."""
    if len(paths) == 1:
        return [validate_file(paths[0], strict=strict, catalog=catalog)]
    return validate_many(paths, strict=strict, catalog=catalog, timeout=timeout)
