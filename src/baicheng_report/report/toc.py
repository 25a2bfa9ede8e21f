"""The book's table of contents: which chapters there are, in which order, and how long each is."""

from __future__ import annotations

from pathlib import Path

from baicheng_report.report import i18n

LAST_CHAPTER = "reproducibility"  # executed last: it reads the manifest of the others


def chapters(root: Path) -> list[str]:
    """Notebook stems in table-of-contents order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        files += [c["file"] for c in part["chapters"]]
    return [Path(f).name for f in files]


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
