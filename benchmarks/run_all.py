"""Run every benchmark script and write their tables, with machine and versions, to RESULTS.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pandas as pd

import baicheng_report as br

HERE = Path(__file__).parent


def main() -> None:
    sections = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, "
        f"baicheng-report {br.__version__}.",
        "",
    ]
    for script in sorted(HERE.glob("bench_*.py")):
        out = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, check=True
        ).stdout
        sections += [f"## {script.stem}", "", out.strip(), ""]
        print(out, end="")
    (HERE / "RESULTS.md").write_text("\n".join(sections), encoding="utf-8")


if __name__ == "__main__":
    main()
