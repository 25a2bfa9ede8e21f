"""Full validation of the packaged data (every schema, cross-table rule and hash) in a cold
process, against a cold process that only imports pandas and pandera: the two alternate, and the
difference of their medians is the work of validation beyond those imports. Target: at most
1.0 s. For information, the same in a warm process against bare `pd.read_csv` of every table.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import pandas as pd

import baicheng_report as br
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.dataset.validation import validate_dir

RUNS = int(os.environ.get("BENCH_RUNS", "11"))
TARGET = 1.0
IMPORTS = "import pandas, pandera.pandas"
VALIDATE = (
    IMPORTS + "; from baicheng_report.dataset.paths import package_data_dir; "
    "from baicheng_report.dataset.validation import validate_dir; "
    "assert validate_dir(package_data_dir()) == []"
)


def _cold(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def _median(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    _cold(IMPORTS)  # warm the file-system cache, not the interpreters
    imports, full = [], []
    for _ in range(RUNS):
        imports.append(_cold(IMPORTS))
        full.append(_cold(VALIDATE))
    beyond = statistics.median(full) - statistics.median(imports)

    data = package_data_dir()
    assert validate_dir(data) == []
    warm = _median(lambda: validate_dir(data, check_package=True), RUNS)
    bare = _median(lambda: [pd.read_csv(br.data_path(n)) for n in br.list_tables()], RUNS)
    print("| benchmark | ours (median s) | baseline (median s) | measured | target |")
    print("|---|---|---|---|---|")
    print(
        f"| cold full validation vs cold import of pandas and pandera, {RUNS} interleaved runs "
        f"| {statistics.median(full):.2f} | {statistics.median(imports):.2f} "
        f"| {beyond:.2f} s beyond imports | ≤ {TARGET} s |"
    )
    print(
        f"| warm validation (unchanged tables are cached) vs bare pd.read_csv of every table "
        f"| {warm:.3f} | {bare:.4f} | {warm / bare:.1f}× | (information) |"
    )


if __name__ == "__main__":
    main()
