"""`br.load` against bare pandas, two ways.

- Cold: a fresh interpreter runs `br.load("metrics")`, another `pd.read_csv` of the same file;
  the two alternate so drift hits both equally; ratio of medians of RUNS pairs. Target <= 1.15.
- In process, for every table: `br.load(name)` (which also checks the file's SHA-256) against
  `pd.read_csv(path, dtype=...)` with the same dtypes and missing-value rules, calls alternating;
  ratio of medians of CALLS calls each. Target <= 1.3 for each table.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import pandas as pd

import baicheng_report as br
from baicheng_report.tables import pandas_dtypes, resource

RUNS = int(os.environ.get("BENCH_RUNS", "21"))
CALLS = int(os.environ.get("BENCH_CALLS", "200"))
COLD_TARGET, WARM_TARGET = 1.15, 1.3


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


def _in_process(name: str) -> tuple[float, float]:
    path = br.data_path(name)
    dtypes = pandas_dtypes(resource(name)["schema"]["fields"])

    def bare() -> pd.DataFrame:
        return pd.read_csv(
            path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8"
        )

    pd.testing.assert_frame_equal(br.load(name), bare())  # the same work, the same result
    ours_t, bare_t = [], []
    for _ in range(CALLS):
        start = time.perf_counter()
        br.load(name)
        ours_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare()
        bare_t.append(time.perf_counter() - start)
    return statistics.median(ours_t), statistics.median(bare_t)


def main() -> None:
    ours, bare = _cold()
    print("| benchmark | ours (median s) | baseline (median s) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| cold load('metrics') vs pd.read_csv, {RUNS} interleaved runs | {ours:.3f} | "
        f"{bare:.3f} | {ours / bare:.3f} | ≤ {COLD_TARGET} |"
    )
    for name in br.list_tables():
        ours, bare = _in_process(name)
        print(
            f"| in process, load('{name}') vs pd.read_csv with its dtypes, {CALLS} calls | "
            f"{ours * 1000:.2f} ms | {bare * 1000:.2f} ms | {ours / bare:.3f} | ≤ {WARM_TARGET} |"
        )


if __name__ == "__main__":
    main()
