"""Build speed: each figure is the median of RUNS rounds; in each round every kind of build runs
once, one after another (interleaved), each on a fresh copy of the book with an empty cache.

- clean build of the English edition with the default worker count (stated), and with `--jobs 1`
  so that the gain of one warm kernel per worker shows apart from parallelism, against plain
  `jupyter-book build` with `execute_notebooks: force` on the same notebooks, which first makes
  its own Vega bundle as our build does; target at most 0.6 (default workers);
- no-change rebuild against the clean build; target at most 0.05;
- for information, a clean build of both editions against the same baseline.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baicheng_report.report.build import default_jobs

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
MAKE_BUNDLE = (
    "import sys; from pathlib import Path; from baicheng_report.report import charts; "
    "Path(sys.argv[1]).write_text(charts.vega_bundle(), encoding='utf-8')"
)


def _copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml", "requirements.lock"):
        shutil.copyfile(ROOT / name, target / name)
    shutil.copytree(ROOT / "book", target / "book", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _timed(*commands: list[str]) -> float:
    start = time.perf_counter()
    for cmd in commands:
        subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def _ours(book: Path, *extra: str) -> list[str]:
    out = str(book / "_build" / "html")
    return [str(BIN / "baicheng-report"), "build", "--book-dir", str(book), "--out", out, *extra]


def _plain(book: Path) -> list[list[str]]:
    config = (book / "_config.yml").read_text(encoding="utf-8")
    (book / "_config.yml").write_text(
        config.replace('execute_notebooks: "off"', 'execute_notebooks: "force"'), encoding="utf-8"
    )
    bundle = book / "book" / "_static" / "vega-bundle.js"
    return [
        [sys.executable, "-c", MAKE_BUNDLE, str(bundle)],
        [str(BIN / "jupyter-book"), "build", str(book), "-n", "-W", "--keep-going", "-q"],
    ]


def main() -> None:
    jobs = default_jobs()
    times: dict[str, list[float]] = {k: [] for k in ("ours", "jobs1", "nochange", "both", "plain")}
    for i in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            ours = _copy(base / "ours")
            times["ours"].append(_timed(_ours(ours, "--lang", "en", "--jobs", str(jobs))))
            times["nochange"].append(_timed(_ours(ours, "--lang", "en", "--jobs", str(jobs))))
            one = _copy(base / "one")
            times["jobs1"].append(_timed(_ours(one, "--lang", "en", "--jobs", "1")))
            times["plain"].append(_timed(*_plain(_copy(base / "plain"))))
            both = _copy(base / "both")
            times["both"].append(_timed(_ours(both, "--jobs", str(jobs))))
        print(f"round {i + 1}/{RUNS} done", file=sys.stderr)
    med = {k: statistics.median(v) for k, v in times.items()}
    plain = med["plain"]
    print(f"Medians of {RUNS} interleaved rounds; default workers: {jobs} (of {os.cpu_count()}).")
    print()
    print("| benchmark | ours (median s) | baseline (median s) | ratio | target |")
    print("|---|---|---|---|---|")
    rows = [
        (f"clean build (en), --jobs {jobs}, vs plain jupyter-book (execute: force)", "ours", plain),
        ("clean build (en), --jobs 1, vs the same baseline", "jobs1", plain),
        ("no-change rebuild vs clean build", "nochange", med["ours"]),
        ("clean build, both editions, vs the same baseline (en only)", "both", plain),
    ]
    targets = {"ours": "≤ 0.6", "nochange": "≤ 0.05"}
    for label, key, baseline in rows:
        print(
            f"| {label} | {med[key]:.2f} | {baseline:.2f} | {med[key] / baseline:.3f} "
            f"| {targets.get(key, '(information)')} |"
        )


if __name__ == "__main__":
    main()
