"""One executor abstraction: serial, local process pool, Dask. Same task functions, same outputs.

Each backend offers ``submit(fn, *args) -> future`` and ``wait_any(futures) -> (done, pending)``; the
parent drives the batch and handles every result itself (OCRmyPDF ``_concurrent.py`` does the same).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from typing import Any, Callable, Iterable, Protocol

from .errors import BadArgsError, MissingDependencyError

EXECUTORS = ("auto", "serial", "pool", "dask", "dask-local")


class Executor(Protocol):
    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...
    def wait_any(self, futures: Iterable[Any]) -> tuple[set[Any], set[Any]]: ...
    def result(self, future: Any) -> Any: ...
    def close(self) -> None: ...


class SerialExecutor:
    """Runs tasks one at a time, in submission order, when the parent waits: the debugging path (``-j 1``).

    Deferring to ``wait_any`` (rather than running at ``submit``) keeps the order a pool would give, so
    each document is written as soon as it is done and a killed run loses at most one document.
    """

    def __init__(self) -> None:
        self._queue: list[tuple[cf.Future, Callable[..., Any], tuple]] = []

    def submit(self, fn, *args):
        future: cf.Future = cf.Future()
        self._queue.append((future, fn, args))
        return future

    def wait_any(self, futures):
        futures = set(futures)
        done = {f for f in futures if f.done()}
        while not done and self._queue:
            future, fn, args = self._queue.pop(0)
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # handed to the parent like a pool would
                future.set_exception(exc)
            if future in futures:
                done.add(future)
        return done, futures - done

    def result(self, future):
        return future.result()

    def close(self) -> None:
        self._queue.clear()


def _init_worker() -> None:
    # Tesseract's OpenMP threads fight the pool for cores; one thread per process is fastest here.
    os.environ["OMP_THREAD_LIMIT"] = "1"


class PoolExecutor:
    def __init__(self, jobs: int) -> None:
        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        self._pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker)

    def submit(self, fn, *args):
        return self._pool.submit(fn, *args)

    def wait_any(self, futures):
        done, pending = cf.wait(set(futures), return_when=cf.FIRST_COMPLETED)
        return set(done), set(pending)

    def result(self, future):
        return future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Dask distributed: a remote scheduler (``--scheduler tcp://host:8786``) or a LocalCluster."""

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise MissingDependencyError("the dask executor needs dask.distributed",
                                         hint="pip install 'kehoach[dask]'") from exc
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, env={"OMP_THREAD_LIMIT": "1"})
            self._client = Client(self._cluster)

    def submit(self, fn, *args):
        return self._client.submit(fn, *args, pure=False)

    def wait_any(self, futures):
        from distributed import wait

        done, pending = wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done), set(pending)

    def result(self, future):
        return future.result()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(kind: str, jobs: int, scheduler: str | None = None) -> Executor:
    if kind not in EXECUTORS:
        raise BadArgsError(f"unknown executor {kind!r}", hint=f"choose one of {', '.join(EXECUTORS)}")
    if kind == "dask" and not scheduler:
        raise BadArgsError("--executor dask needs --scheduler tcp://HOST:PORT", hint="or use --executor dask-local")
    if kind == "serial" or (kind == "auto" and jobs == 1):
        return SerialExecutor()
    if kind in ("dask", "dask-local"):
        return DaskExecutor(jobs, scheduler if kind == "dask" else None)
    return PoolExecutor(jobs)
