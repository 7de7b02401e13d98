"""What the benchmark scripts share: the best of a few runs, and the process's peak memory."""

from __future__ import annotations

import resource
import time
from typing import Any, Callable


def best(run: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The shortest of `repeat` runs, in seconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def peak_mib() -> float:
    """The process's peak resident memory so far (ru_maxrss), in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
