"""The test suite's cost against its targets (issue 25):

- `make check` (lint, types, every test without a book build or a browser): under 60 s on two
  cores;
- one full `make test` against one clean `baicheng-report build --force --pdf` (both editions, on
  a copy of the book): at most 5 times the build.

Method: ROUNDS rounds (3 by default: the median of three), each running the commands one after
the other, so that a change in the machine's load falls on every command of a round. Three
figures per command: wall-clock seconds (what the targets name; noisy on a shared machine), CPU
seconds (user + system of every process the command ran and waited for, from getrusage: nearly
the same however busy the machine is, so the ratio of CPU seconds is the figure to compare
between machines), and the sum of pytest's `--durations=0` (the tests' own time, without start-up
and collection).

    python benchmarks/bench_suite.py          # make check, then make test against a build
    python benchmarks/bench_suite.py --check  # make check alone (minutes rather than an hour)

Slow by nature (the suite builds the book itself); run by `make bench`, not by the tests.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ROUNDS = int(os.environ.get("BENCH_SUITE_ROUNDS", "3"))
CHECK_TARGET_S = 60.0
SUITE_TARGET = 5.0
DURATION = re.compile(r"^(\d+\.\d+)s (?:call|setup|teardown) ", re.M)
# the tests' own times, for every test; no cache so that every round starts alike
PYTEST_ARGS = "PYTEST_ARGS=--durations=0 -p no:cacheprovider"


@dataclass
class Run:
    wall: float
    cpu: float
    durations: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], cwd: Path) -> Run:
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode != 0:  # pytest's report of the failures, not only its summary
        at = done.stdout.find("= FAILURES =")
        report = done.stdout[at : at + 6000] if at >= 0 else done.stdout[-3000:]
        sys.exit(f"{' '.join(cmd)} failed:\n{report}\n{done.stderr[-3000:]}")
    return Run(wall, cpu, sum(float(s) for s in DURATION.findall(done.stdout)))


def _make(target: str) -> Run:
    return _run(["make", "--no-print-directory", target, PYTEST_ARGS], ROOT)


def _clean_build() -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        book.mkdir()
        for name in ("_config.yml", "_toc.yml", "requirements.lock"):
            shutil.copyfile(ROOT / name, book / name)
        shutil.copytree(ROOT / "book", book / "book", ignore=shutil.ignore_patterns("__pycache__"))
        out = book / "_build" / "html"
        build = [str(BIN / "baicheng-report"), "build", "--book-dir", str(book), "--out", str(out)]
        return _run([*build, "--force", "--pdf"], book)


def _median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


def main() -> None:
    check_only = "--check" in sys.argv[1:]
    checks: list[Run] = []
    suites: list[Run] = []
    builds: list[Run] = []
    for _ in range(ROUNDS):
        checks.append(_make("check"))
        if not check_only:
            builds.append(_clean_build())
            suites.append(_make("test"))
    print(f"Median of {ROUNDS} interleaved rounds; CPU: user + system of every child process.")
    print()
    print("| benchmark | wall (s) | CPU (s) | pytest durations (s) | target |")
    print("|---|---|---|---|---|")
    wall = _median(checks, "wall")
    met = "met" if wall < CHECK_TARGET_S else "missed"
    print(
        f"| `make check` | {wall:.0f} | {_median(checks, 'cpu'):.0f} "
        f"| {_median(checks, 'durations'):.0f} | < {CHECK_TARGET_S:.0f} s wall ({met}) |"
    )
    if check_only:
        return
    print()
    print("| benchmark | suite (s) | build (s) | ratio | target |")
    print("|---|---|---|---|---|")
    for field, what in (("wall", "wall-clock"), ("cpu", "CPU")):
        suite, built = _median(suites, field), _median(builds, field)
        met = "met" if suite / built <= SUITE_TARGET else "missed"
        print(
            f"| one full `make test` vs one clean `build --force --pdf`, {what} | {suite:.0f} "
            f"| {built:.0f} | {suite / built:.2f} | ≤ {SUITE_TARGET:.0f} ({met}) |"
        )
    print(f"\n`make test`'s pytest durations sum to {_median(suites, 'durations'):.0f} s (median).")


if __name__ == "__main__":
    main()
