"""What every part of the benchmark shares: the scale, the stores and the timer."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nap_data.bench import stores

# W2 is defined by these two row counts at scale 1 (the million of each).
W2_REPORTS = 1_000_000
W2_VALUES = 1_000_000


@dataclass
class Context:
    scale: float
    runs: int
    workdir: Path
    verbose: bool = True
    # A smoke run (make test) checks that every part still runs, on tiny sizes: its
    # figures say nothing about speed.
    smoke: bool = False
    _urls: dict[str, str] = field(default_factory=dict)

    @property
    def w2_reports(self) -> int:
        return max(1_000, int(W2_REPORTS * self.scale))

    @property
    def w2_values(self) -> int:
        return max(1_000, int(W2_VALUES * self.scale))

    @property
    def return_sizes(self) -> tuple[int, int]:
        """The rows of the two returns that are validated and imported."""
        return (50, 200) if self.smoke else (1_000, 50_000)

    def log(self, message: str) -> None:
        if self.verbose:
            print(f"[bench] {message}", file=sys.stderr, flush=True)

    def w1(self) -> str:
        """The URL of a SQLite store with the demo data (built once per run)."""
        if "w1" not in self._urls:
            t = time.perf_counter()
            self._urls["w1"] = stores.build_w1(self.workdir / "w1.db")
            self.log(f"W1 store built in {time.perf_counter() - t:.1f} s")
        return self._urls["w1"]

    def w2(self) -> str:
        """The URL of a SQLite store with `w2_reports` activity reports and `w2_values`
        indicator values, made with the demo generator's logic (built once per run)."""
        if "w2" not in self._urls:
            t = time.perf_counter()
            self._urls["w2"] = stores.build_w2(
                self.workdir / f"w2-{self.w2_reports}.db", self.w2_reports, self.w2_values
            )
            self.log(f"W2 store built in {time.perf_counter() - t:.1f} s")
        return self._urls["w2"]

    def median(
        self, fn: Callable[[], object], runs: int | None = None, warmup: int = 1
    ) -> tuple[float, tuple[float, ...]]:
        """The median wall time of `fn` in seconds and the single runs, after `warmup`
        untimed calls (a cold figure passes warmup=0 and prepares its own cold state)."""
        for _ in range(warmup):
            fn()
        samples = []
        for _ in range(runs or self.runs):
            gc.collect()
            t = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t)
        return statistics.median(samples), tuple(samples)
