"""The wheel carries the data: built, installed in a fresh venv, loaded from outside the repo."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_loads_every_table(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "baicheng_report/data/datapackage.json" in names
    assert "baicheng_report/data/source/000_fa7bd7b7798f17a9.txt" in names
    assert "baicheng_report/py.typed" in names
    venv = tmp_path / "venv"
    # --system-site-packages lends the already-installed dependencies: no network needed.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True)
    code = ("import baicheng_report as br, pathlib; "
            "assert 'site-packages' in str(br.data_path('metrics')), br.data_path('metrics'); "
            "print(sum(len(br.load(n)) for n in br.list_tables()))")
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         check=True)
    assert int(out.stdout) > 200
