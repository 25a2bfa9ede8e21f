"""Build speed, each ratio measured in one run on copies of the book in a temporary folder.

- clean build of the English edition (`baicheng-report build --lang en`, empty cache) against
  plain `jupyter-book build` with `execute_notebooks: force` on the same notebooks; target at most
  0.6;
- no-change rebuild against the clean build; target at most 0.05;
- for information, a clean build of both editions (twice the notebooks) against the same baseline.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml", "requirements.lock"):
        shutil.copyfile(ROOT / name, target / name)
    shutil.copytree(ROOT / "book", target / "book", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ours = _copy(Path(tmp) / "ours")
        build = [
            str(BIN / "baicheng-report"),
            "build",
            "--book-dir",
            str(ours),
            "--out",
            str(ours / "_build" / "html"),
            "--lang",
            "en",
        ]
        clean = _timed(build, ours)
        nochange = _timed(build, ours)
        both = _copy(Path(tmp) / "both")
        editions = _timed([*build[:3], str(both), "--out", str(both / "_build" / "html")], both)

        plain = _copy(Path(tmp) / "plain")
        config = (plain / "_config.yml").read_text(encoding="utf-8")
        (plain / "_config.yml").write_text(
            config.replace('execute_notebooks: "off"', 'execute_notebooks: "force"'),
            encoding="utf-8",
        )
        # the plain build serves the same static bundle the real build writes
        shutil.copyfile(
            ours / "_build" / "html" / "en" / "_static" / "vega-bundle.js",
            plain / "book" / "_static" / "vega-bundle.js",
        )
        baseline = _timed(
            [str(BIN / "jupyter-book"), "build", str(plain), "-n", "-W", "--keep-going", "-q"],
            plain,
        )
    print("| benchmark | ours (s) | baseline (s) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| clean build (en) vs plain jupyter-book (execute: force) | {clean:.1f} | {baseline:.1f} "
        f"| {clean / baseline:.3f} | ≤ 0.6 |"
    )
    print(
        f"| no-change rebuild vs clean build | {nochange:.2f} | {clean:.1f} "
        f"| {nochange / clean:.4f} | ≤ 0.05 |"
    )
    print(
        f"| clean build, both editions (en + zh) vs plain jupyter-book (en only) | {editions:.1f} "
        f"| {baseline:.1f} | {editions / baseline:.3f} | (information) |"
    )


if __name__ == "__main__":
    main()
