"""Shared fixtures: the packaged data directory and throw-away copies of it to damage."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from baicheng_report.paths import package_data_dir


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return package_data_dir()


@pytest.fixture
def data_copy(tmp_path: Path, data_dir: Path) -> Path:
    """A writable copy of the packaged data, to edit or damage."""
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a user would."""
    exe = Path(sys.executable).with_name("baicheng-report")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)
