"""The book's languages: one message catalogue per edition, keyed by the English text.

English is the source language, written in the notebooks themselves. Every other edition is made
from the same notebooks: their markdown blocks (headings, paragraphs) and the strings their code
passes through `_()` (chart titles, axis labels, table headers, prose templates) are looked up in
`locale/<lang>.yml`. A missing entry is an error that names the text, never a silent fallback.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from baicheng_report.vocabulary.render import LANGUAGES

LANGS = LANGUAGES  # the editions, listed once in the renderer
SOURCE_LANG = "en"
HTML_LANG = {"en": "en", "zh": "zh-Hans"}  # BCP 47, for lang attributes and hreflang
SPHINX_LANGUAGE = {"en": "en", "zh": "zh_CN"}  # selects Sphinx's and the theme's own strings
EDITION_NAME = {"en": "English", "zh": "中文版"}  # each in its own language
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff□]")
_LATIN = re.compile(r"[A-Za-z]")
# A run of Chinese text: ideographs (and □ for a lost one), with the punctuation between them.
CJK_RUN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff□]+(?:[\u3000-\u303f\uff00-\uffef“”‘’·]*"
    r"[\u3400-\u9fff\uf900-\ufaff□]+)*"
)


class MissingTranslation(KeyError):
    """A message of the English source has no entry in an edition's catalogue."""

    def __str__(self) -> str:
        return str(self.args[0])


def normalize(text: str) -> str:
    """Catalogue keys ignore line wrapping: runs of whitespace count as one space."""
    return " ".join(text.split())


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Normalized English text → its translation; empty for the source language."""
    if lang not in LANGS:
        raise ValueError(f"unknown edition {lang!r}; expected one of {', '.join(LANGS)}")
    if lang == SOURCE_LANG:
        return {}
    import yaml

    text = (
        resources.files("baicheng_report.report")
        .joinpath(f"locale/{lang}.yml")
        .read_text(encoding="utf-8")
    )
    entries = yaml.safe_load(text) or []
    table: dict[str, str] = {}
    for entry in entries:
        key = normalize(entry["en"])
        if key in table:
            raise ValueError(f"locale/{lang}.yml: {entry['en'][:60]!r} is listed twice")
        table[key] = entry[lang].strip()
    return table


def translate(text: str, lang: str, default: str | None = None) -> str:
    """`text` in the edition's language; `default` (if given) where the catalogue has no entry,
    for values that come from the data rather than from the book."""
    if lang == SOURCE_LANG:
        return text
    try:
        return catalogue(lang)[normalize(text)]
    except KeyError:
        if default is not None:
            return default
        raise MissingTranslation(
            f"locale/{lang}.yml has no entry for {normalize(text)[:80]!r}"
        ) from None


def gettext(lang: str) -> Callable[[str], str]:
    """The `_` of a notebook: English in, the edition's text out."""
    catalogue(lang)  # an unknown edition fails here, at the top of the notebook
    return lambda text: translate(text, lang)


def blocks(markdown: str) -> Iterator[tuple[str, bool]]:
    """Split a markdown cell into (block, translatable): paragraphs and headings are
    translatable; fenced code and directives travel unchanged."""
    lines, block, fence = markdown.split("\n"), [], ""
    for line in lines:
        if fence:
            block.append(line)
            if line.strip().startswith(fence):
                yield "\n".join(block), False
                block, fence = [], ""
        elif _FENCE.match(line.strip()):
            if block:
                yield "\n".join(block), True
            block, fence = [line], _FENCE.match(line.strip()).group(1)  # type: ignore[union-attr]
        elif not line.strip():
            if block:
                yield "\n".join(block), True
            block = []
            yield "", False
        else:
            block.append(line)
    if block:
        yield "\n".join(block), not fence


def translate_markdown(markdown: str, lang: str) -> str:
    return "\n".join(
        translate(block, lang) if translatable else block
        for block, translatable in blocks(markdown)
    )


def translate_notebook(nb: Any, lang: str) -> None:
    """Replace the notebook's markdown in place with the edition's."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, lang)


def messages(nb: Any) -> list[str]:
    """Every message of a notebook: its markdown blocks and the literal strings of `_()` calls."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += [b for b, translatable in blocks(cell.source) if translatable]
        elif cell.cell_type == "code":
            found += calls_of_underscore(cell.source)
    return found


def calls_of_underscore(code: str) -> list[str]:
    tree = ast.parse("\n".join(line for line in code.split("\n") if not line.startswith("%")))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def marked_html(text: str, page_lang: str) -> str:
    """`text` escaped, each run of Chinese in English text (今年以来 (since the start of this
    year)) wrapped in a span of its language, as the prose's are (book/_ext/editions.py): a
    screen reader switches voice for the run alone."""
    if page_lang == "zh":
        return html.escape(text)
    out, cursor = [], 0
    for run in CJK_RUN.finditer(text):
        out.append(html.escape(text[cursor : run.start()]))
        out.append(f'<span lang="{HTML_LANG["zh"]}">{html.escape(run.group())}</span>')
        cursor = run.end()
    return "".join(out) + html.escape(text[cursor:])


def table_cell(text: str, page_lang: str) -> str:
    """`text` as a table cell: in the page's language, or marked as another one wholly; a cell
    that mixes them (a phrase of the article with its English words) marks each Chinese run."""
    if page_lang != "zh" and CJK_RUN.search(text) and _LATIN.search(text):
        return f"<td>{marked_html(text, page_lang)}</td>"
    return f"<td{lang_attr(text, page_lang)}>{html.escape(text)}</td>"


def lang_attr(text: str, page_lang: str) -> str:
    """` lang="…"` for text in another language than its page's, else empty."""
    if page_lang != "zh" and _CJK.search(text):
        return f' lang="{HTML_LANG["zh"]}"'
    if page_lang == "zh" and _LATIN.search(text) and not _CJK.search(text):
        return f' lang="{HTML_LANG["en"]}"'
    return ""
