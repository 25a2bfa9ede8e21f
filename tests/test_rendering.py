"""Jupyter Book runs each edition's builders in one process (`report.jupyter_book_run`): every
builder asked for is built, and a Sphinx warning fails the edition with its name and the warning,
before any later builder runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from baicheng_report.report.errors import BuildError
from baicheng_report.report.rendering import jupyter_book

pytestmark = pytest.mark.slow  # Jupyter Book itself, about 3 s


def _edition(folder: Path, page: str) -> Path:
    folder.mkdir()
    (folder / "_config.yml").write_text(
        'title: A page\nexecute:\n  execute_notebooks: "off"\n', encoding="utf-8"
    )
    (folder / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (folder / "index.md").write_text(page, encoding="utf-8")
    return folder


def test_each_builder_asked_for_is_built(tmp_path: Path) -> None:
    built = jupyter_book(_edition(tmp_path / "en", "# A page\n\nText.\n"), ("html", "singlehtml"))
    for builder in ("html", "singlehtml"):
        assert "Text." in (built / builder / "index.html").read_text(encoding="utf-8")


def test_a_warning_fails_the_edition_by_name_before_the_next_builder(tmp_path: Path) -> None:
    edition = _edition(tmp_path / "zh", "# A page\n\nSee {doc}`nowhere`.\n")
    with pytest.raises(BuildError) as failed:
        jupyter_book(edition, ("html", "singlehtml"))
    message = str(failed.value)
    assert message.startswith("jupyter-book build of the zh edition failed (warnings are errors)")
    assert "unknown document: 'nowhere'" in message
    assert not (edition / "_build" / "singlehtml").exists()
