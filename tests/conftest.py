"""Shared fixtures: the packaged data directory and throw-away copies of it to damage."""

from __future__ import annotations

import os
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


# pytest's filterwarnings = ["error"] stops at the process boundary, so the commands under test
# turn every warning into an error too. Not `build`: it runs Jupyter Book, Sphinx and kernels,
# whose own deprecation and ResourceWarnings are not this project's (Sphinx's warnings are
# errors there already, through -W).
CLI_ENV = {**os.environ, "PYTHONWARNINGS": "error"}
BUILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a user would; warnings are errors except in build."""
    exe = Path(sys.executable).with_name("baicheng-report")
    env = BUILD_ENV if args[:1] == ("build",) else CLI_ENV
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False, env=env)


ROOT = Path(__file__).resolve().parents[1]
# The PDF edition is printed by Chromium; every build of a copied book uses the same flags, so
# a rebuild of an unchanged copy is a no-op.
PDF_FLAGS = ["--pdf"] if Path("/usr/bin/chromium").is_file() else []


def book_build_args(root: Path) -> list[str]:
    return ["build", "--book-dir", str(root), "--out", str(root / "_build" / "html"), *PDF_FLAGS]


EDITIONS = ("en", "zh")


def edition_site(root: Path, lang: str = "en") -> Path:
    """Where a built book's edition lives: _build/html/<lang>/."""
    return root / "_build" / "html" / lang


BOOK_FILES = ("_config.yml", "_toc.yml", "requirements.lock")


def copy_book(target: Path) -> Path:
    """The book's sources (configuration, notebooks, assets) copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        shutil.copyfile(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "book", target / "book", ignore=shutil.ignore_patterns("__pycache__", "*.ipynb")
    )
    return target


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clean build of the book, shared by the book and browser tests; returns its root."""
    root = copy_book(tmp_path_factory.mktemp("book"))
    result = run_cli(*book_build_args(root))
    assert result.returncode == 0, result.stderr[-3000:]
    return root
