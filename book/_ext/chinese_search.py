"""Sphinx extension: a Chinese search index that finds the article's own terms and names.

Sphinx's Chinese search cuts text into words with jieba (a pinned dependency of the report).
This extension, for an edition whose search language is Chinese:

- hands jieba a user dictionary of the glossary's terms and the tables' place, unit and person
  names (`baicheng_report.report.search_words`), made at build time from the tables this
  edition serves for download, so a custom `--data-dir` gets its own words;
- keeps jieba's cache of its main dictionary in this build's doctree folder, not in the shared
  temporary folder where parallel builds would race for it (nothing is downloaded: the
  dictionary ships in the package);
- keeps `+` inside a search word on the search page, as the article writes 1+N and 警力+民力
  (Sphinx's own splitter would cut 1+N into 1 and N, both too short to be searched).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError

from baicheng_report.report.search_words import names, user_dictionary

with warnings.catch_warnings():  # jieba 0.42 has regex strings Python 3.12+ warns about
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    import jieba
    from sphinx.search.zh import SearchChinese

TABLES = Path("book", "_static", "data")  # the downloads the build copies from the data folder
USER_DICTIONARY = "search-words.txt"

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
        raise ExtensionError(f"chinese_search: no tables at {tables} to take search words from")
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
    return {"parallel_read_safe": True, "parallel_write_safe": True}
