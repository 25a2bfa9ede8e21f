"""The wheel carries the data: built, installed in a fresh venv, loaded from outside the repo
(checked by .ci/check-wheel, which a release runs too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_loads_every_table(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # Lend the dependencies already installed here (no network): a .pth line is appended after
    # the venv's own site-packages, so the wheel's copy of the package wins, and .pth files in
    # the lent folder (such as an editable install) are not processed.
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    lent = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pandas, pathlib; print(pathlib.Path(pandas.__file__).parents[1])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "lent-dependencies.pth").write_text(lent + "\n", encoding="utf-8")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    # The same checks as before a release (.ci/release): one definition of them.
    check = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "check-wheel"), str(wheel), str(py)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
