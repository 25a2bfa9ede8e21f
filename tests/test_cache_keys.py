"""The site's key covers every file that shapes a page: an edit to any of them builds again."""

from __future__ import annotations

from pathlib import Path

import pytest

from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.report.cache_keys import site_key
from tests.conftest import copy_book


# what every edition is staged with beside the chapters (staging.stage_edition)
@pytest.mark.parametrize("folder", ["_static", "_templates", "_ext"])
def test_an_edit_to_any_file_of_the_books_folders_changes_the_site_key(
    folder: str, tmp_path: Path
) -> None:
    root = copy_book(tmp_path / "book", ("service_tiers",))
    before = site_key(root, package_data_dir(), {})
    edited = sorted(p for p in (root / "book" / folder).rglob("*") if p.is_file())[0]
    edited.write_bytes(edited.read_bytes() + b"\n")
    assert site_key(root, package_data_dir(), {}) != before
