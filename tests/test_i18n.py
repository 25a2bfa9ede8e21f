"""The message catalogue: complete for every notebook and module, no stale entries, slots and
numbers kept, and markdown split so that only prose is translated."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest
import sphinx_book_theme

import baicheng_report as br
from baicheng_report.report import i18n, staging
from baicheng_report.report.build import chapters
from tests.conftest import ROOT

REPORT = Path(i18n.__file__).parent
SLOT = re.compile(r"\{[a-z_]+\}")
# A glue role names the value it shows; a doc role's target is the page it links to.
ROLE = re.compile(r"\{(glue|doc)\}`(?:[^`<]*<)?([^`>]+)>?`")


def _book_messages() -> list[str]:
    found = []
    for stem in chapters(ROOT):
        found += i18n.messages(jupytext.read(ROOT / "book" / f"{stem}.md"))
    for module in sorted(REPORT.glob("*.py")):
        found += i18n.calls_of_underscore(module.read_text(encoding="utf-8"))
    return [*found, *staging.THEME_WORDS]


def _repair_reasons() -> set[str]:
    """The reasons of the repairs the source chapter lists, which the Chinese edition shows
    (source_view._why); a pinyin annotation shows itself removed, with no words."""
    repairs = br.load("source_repairs")
    return {i18n.normalize(n) for n in repairs.loc[repairs["kind"] != "pinyin_annotation", "note"]}


def _data_messages() -> set[str]:
    """Values from the data that the catalogue translates when it can (see overview.md)."""
    unstated = br.load("sources")["unstated"].iloc[0]
    return {i18n.normalize(item) for item in unstated.split(";")} | _repair_reasons()


def test_every_repair_reason_shown_has_a_chinese_entry() -> None:
    reasons = _repair_reasons()
    assert len(reasons) > 1
    assert [r for r in reasons if r not in i18n.catalogue("zh")] == []


def test_every_message_of_the_book_has_a_chinese_entry() -> None:
    messages = _book_messages()
    assert len(messages) > 100
    missing = [m for m in messages if i18n.normalize(m) not in i18n.catalogue("zh")]
    assert missing == []


def test_the_catalogue_has_no_stale_entries() -> None:
    used = {i18n.normalize(m) for m in _book_messages()} | _data_messages()
    assert [key for key in i18n.catalogue("zh") if key not in used] == []


def test_translations_keep_slots_and_numbers() -> None:
    glossary = sorted(br.load("glossary")["term_zh"], key=len, reverse=True)
    for english, chinese in i18n.catalogue("zh").items():
        assert sorted(SLOT.findall(english)) == sorted(SLOT.findall(chinese)), english
        assert sorted(ROLE.findall(english)) == sorted(ROLE.findall(chinese)), english
        bare_en, bare_zh = english, chinese
        for term in glossary:  # terms such as 1+N carry their digits in both languages
            bare_en, bare_zh = bare_en.replace(term, ""), bare_zh.replace(term, "")
        assert sorted(re.findall(r"\d+", bare_en)) == sorted(re.findall(r"\d+", bare_zh)), english
        assert chinese.startswith("#") == english.startswith("#"), english


def test_roles_are_read_with_their_key_or_target() -> None:
    text = "{glue}`hall` items; {doc}`the chapter <reading_figures>`; {doc}`source`"
    assert ROLE.findall(text) == [("glue", "hall"), ("doc", "reading_figures"), ("doc", "source")]


def test_markdown_blocks_round_trip_and_fences_are_not_translated() -> None:
    text = "# Title\n\nOne\nparagraph.\n\n\n```python\nx = 1\n\ny = 2\n```\nAfter."
    parts = list(i18n.blocks(text))
    assert "\n".join(block for block, _ in parts) == text
    assert ("```python\nx = 1\n\ny = 2\n```", False) in parts
    assert [b for b, translatable in parts if translatable] == [
        "# Title",
        "One\nparagraph.",
        "After.",
    ]


def test_a_missing_entry_names_the_text_and_english_passes_through() -> None:
    assert i18n.translate_markdown("# Overview\n\nAnything at all", "en").endswith("at all")
    assert i18n.translate_markdown("# Overview", "zh") == "# 概述"
    with pytest.raises(i18n.MissingTranslation, match="no entry for 'Not in the book'"):
        i18n.translate_markdown("# Overview\n\nNot in the\nbook", "zh")
    assert i18n.translate("Not in the book", "zh", default="kept") == "kept"
    with pytest.raises(ValueError, match="unknown edition 'fr'"):
        i18n.gettext("fr")


def test_underscore_calls_are_found_with_their_literal_text() -> None:
    code = 'x = _("A " "joined message")\ny = _(name)\nz = other("Not this")\n%time w = 1'
    assert i18n.calls_of_underscore(code) == ["A joined message"]


def test_language_of_text_that_differs_from_its_page() -> None:
    assert i18n.lang_attr("白城市公安局", "en") == ' lang="zh-Hans"'
    assert i18n.lang_attr("police workstations", "zh") == ' lang="en"'
    assert i18n.lang_attr("129", "zh") == i18n.lang_attr("Police", "en") == ""


@pytest.mark.parametrize("stem", chapters(ROOT))
def test_narrative_types_no_numbers(stem: str) -> None:
    """No figure typed by hand: neither in the prose nor in a message of the code (chart titles,
    descriptions, templates passed through `_()`); glossary terms such as 1+N keep their digits,
    SHA-256 is a name, and so is a glue key (n028, the numeral it shows)."""
    terms = sorted(br.load("glossary")["term_zh"], key=len, reverse=True)
    for message in i18n.messages(jupytext.read(ROOT / "book" / f"{stem}.md")):
        bare = ROLE.sub("", message).replace("SHA-256", "")
        for term in terms:
            bare = bare.replace(term, "")
        assert not re.search(r"\d", bare), f"{stem}: a number typed by hand in {message!r}"


TEMPLATES = ROOT / "book" / "_templates"
THEME = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"
WRAPPED = re.compile(r"\{\{ _\('([^']+)'\) \}\}")


# the theme files that write English without gettext (named here: a template lost fails, and one
# added must be named too)
OVERRIDDEN = [
    "layout.html",
    "sbt-sidebar-nav.html",
    "toggle-primary-sidebar.html",
    "toggle-secondary-sidebar.html",
]


def test_the_templates_are_the_overridden_ones() -> None:
    assert sorted(p.name for p in TEMPLATES.iterdir()) == OVERRIDDEN


@pytest.mark.parametrize("name", OVERRIDDEN)
def test_a_theme_template_is_the_themes_own_with_its_words_through_the_catalogue(
    name: str,
) -> None:
    """book/_templates overrides a file of the pinned theme only to pass its English words
    through `_()`: with that undone it is the theme's own file (an upgrade that changes the file
    fails here), and every word it passes is one the staged catalogue translates."""
    header, body = (TEMPLATES / name).read_text(encoding="utf-8").split("-#}\n", 1)
    found = re.search(r"sphinx-book-theme's (\S+) as pinned", header)
    assert found, header
    assert WRAPPED.sub(r"\1", body) == (THEME / found[1]).read_text(encoding="utf-8")
    assert WRAPPED.findall(body)
    assert set(WRAPPED.findall(body)) <= set(staging.THEME_WORDS)
