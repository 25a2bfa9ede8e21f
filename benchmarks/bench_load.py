"""`br.load` against bare pandas, two ways.

- Cold: a fresh interpreter runs `br.load("metrics")`, another `pd.read_csv` of the same file;
  the two alternate so drift hits both equally; ratio of medians of RUNS pairs. Target <= 1.15.
- In process, for every table: `br.load(name)` (which also checks the file's SHA-256 and reads
  through the guard) against `pd.read_csv(path, dtype=<resolved dtypes>)` with the same missing-
  value rules, calls alternating; ratio of medians of CALLS calls each. Target <= 1.1 for each
  table. The baseline's dtypes are dtype objects, resolved once here: dtype *names* cost pandas
  about as much to resolve on every call as the rest of the read, and a baseline that paid it
  too would hide the same cost in `load`. The last column says what the names cost, for scale.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

import baicheng_report as br
from baicheng_report.dataset.tables import pandas_dtypes, resource

RUNS = int(os.environ.get("BENCH_RUNS", "21"))
CALLS = int(os.environ.get("BENCH_CALLS", "400"))
COLD_TARGET, WARM_TARGET = 1.15, 1.1


def _time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def _cold() -> tuple[float, float]:
    path = br.data_path("metrics")
    ours = "import baicheng_report as br; br.load('metrics')"
    bare = f"import pandas as pd; pd.read_csv({str(path)!r})"
    _time(ours), _time(bare)  # warm the file-system cache, not the interpreters
    ours_t, bare_t = [], []
    for _ in range(RUNS):
        ours_t.append(_time(ours))
        bare_t.append(_time(bare))
    return statistics.median(ours_t), statistics.median(bare_t)


def _median_ms(calls: list[Callable[[], object]]) -> list[float]:
    """Each callable's median time in ms over CALLS rounds, the calls alternating in a round."""
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(CALLS):
        for call, spent in zip(calls, times, strict=True):
            start = time.perf_counter()
            call()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) * 1000 for spent in times]


def _in_process(name: str) -> tuple[float, float, float]:
    path = br.data_path(name)
    names = pandas_dtypes(resource(name)["schema"]["fields"])
    resolved = {column: pd.api.types.pandas_dtype(dtype) for column, dtype in names.items()}

    def bare(dtype: dict[str, Any]) -> pd.DataFrame:
        return pd.read_csv(
            path, dtype=dict(dtype), keep_default_na=False, na_values=[""], encoding="utf-8"
        )

    pd.testing.assert_frame_equal(br.load(name), bare(resolved))  # the same work, the same result
    ours, baseline, by_name = _median_ms(
        [lambda: br.load(name), lambda: bare(resolved), lambda: bare(names)]
    )
    return ours, baseline, by_name


def main() -> None:
    ours, bare = _cold()
    print("| benchmark | ours (median s) | baseline (median s) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| cold load('metrics') vs pd.read_csv, {RUNS} interleaved runs | {ours:.3f} | "
        f"{bare:.3f} | {ours / bare:.3f} | ≤ {COLD_TARGET} |"
    )
    print()
    print(
        "| in process, load(name) vs pd.read_csv with resolved dtypes, "
        f"median of {CALLS} alternating calls | ours | baseline | ratio | target "
        "| read_csv with dtype names (ratio to baseline) |"
    )
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for name in br.list_tables():
        ours, bare, by_name = _in_process(name)
        worst = max(worst, ours / bare)
        print(
            f"| {name} | {ours:.2f} ms | {bare:.2f} ms | {ours / bare:.3f} | ≤ {WARM_TARGET} "
            f"| {by_name:.2f} ms ({by_name / bare:.2f}) |"
        )
    verdict = "met" if worst <= WARM_TARGET else "NOT met"
    print(f"\nWorst ratio: {worst:.3f} (target ≤ {WARM_TARGET}: {verdict}).")


if __name__ == "__main__":
    main()
