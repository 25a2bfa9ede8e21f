"""The "Using the data" chapter answers its questions with the public API alone, shows its code,
and the API reference documents every public name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import nbformat
import pytest

import baicheng_report as br
from baicheng_report.report.execute import SHOWN_TAG, _hide_machinery
from tests.conftest import EDITIONS, ROOT, edition_site

CHAPTER = ROOT / "book" / "using_data.md"
SETUP = "chapter.setup("  # the one line of plumbing every chapter shares


def _lesson_cells() -> list[str]:
    cells = [c for c in jupytext.read(CHAPTER).cells if c.cell_type == "code"]
    return [c.source for c in cells if "parameters" not in c.metadata.get("tags", [])]


def test_the_chapter_uses_the_public_api_and_nothing_else() -> None:
    lessons = [source for source in _lesson_cells() if SETUP not in source]
    assert len(lessons) >= 5
    used: set[str] = set()
    for source in lessons:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("baicheng_report"), source
            if isinstance(node, ast.Import):
                assert all(a.name == "baicheng_report" or "." not in a.name for a in node.names)
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "br"
            ):
                used.add(node.attr)
    assert used and used <= set(br.__all__), used - set(br.__all__)


def test_the_lessons_show_their_code_and_the_rest_stays_folded() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": [SHOWN_TAG]}),
        nbformat.v4.new_code_cell("y = 2"),
        nbformat.v4.new_code_cell("z = 3", metadata={"tags": ["parameters"]}),
    ]
    _hide_machinery(nb)
    assert [sorted(c.metadata["tags"]) for c in nb.cells] == [
        [SHOWN_TAG],
        ["hide-input"],
        ["parameters", "remove-cell"],
    ]
    tagged = [c for c in jupytext.read(CHAPTER).cells if SHOWN_TAG in c.metadata.get("tags", [])]
    assert len(tagged) == len(_lesson_cells()) - 1  # every cell but the set-up


@pytest.mark.slow
@pytest.mark.parametrize("lang", EDITIONS)
def test_the_api_page_documents_every_public_function(built_book: Path, lang: str) -> None:
    page = (edition_site(built_book, lang) / "book" / "api.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'<dt class="sig sig-object py" id="baicheng_report\.(\w+)"', page))
    functions = {name for name in br.__all__ if callable(getattr(br, name))}
    functions -= {"Backend", "TableName"}  # type aliases, not functions
    assert functions <= documented, functions - documented
