"""Where a sweep's chunks run: in this process, in worker processes, or on a Dask cluster.

``local`` (the default) runs the chunks one after another in this process; the engine splits
each chunk over a thread pool with one thread per core (numpy releases the GIL), which on
this 2-core machine is as fast as worker processes without their start-up cost.
``processes`` starts one worker process per core (each compiles the model once).

Every executor has the same small interface: ``submit(fn, arg)`` returns a future,
``wait(pending)`` returns ``(done, pending)`` as soon as one finishes, and ``close()``.
Results come back to the coordinating process, which alone writes files, so a remote Dask
cluster needs no shared disk.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os

from sdsim.errors import SdsimError

EXECUTORS = ("local", "processes", "dask")


class InProcessExecutor:
    """Run chunks one at a time in this process (the engine still uses its thread pool).

    A chunk runs when :meth:`wait` is called, so an interrupt stops the sweep between chunks
    with every earlier chunk already handed back.
    """

    workers = 1

    def __init__(self) -> None:
        self._seq = 0

    def submit(self, fn, arg) -> cf.Future:
        fut: cf.Future = cf.Future()
        self._seq += 1
        fut.call = (self._seq, fn, arg)
        return fut

    def wait(self, pending):
        pending = set(pending)
        fut = min(pending, key=lambda f: f.call[0])
        _, fn, arg = fut.call
        try:
            fut.set_result(fn(arg))
        except Exception as exc:  # noqa: BLE001 - re-raised by fut.result()
            fut.set_exception(exc)
        pending.discard(fut)
        return {fut}, pending

    def close(self) -> None:
        pass


def _init_worker() -> None:
    from sdsim.batch import compiled_model

    compiled_model()


class ProcessExecutor:
    """A pool of worker processes, one per core by default (each compiles the model once)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = int(workers or os.cpu_count() or 1)
        ctx = multiprocessing.get_context("spawn")
        self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx,
                                            initializer=_init_worker)

    def submit(self, fn, arg) -> cf.Future:
        return self._pool.submit(fn, arg)

    def wait(self, pending):
        done, rest = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
        return done, rest

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Chunks on a ``dask.distributed`` cluster (``address``) or a local cluster.

    Parameters
    ----------
    address : str, optional
        Scheduler address such as ``tcp://10.0.0.5:8786``; None starts a LocalCluster.
    workers : int, optional
        Workers of the local cluster (ignored with ``address``).
    client : distributed.Client, optional
        An existing client to use (not closed by :meth:`close`).
    timeout : str
        How long to try reaching the scheduler at ``address``.
    """

    def __init__(self, address: str | None = None, workers: int | None = None,
                 client=None, timeout: str = "10s") -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - dask[distributed] is a dependency
            raise SdsimError("--executor dask needs dask[distributed]; "
                             "pip install 'dask[distributed]'.") from None
        self._own = client is None
        self._cluster = None
        if client is not None:
            self.client = client
        elif address:
            try:
                self.client = Client(address, timeout=timeout)
            except (OSError, TimeoutError) as exc:
                raise SdsimError(f"--address {address}: cannot reach a Dask scheduler "
                                 f"({exc}); start one with `dask scheduler` and workers with "
                                 f"`dask worker {address}`.") from None
        else:
            self._cluster = LocalCluster(n_workers=int(workers or os.cpu_count() or 1),
                                         threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self.client = Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def submit(self, fn, arg):
        return self.client.submit(fn, arg, pure=False)

    def wait(self, pending):
        from distributed import wait

        res = wait(list(pending), return_when="FIRST_COMPLETED")
        return set(res.done), set(res.not_done)

    def close(self) -> None:
        if self._own:
            self.client.close()
            if self._cluster is not None:
                self._cluster.close()


def make_executor(kind: str = "local", address: str | None = None,
                  workers: int | None = None, client=None):
    """Build an executor by name: 'local' (this process), 'processes' or 'dask'."""
    if client is not None:
        return DaskExecutor(client=client)
    if kind == "local":
        return InProcessExecutor()
    if kind == "processes":
        return ProcessExecutor(workers)
    if kind == "dask":
        return DaskExecutor(address, workers)
    raise SdsimError(f"unknown executor {kind!r}; use one of {', '.join(EXECUTORS)}.")
