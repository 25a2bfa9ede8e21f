"""The book's table of contents: which chapters there are, in which order, and how long each is.

`_toc.yml` is read as the build follows it: a root page and chapters (at the top level or in
parts), each `book/<name>`, the notebook `book/<name>.md`. Anything else in it (nested sections,
links, globs) is refused by name rather than skipped: a chapter the build never executes would
only fail later, in Jupyter Book, without saying why."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from baicheng_report.report import i18n
from baicheng_report.report.errors import BuildError

LAST_CHAPTER = "reproducibility"  # executed last: it reads the manifest of the others
BOOK_FILES = ("_config.yml", "_toc.yml")  # beside book/, in the folder `--book-dir` names
_ENTRY = re.compile(r"book/(?P<stem>[A-Za-z0-9_-]+)(?:\.md)?")
_FOLLOWED = {"file", "title", "numbered"}  # what an entry may hold besides its file


def chapters(root: Path) -> list[str]:
    """Notebook stems in table-of-contents order. Raises BuildError naming the file, the entry
    and the rule when the book's folder or its table of contents cannot be followed."""
    for name in BOOK_FILES:
        _require_file(root / name, "the book's folder (--book-dir) holds _config.yml, _toc.yml")
    path = root / "_toc.yml"
    toc = _read_yaml(path)
    if not isinstance(toc, dict) or not isinstance(toc.get("root"), str):
        raise BuildError(f"{path}: no `root: book/<name>` naming the book's first page")
    entries = [("root", {"file": toc["root"]})]
    if "parts" in toc:
        for i, part in enumerate(_listed(path, "parts", toc["parts"])):
            where = f"parts[{i}]"
            if not isinstance(part, dict):
                raise BuildError(f"{path}: {where}: a part is a mapping with its `chapters:`")
            listed = _listed(path, f"{where}.chapters", part.get("chapters"))
            entries += [(f"{where}.chapters[{j}]", entry) for j, entry in enumerate(listed)]
    else:
        listed = _listed(path, "chapters", toc.get("chapters", []))
        entries += [(f"chapters[{j}]", entry) for j, entry in enumerate(listed)]
    stems: list[str] = []
    for where, entry in entries:
        stem = _chapter(root, path, where, entry)
        if stem in stems:
            raise BuildError(f"{path}: {where}: book/{stem} is listed twice")
        stems.append(stem)
    return stems


def _require_file(path: Path, why: str) -> None:
    if not path.is_file():
        state = "is not a regular file" if path.exists() else "is missing"
        raise BuildError(f"{path}: {state}; {why}")


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise BuildError(f"{path}: not UTF-8 text (byte {err.start})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "unreadable"
        raise BuildError(f"{path}: not valid YAML{line}: {problem}") from None


def _listed(path: Path, where: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise BuildError(f"{path}: {where}: a list of entries, each `- file: book/<name>`")
    return value


def _chapter(root: Path, path: Path, where: str, entry: Any) -> str:
    """The stem an entry names, once its notebook is known to be there."""
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise BuildError(f"{path}: {where}: an entry is `file: book/<name>`")
    unfollowed = sorted(set(entry) - _FOLLOWED)
    if unfollowed:
        raise BuildError(
            f"{path}: {where}: {', '.join(unfollowed)} not built (each chapter is a top-level "
            "entry `file: book/<name>`)"
        )
    named = _ENTRY.fullmatch(entry["file"])
    if named is None:
        raise BuildError(
            f"{path}: {where}: {entry['file']!r} is not a chapter: a chapter is book/<name>, "
            "the notebook book/<name>.md (letters, digits, _ and -)"
        )
    stem = named["stem"]
    _require_file(root / "book" / f"{stem}.md", f"{path.name} {where} names book/{stem}")
    return stem


def prose_and_code_lines(source: Path) -> tuple[int, int]:
    """Non-blank lines of prose (the Markdown a reader reads, fenced examples aside) and of code
    (every code cell, the parameters included) in a chapter's notebook source."""
    import jupytext

    nb = jupytext.read(source)
    prose = [
        block
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for block, translatable in i18n.blocks(cell.source)
        if translatable
    ]
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    return _lines(prose), _lines(code)


def _lines(texts: list[str]) -> int:
    return sum(1 for text in texts for line in text.splitlines() if line.strip())
