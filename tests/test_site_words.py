"""The built site, as a person reads it: no code of the data (person_time, more_than) in any
visible text, popover, tooltip attribute or page description of either edition, and page
descriptions that keep every glued number and join Chinese sentences without spaces."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import baicheng_report as br
from baicheng_report.dataset import registry
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.report.build import chapters
from tests.conftest import EDITIONS, ROOT, edition_site, english_words

pytestmark = pytest.mark.slow
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"}
# Text a person does not read as prose: scripts, and the notebooks' code cells and printouts.
SKIPPED_TAGS = {"pre", "script", "style"}
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
# Pages that document the data as stored: the dictionary lists each column's codes, and the
# corrections table on the reproducibility page quotes each corrected cell as it was and is.
DOCUMENTING_CODES = {"dictionary", "reproducibility"}
CJK = "\u4e00-\u9fff"
# A cell's address, as `cite` takes it: table.row.column
ADDRESS = re.compile(rf"\b(?:{'|'.join(registry.TABLE_NAMES)})\.[\w-]+\.[a-z_]+\b")
CJK_PUNCTUATION = "，。；、：！？（）“”"


class _Read(HTMLParser):
    """Every text of a page a person can read: element text (popovers included), the text of
    tooltip attributes and the page descriptions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []
        self.texts: list[str] = []
        self.descriptions: list[str] = []
        self.tooltips: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta" and "description" in (found.get("name"), found.get("property", "")[3:]):
            self.descriptions.append(found.get("content", ""))
        self.texts.extend(found[a] for a in ATTRIBUTES if found.get(a))
        self.tooltips.extend(found[a] for a in ATTRIBUTES if found.get(a))
        if tag not in VOID:
            skip = tag in SKIPPED_TAGS or "cell_input" in found.get("class", "").split()
            self.open.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(skip for _, skip in self.open):
            self.texts.append(data.strip())


def _read(page: Path) -> _Read:
    reader = _Read()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


def _codes() -> tuple[set[str], set[str]]:
    """The coded values of the data (enums of datapackage.json) that have an underscore, which
    no prose writes; and the unit codes, none of which may stand alone as a value's text
    (a count, a percent). Table names are names, not codes (the source chapter lists each
    row of evidence under its table.row)."""
    descriptor = json.loads((package_data_dir() / "datapackage.json").read_text("utf-8"))
    enums = {
        (resource["name"], field["name"]): set(field.get("constraints", {}).get("enum", []))
        for resource in descriptor["resources"]
        if "schema" in resource  # the source text files have none
        for field in resource["schema"]["fields"]
    }
    codes = {c for values in enums.values() for c in values if isinstance(c, str) and "_" in c}
    codes -= {resource["name"] for resource in descriptor["resources"]}
    codes -= {"source_clean", "source_simplified"}  # the text files, named as corrections do
    codes -= set(chapters(ROOT))  # a chapter's notebook is named for its section
    return codes, enums[("metrics", "unit")]


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_code_reaches_a_reader(built_book: Path, lang: str) -> None:
    snake, words = _codes()
    assert {"person_time", "more_than", "less_than"} <= snake and "count" in words
    snake_code = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(snake))) + r")\b")
    pages = sorted((edition_site(built_book, lang) / "book").glob("*.html"))
    assert pages
    for page in pages:
        if page.stem in DOCUMENTING_CODES:
            continue
        reader = _read(page)
        for text in reader.texts + reader.descriptions:
            assert not snake_code.search(text), (page.name, text[:200])
            assert text not in words, (page.name, text)
        for tooltip in reader.tooltips:  # a tooltip speaks to the reader: no table.row.column
            assert not ADDRESS.search(tooltip), (page.name, tooltip)


@pytest.mark.parametrize("lang", EDITIONS)
def test_page_descriptions_keep_the_numbers_and_the_languages_spacing(
    built_book: Path, lang: str
) -> None:
    claims = br.claims()
    for page in sorted((edition_site(built_book, lang) / "book").glob("*.html")):
        descriptions = _read(page).descriptions
        assert len(descriptions) == 2 and descriptions[0] == descriptions[1], page.name
        text = descriptions[0]
        # a glued number lost leaves a gap: a space before punctuation, or empty brackets
        assert not re.search(r"\s[,.;:，。；、：]|\(\)|（）|  ", text), (page.name, text)
        if lang == "zh":
            gap = rf"[{CJK}{CJK_PUNCTUATION}]\s+[{CJK}{CJK_PUNCTUATION}]"
            assert not re.search(gap, text), (page.name, text)
    # The Chinese pages whose opening states their numbers carry every one, as rendered.
    for stem in ("public_safety", "co_governance"):
        text = _read(edition_site(built_book, "zh") / "book" / f"{stem}.html").descriptions[0]
        stated = claims[claims["page"] == stem]
        shown = [t for t in stated["text_zh"] if t in text]
        assert set(stated["text_zh"]) <= set(shown), (stem, text)


def test_no_tooltip_or_label_of_the_chinese_edition_is_in_english(built_book: Path) -> None:
    """What a reader hovers and a screen reader speaks, the theme's own words included (its
    sidebar buttons and navigation: book/_templates; a folded cell's toggle: folded_cells) and
    the repairs' reasons (zh.yml): not one English word (conftest.english_words)."""
    english: dict[str, str] = {}
    for page in sorted(edition_site(built_book, "zh").rglob("*.html")):
        for text in _read(page).tooltips:
            if english_words(text):
                english.setdefault(text, page.name)
    assert english == {}
