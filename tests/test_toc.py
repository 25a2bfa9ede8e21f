"""The table of contents is read as the build follows it, and one it cannot follow is refused
with the file, the entry and the rule, before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from baicheng_report.report.errors import BuildError
from baicheng_report.report.toc import chapters
from tests.conftest import invoke

STEMS = ("overview", "public_safety", "reproducibility")


def _book(root: Path, toc: str | bytes) -> Path:
    """A book folder with a configuration, notebooks for STEMS and the table of contents `toc`."""
    (root / "book").mkdir(parents=True)
    (root / "_config.yml").write_text("title: a book\n", encoding="utf-8")
    for stem in STEMS:
        (root / "book" / f"{stem}.md").write_text(f"# {stem}\n", encoding="utf-8")
    (root / "_toc.yml").write_bytes(toc if isinstance(toc, bytes) else toc.encode())
    return root


HEAD = "format: jb-book\nroot: book/overview\n"


@pytest.mark.parametrize(
    "toc",
    [
        HEAD + "chapters:\n- file: book/public_safety\n- file: book/reproducibility.md\n",
        HEAD + "parts:\n- caption: A\n  chapters:\n  - file: book/public_safety\n"
        "- caption: B\n  chapters:\n  - file: book/reproducibility\n    title: Run\n",
    ],
    ids=["chapters", "parts"],
)
def test_chapters_come_in_the_order_listed(tmp_path: Path, toc: str) -> None:
    assert chapters(_book(tmp_path, toc)) == list(STEMS)


def test_a_book_of_one_page_has_one_chapter(tmp_path: Path) -> None:
    assert chapters(_book(tmp_path, HEAD)) == ["overview"]


# (table of contents, where the message points, the rule it states)
REFUSED = {
    "not YAML": (HEAD + "chapters: [book/x\n", "_toc.yml: not valid YAML at line 4", "expected"),
    "not UTF-8": (b"\xff\xfe root", "_toc.yml: not UTF-8 text", "byte 0"),
    "empty": ("", "_toc.yml: no `root", "first page"),
    "a list": ("- book/overview\n", "_toc.yml: no `root", "first page"),
    "chapters left empty": (HEAD + "chapters:\n", "_toc.yml: chapters:", "a list of entries"),
    "a part without chapters": (HEAD + "parts:\n- caption: A\n", "parts[0].chapters:", "a list"),
    "a link": (HEAD + "chapters:\n- url: https://example.org\n", "chapters[0]:", "file: book/"),
    "sections": (
        HEAD + "chapters:\n- file: book/public_safety\n  sections:\n  - file: book/overview\n",
        "chapters[0]: sections not built",
        "top-level entry",
    ),
    "outside book/": (
        HEAD + "chapters:\n- file: ../../etc/passwd\n",
        "chapters[0]: '../../etc/passwd' is not a chapter",
        "book/<name>.md",
    ),
    "no notebook": (HEAD + "chapters:\n- file: book/absent\n", "book/absent.md: is missing", "[0]"),
    "listed twice": (HEAD + "chapters:\n- file: book/overview.md\n", "chapters[0]:", "twice"),
}


@pytest.mark.parametrize(("toc", "where", "rule"), REFUSED.values(), ids=REFUSED)
def test_a_toc_the_build_cannot_follow_is_named_with_its_entry_and_rule(
    tmp_path: Path, toc: str | bytes, where: str, rule: str
) -> None:
    root = _book(tmp_path / "book-dir", toc)
    with pytest.raises(BuildError) as refused:
        chapters(root)
    message = str(refused.value)
    assert message.startswith(str(root)), message
    assert where in message and rule in message, message


def test_a_chapter_that_is_a_folder_is_not_a_notebook(tmp_path: Path) -> None:
    root = _book(tmp_path, HEAD + "chapters:\n- file: book/folder\n")
    (root / "book" / "folder.md").mkdir()
    with pytest.raises(BuildError, match=r"folder\.md: is not a regular file"):
        chapters(root)


def test_the_build_refuses_such_a_book_in_one_line_before_any_work(tmp_path: Path) -> None:
    root = _book(tmp_path / "book-dir", HEAD + "chapters:\n- file: book/absent\n")
    out = tmp_path / "site" / "html"
    result = invoke("build", "--book-dir", str(root), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "build failed; the published site is unchanged.",
        f"{root}/book/absent.md: is missing; _toc.yml chapters[0] names book/absent",
    ]
    assert not out.parent.exists()
