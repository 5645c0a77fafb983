"""Run one function over many items on every core, in forked worker processes, results in order.

The function is handed to the workers by ``fork`` (never pickled), so it may be a closure over
anything the caller holds, such as a site builder's configuration; its results must pickle.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

_task: dict[str, Callable[[Any], Any]] = {}  # the function a forked worker inherits
PARALLEL_MIN = 200  # below this many items, starting processes costs more than it saves


class Workers:
    """``function`` started on ``items`` in chunks; ``result(item)`` waits for that item's result."""

    def __init__(self, function: Callable[[Any], Any], items: Sequence[Any], processes: int, chunk: int = 16):
        _task["function"] = function
        self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
        self._waiting: dict[Any, tuple[Future, int]] = {}
        for start in range(0, len(items), chunk):
            part = list(items[start : start + chunk])
            future = self._pool.submit(_run, part)
            self._waiting |= {item: (future, i) for i, item in enumerate(part)}

    def __contains__(self, item: Any) -> bool:
        return item in self._waiting

    def result(self, item: Any) -> Any:
        future, index = self._waiting.pop(item)
        return future.result()[index]

    def stop(self) -> None:
        """Cancel what has not started and let the workers end (at once when nothing is running)."""
        self._pool.shutdown(wait=not self._waiting, cancel_futures=True)
        self._waiting.clear()


def _run(items: list[Any]) -> list[Any]:
    return [_task["function"](item) for item in items]


def each(function: Callable[[Any], Any], items: Sequence[Any], processes: int = 1) -> list[Any]:
    """Return ``[function(x) for x in items]``, computed in ``processes`` processes when there are many items."""
    if processes < 2 or len(items) < PARALLEL_MIN:
        return [function(x) for x in items]
    workers = Workers(lambda i: function(items[i]), range(len(items)), processes)
    try:
        return [workers.result(i) for i in range(len(items))]
    finally:
        workers.stop()
