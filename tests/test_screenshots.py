"""The browser checks keep a page's screenshot when a check of it fails, and of every page only
when asked (SCREENSHOTS=1): the helper they share, with a stand-in for a Playwright page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import SCREENSHOTS, screenshot_kept


class _Page:
    """What `screenshot_kept` uses of a Playwright page: `screenshot` writes the file."""

    def __init__(self, crashed: bool = False) -> None:
        self.crashed = crashed

    def screenshot(self, path: str, full_page: bool) -> None:
        if self.crashed:
            raise RuntimeError("Target page, context or browser has been closed")
        Path(path).write_text(f"full_page={full_page}", encoding="utf-8")


@pytest.fixture
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "screenshots"


def test_a_failed_check_keeps_its_page_and_still_fails(
    tmp_path_factory: pytest.TempPathFactory, shots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SCREENSHOTS, raising=False)
    with (
        pytest.raises(AssertionError, match="sideways"),
        screenshot_kept(_Page(), tmp_path_factory, "phone-en-failing"),
    ):
        raise AssertionError("the page scrolls sideways")
    assert (shots / "phone-en-failing.png").read_text(encoding="utf-8") == "full_page=True"


def test_a_passed_check_keeps_no_page_unless_asked(
    tmp_path_factory: pytest.TempPathFactory, shots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SCREENSHOTS, raising=False)
    with screenshot_kept(_Page(), tmp_path_factory, "en-passing"):
        pass
    assert not (shots / "en-passing.png").exists()
    monkeypatch.setenv(SCREENSHOTS, "1")
    with screenshot_kept(_Page(), tmp_path_factory, "en-asked"):
        pass
    assert (shots / "en-asked.png").is_file()


def test_a_page_that_cannot_be_shot_leaves_the_checks_own_failure(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SCREENSHOTS, raising=False)
    with (
        pytest.raises(AssertionError, match="no chart drawn"),
        screenshot_kept(_Page(crashed=True), tmp_path_factory, "zh-crashed"),
    ):
        raise AssertionError("no chart drawn")
