"""Sphinx extension: a search index that finds the report's words, in every edition.

- Table cells are words apart. Sphinx indexes raw HTML by deleting its tags, so cells written
  without whitespace between them (`<td>Home</td><td>A shared post</td>`) would run together
  into one word (`homea`). A line break after each closing block tag keeps them apart; pages
  render the same.

For an edition whose search language is Chinese (Sphinx cuts its text into words with jieba, a
pinned dependency of the report):

- jieba gets a user dictionary of the glossary's terms and the tables' place, unit and person
  names (`baicheng_report.report.search_words`), made at build time from the tables this
  edition serves for download, so a custom `--data-dir` gets its own words;
- jieba's cache of its main dictionary goes to this build's doctree folder, not to the shared
  temporary folder where parallel builds would race for it (nothing is downloaded: the
  dictionary ships in the package);
- the search page keeps `+` inside a search word, as the article writes 1+N and 警力+民力
  (Sphinx's own splitter would cut 1+N into 1 and N, both too short to be searched).
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import ExtensionError

from baicheng_report.report.search_words import names, user_dictionary

with warnings.catch_warnings():  # jieba 0.42's regex strings warn when first compiled
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    import jieba
    from sphinx.search.zh import SearchChinese

TABLES = Path("book", "_static", "data")  # the downloads the build copies from the data folder
USER_DICTIONARY = "search-words.txt"
_BLOCK_END = re.compile(
    r"(</(?:td|th|tr|thead|tbody|tfoot|caption|table|li|ul|ol|dt|dd|p|div|h[1-6]|figcaption"
    r"|figure)>|<br\s*/?>)(?!\s)",
    re.IGNORECASE,
)
_SCRIPT_OR_STYLE = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>)", re.I | re.S)

# Sphinx's splitter (searchtools.js), with `+` kept inside a word and trimmed from its ends.
# language_data.js loads after searchtools.js, so this definition replaces the default one.
SPLIT_QUERY_JS = r"""
var splitQuery = (query) => query
    .split(/[^\p{Letter}\p{Number}_+\p{Emoji_Presentation}]+/gu)
    .map((term) => term.replace(/^\++|\++$/g, ""))
    .filter((term) => term);
"""


class ReportChinese(SearchChinese):
    """Sphinx's Chinese search with the query splitter above; the index side is unchanged."""

    js_splitter_code = SPLIT_QUERY_JS


def separate_blocks(markup: str) -> str:
    """`markup` with a line break after each closing block tag that has none (scripts and
    styles untouched)."""
    parts = _SCRIPT_OR_STYLE.split(markup)  # odd items are the scripts and styles
    return "".join(p if i % 2 else _BLOCK_END.sub(r"\1\n", p) for i, p in enumerate(parts))


def _separate_cells(app: Any, doctree: Any, docname: str) -> None:
    if app.builder.format != "html":
        return
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split():
            markup = raw.astext()
            separated = separate_blocks(markup)
            if separated != markup:
                raw[:] = [nodes.Text(separated)]


def _is_chinese_search(app: Any) -> bool:
    lang = app.config.html_search_language or app.config.language or ""
    return bool(getattr(app.builder, "search", False)) and lang.split("_")[0] == "zh"


def _prepare_segmenter(app: Any) -> None:
    """Write the user dictionary and point Sphinx's search options and jieba's cache at this
    build's doctree folder. Runs after the builder recorded its configuration hash
    (.buildinfo), so the build-specific path does not reach the published site."""
    if not _is_chinese_search(app):
        return
    tables = Path(app.srcdir) / TABLES
    if not tables.is_dir():
        raise ExtensionError(f"search_index: no tables at {tables} to take search words from")
    private = Path(app.doctreedir)
    private.mkdir(parents=True, exist_ok=True)
    path = private / USER_DICTIONARY
    path.write_text(user_dictionary(names(tables)), encoding="utf-8")
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(private)
    app.config.html_search_options = {**(app.config.html_search_options or {}), "dict": str(path)}


def setup(app: Any) -> dict[str, Any]:
    app.add_search_language(ReportChinese)
    app.connect("builder-inited", _prepare_segmenter)
    app.connect("doctree-resolved", _separate_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
