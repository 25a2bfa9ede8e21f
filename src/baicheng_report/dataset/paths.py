"""Where the packaged data lives: read through importlib.resources, never the repo layout."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache  # where the package is installed does not change while it runs
def package_data_dir() -> Path:
    return Path(str(files("baicheng_report") / "data"))
