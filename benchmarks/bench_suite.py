"""The whole test suite against one build: one full `make test` and one clean
`baicheng-report build --force --pdf` (both editions, on a copy of the book), measured in the
same run, one after the other. Target: the suite takes at most 5 times the build.

Slow by nature (the suite builds the book itself); run by `make bench`, not by the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET = 5.0
TEST_TARGET = os.environ.get("BENCH_SUITE_TARGET", "test")  # another make target, for a dry run


def _timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        book.mkdir()
        for name in ("_config.yml", "_toc.yml", "requirements.lock"):
            shutil.copyfile(ROOT / name, book / name)
        shutil.copytree(ROOT / "book", book / "book", ignore=shutil.ignore_patterns("__pycache__"))
        out = book / "_build" / "html"
        build = [str(BIN / "baicheng-report"), "build", "--book-dir", str(book), "--out", str(out)]
        built = _timed([*build, "--force", "--pdf"], book)
    suite = _timed(["make", "--no-print-directory", TEST_TARGET], ROOT)
    print("| benchmark | suite (s) | build (s) | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| one full `make {TEST_TARGET}` vs one clean `build --force --pdf` | {suite:.0f} "
        f"| {built:.0f} "
        f"| {suite / built:.2f} | ≤ {TARGET:.0f} |"
    )


if __name__ == "__main__":
    main()
