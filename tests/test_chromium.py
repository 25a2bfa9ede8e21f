"""Finding the browser: BAICHENG_CHROMIUM overrides, else the first known name on PATH, else one
error naming what was tried and the package to install. Nothing is ever downloaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from baicheng_report.report import chromium


def _executable(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(chromium.OVERRIDE, raising=False)
    return monkeypatch


def test_the_override_wins_over_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_path = _executable(tmp_path / "bin", "chromium")
    chosen = _executable(tmp_path / "elsewhere", "my-chrome")
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.setenv(chromium.OVERRIDE, str(chosen))
    assert chromium.find() == chosen
    assert chromium.missing() is None


@pytest.mark.parametrize("kind", ["missing", "not executable", "a folder"])
def test_a_bad_override_is_an_error_not_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    _executable(tmp_path / "bin", "chromium")  # would be found on PATH: must not be used
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    target = tmp_path / "chrome"
    if kind == "not executable":
        target.write_text("", encoding="utf-8")
    elif kind == "a folder":
        target.mkdir()
    monkeypatch.setenv(chromium.OVERRIDE, str(target))
    with pytest.raises(chromium.BrowserNotFound) as caught:
        chromium.find()
    message = str(caught.value)
    assert f"{chromium.OVERRIDE}={target}" in message
    assert "apt-get install chromium" in message
    assert chromium.missing() is not None


def test_path_is_searched_in_order(tmp_path: Path, no_override: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    no_override.setenv("PATH", f"{first}:{second}")
    chrome = _executable(first, "google-chrome")
    assert chromium.find() == chrome
    browser = _executable(second, "chromium-browser")  # earlier in NAMES, later on PATH
    assert chromium.find() == browser
    debian = _executable(second, "chromium")
    assert chromium.find() == debian


def test_nothing_found_names_every_attempt_and_the_package(
    tmp_path: Path, no_override: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    _executable(tmp_path / "empty", "chromium-but-not-quite")
    no_override.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(chromium.BrowserNotFound) as caught:
        chromium.find()
    message = str(caught.value)
    for name in ("chromium", "chromium-browser", "google-chrome", chromium.OVERRIDE):
        assert name in message
    assert "apt-get install chromium" in message
    assert caught.value.tried in message
    assert isinstance(caught.value, FileNotFoundError)


class _FakePlaywright:
    """Records how the browser would be launched."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.chromium = self

    def launch(self, **kwargs: Any) -> str:
        self.calls.append(kwargs)
        return "browser"


def test_launch_drives_the_found_executable_and_never_a_download(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = _executable(tmp_path, "chromium")
    monkeypatch.setenv(chromium.OVERRIDE, str(chosen))
    fake = _FakePlaywright()
    assert chromium.launch(fake) == "browser"
    assert fake.calls == [
        {"executable_path": str(chosen), "args": chromium.LAUNCH_ARGS, "headless": True}
    ]
    monkeypatch.setenv(chromium.OVERRIDE, str(tmp_path / "gone"))
    with pytest.raises(chromium.BrowserNotFound):
        chromium.launch(fake)
    assert len(fake.calls) == 1
