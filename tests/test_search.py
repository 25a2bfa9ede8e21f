"""Search without a browser: the user dictionary made from the tables, jieba with it, the built
search index of the Chinese edition (every term and name a whole word of it), and table cells
kept apart for the index."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import baicheng_report as br
from baicheng_report.dataset import schemas
from baicheng_report.report.build import chapters
from baicheng_report.report.publish import STATE_SUFFIX
from baicheng_report.report.search_words import NAME_COLUMNS, names, user_dictionary, words
from tests.conftest import ROOT, edition_site

# What the search page splits a query at (Sphinx's splitQuery, as the zh edition overrides it).
QUERY_SEPARATORS = re.compile(r"[^\w+]+")


def _jieba() -> Any:
    with warnings.catch_warnings():  # jieba 0.42's regex strings warn when first compiled
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba
    return jieba


def _segmenter(tmp_path: Path) -> Any:
    """A private jieba tokenizer: no global state, its cache in tmp_path."""
    jieba = _jieba()
    jieba.setLogLevel("WARNING")
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path)
    return tokenizer


def _name_rows() -> list[tuple[str, str]]:
    """(name, evidence) for every name in the tables that its row's evidence phrase holds."""
    found = []
    for table, columns in NAME_COLUMNS.items():
        frame = br.load(table)
        for column in columns:
            for value, evidence in zip(frame[column], frame["evidence"], strict=True):
                if isinstance(value, str) and value in evidence:
                    found.append((value, evidence))
    return found


class _ArticleText(HTMLParser):
    """The text a reader sees in a page's article: what Sphinx indexes, without the navigation,
    scripts and styles around it."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "article"
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "article"
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden:
            self.parts.append(data)


def page_texts(site: Path) -> dict[str, str]:
    """Each chapter's article text, keyed by its path in the site (book/<stem>.html)."""
    texts = {}
    for stem in chapters(ROOT):
        parser = _ArticleText()
        parser.feed((site / "book" / f"{stem}.html").read_text(encoding="utf-8"))
        texts[f"book/{stem}.html"] = re.sub(r"\s+", " ", "".join(parser.parts))
    return texts


def search_index(site: Path) -> dict[str, Any]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return dict(json.loads(text[text.index("(") + 1 : text.rindex(")")]))


def _ids(terms: dict[str, int | list[int]], word: str) -> list[int]:
    """The documents of a search term (Sphinx writes a single one as a bare number)."""
    found = terms.get(word.lower(), [])
    return [found] if isinstance(found, int) else found


# -- the user dictionary ---------------------------------------------------------------------


def test_words_are_what_a_reader_types() -> None:
    assert words("警地融合") == ["警地融合"]
    assert words("1+N") == ["1+N"]  # `+` stays inside, as in the search page's splitter
    assert words("警力+民力") == ["警力+民力", "警力", "民力"]
    assert words("民警代办、辅警捎办") == ["民警代办", "辅警捎办"]
    assert words("白城市区 (Baicheng urban districts)") == ["白城市区"]  # Latin: Sphinx's own
    assert words("交巡警□队") == ["交巡警"]  # a lost character separates; one character is no word
    assert words("") == []


def test_the_name_columns_exist_in_the_schemas() -> None:
    for table, columns in NAME_COLUMNS.items():
        assert set(columns) <= set(schemas.columns(table)), table


def test_the_dictionary_holds_every_term_and_name(data_dir: Path) -> None:
    lines = user_dictionary(names(data_dir)).splitlines()
    assert lines == sorted(set(lines))
    assert all(line and not QUERY_SEPARATORS.search(line) for line in lines)
    values = [
        value
        for table, columns in NAME_COLUMNS.items()
        for column in columns
        for value in br.load(table)[column].dropna()
    ]
    for value in values:
        for run in QUERY_SEPARATORS.split(value):
            if len(run) >= 2 and re.search(r"[^\x00-\x7f]", run):  # Chinese: must be a word
                assert run in lines, (value, run)
    whole = {t for t in br.load("glossary")["term_zh"] if not QUERY_SEPARATORS.search(t)}
    assert len(whole) >= 20 and whole <= set(lines)
    for name in ("桑振龙", "长庆桥警务工作站", "四季华城小区"):  # a person, a unit, a place
        assert name in lines


def test_the_dictionary_is_the_same_for_the_same_names_in_any_order(data_dir: Path) -> None:
    values = list(names(data_dir))
    shuffled = random.Random(17).sample(values, len(values))
    assert user_dictionary(shuffled) == user_dictionary(values)


def test_jieba_keeps_each_name_whole_in_its_own_sentence(tmp_path: Path, data_dir: Path) -> None:
    rows = _name_rows()
    assert len(rows) > len(br.load("glossary"))  # every term (its evidence holds it) and names
    segmenter = _segmenter(tmp_path)

    def cut_apart() -> list[str]:
        return [v for v, e in rows if not set(words(v)) <= set(segmenter.cut_for_search(e))]

    assert cut_apart() != []  # jieba alone cuts names apart: the check below can fail
    path = tmp_path / "words.txt"
    path.write_text(user_dictionary(names(data_dir)), encoding="utf-8")
    with path.open("rb") as handle:  # as Sphinx loads it; given a path, jieba leaves it open
        segmenter.load_userdict(handle)
    assert cut_apart() == []


# -- the built Chinese search index ----------------------------------------------------------


@pytest.mark.slow
def test_the_chinese_index_holds_every_term_and_name_as_a_whole_word(
    built_book: Path, data_dir: Path
) -> None:
    site = edition_site(built_book, "zh")
    index = search_index(site)
    texts = page_texts(site)
    docs = [f"{name}.html" for name in index["docnames"]]
    lines = user_dictionary(names(data_dir)).splitlines()
    shown = [w for w in lines if any(w in text for text in texts.values())]
    assert {w for term in br.load("glossary")["term_zh"] for w in words(term)} <= set(shown)
    for word in shown:
        pages = {docs[i] for kind in ("terms", "titleterms") for i in _ids(index[kind], word)}
        holding = {page for page, text in texts.items() if word in text}
        assert pages and pages <= holding, (word, sorted(pages), sorted(holding))
    # the words, now whole words of the index
    for word in ("工作站", "警务工作站", "桑振龙", "1+n"):
        assert word in index["terms"]


@pytest.mark.slow
def test_the_search_pages_keep_plus_inside_a_word_in_chinese_only(built_book: Path) -> None:
    zh = (edition_site(built_book, "zh") / "_static" / "language_data.js").read_text("utf-8")
    en = (edition_site(built_book, "en") / "_static" / "language_data.js").read_text("utf-8")
    assert "_+\\p{Emoji_Presentation}" in zh and "splitQuery" in zh
    assert "splitQuery" not in en


@pytest.mark.slow
def test_the_segmenter_leaves_nothing_in_the_published_site(built_book: Path) -> None:
    site = built_book / "_build" / "html"
    leftovers = [p.name for p in site.rglob("*") if "jieba" in p.name or "search-words" in p.name]
    assert leftovers == []
    for lang in ("en", "zh"):
        for name in ("searchindex.js", "_static/language_data.js", ".buildinfo"):
            text = (site / lang / name).read_text(encoding="utf-8")
            assert STATE_SUFFIX not in text and str(built_book) not in text, (lang, name)


def test_table_cells_reach_the_index_as_separate_words() -> None:
    spec = importlib.util.spec_from_file_location(
        "search_index", ROOT / "book/_ext/search_index.py"
    )
    assert spec and spec.loader
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    table = (
        '<table class="chart-data"><caption>Terms</caption><thead><tr><th>term</th>'
        "<th>English</th></tr></thead><tbody><tr><td>警卫之家</td><td>Police-Sanitation Home</td>"
        '</tr></tbody></table><script type="application/json">{"a": "</td><td>"}</script>'
    )
    separated = extension.separate_blocks(table)
    tags = re.compile(r"<script.*?</script>|<[^<]+?>", re.S)  # how Sphinx reads raw HTML
    assert "警卫之家Police" in tags.sub("", table)
    assert tags.sub("", separated).split() == [
        "Terms",
        "term",
        "English",
        "警卫之家",
        "Police-Sanitation",
        "Home",
    ]
    assert separated.replace("\n", "") == table  # only line breaks: the page looks the same
    assert '{"a": "</td><td>"}' in separated  # scripts untouched
    assert extension.separate_blocks(separated) == separated
