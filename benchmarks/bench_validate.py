"""Full validation of the packaged data (every schema, cross-table rule and hash), in process
and warm, against reading the same CSVs with bare pandas: ratio of medians."""

from __future__ import annotations

import statistics
import time

import pandas as pd

import baicheng_report as br
from baicheng_report.paths import package_data_dir
from baicheng_report.validate import validate_dir

RUNS = 9


def _median(action: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    data = package_data_dir()
    assert validate_dir(data) == []  # warm: imports and the cached text derivation
    ours = _median(lambda: validate_dir(data))
    bare = _median(lambda: [pd.read_csv(br.data_path(n)) for n in br.list_tables()])
    print("| benchmark | ours (median s) | baseline (median s) | ratio |")
    print("|---|---|---|---|")
    print(
        f"| full validation vs bare pd.read_csv of every table | {ours:.3f} | {bare:.4f} "
        f"| {ours / bare:.1f} |"
    )


if __name__ == "__main__":
    main()
