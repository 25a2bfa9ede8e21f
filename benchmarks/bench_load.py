"""Cold `br.load("metrics")` against cold `pd.read_csv` of the same file: ratio of medians.

Each run is a fresh interpreter; the two commands alternate so drift hits both equally.
Target: at most 1.15.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import baicheng_report as br

RUNS = 21
TARGET = 1.15


def _time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    path = br.data_path("metrics")
    ours = "import baicheng_report as br; br.load('metrics')"
    bare = f"import pandas as pd; pd.read_csv({str(path)!r})"
    _time(ours), _time(bare)  # warm the file-system cache, not the interpreters
    ours_t, bare_t = [], []
    for _ in range(RUNS):
        ours_t.append(_time(ours))
        bare_t.append(_time(bare))
    ratio = statistics.median(ours_t) / statistics.median(bare_t)
    print("| benchmark | ours (median s) | baseline (median s) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| cold load('metrics') vs pd.read_csv | {statistics.median(ours_t):.3f} | "
        f"{statistics.median(bare_t):.3f} | {ratio:.3f} | ≤ {TARGET} |"
    )


if __name__ == "__main__":
    main()
