"""The one renderer: every value a person sees reads with its unit, direction and qualifier in
the reader's language, and no code of the data (person_time, more_than) reaches the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import baicheng_report as br
from baicheng_report.vocabulary import render
from baicheng_report.vocabulary.claims import sentence_span, simplified_text

# What a reader expects after a number, written here from the article and English usage,
# independently of the renderer's own tables.
ENGLISH_UNIT = {"minute": r" minutes?", "hour": r" hours?", "person_time": r" person-times?"}
ENGLISH_UNIT |= {"yuan": r" yuan"}
CHINESE_UNIT = {"minute": "分钟", "hour": "小时", "person_time": "人次", "yuan": "元"}
CODE = re.compile(r"\b(?:person_time|more_than|less_than|percent|count|exact)\b")


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "en", "zh"),
    [
        (-22, "percent", "exact", "fell 22%", "下降22%"),
        (15, "percent", "exact", "rose 15%", "上升15%"),
        (600000, "person_time", "more_than", "more than 600,000 person-times", "60余万人次"),
        (5, "minute", "less_than", "under 5 minutes", "不到5分钟"),
        (20000000, "yuan", "more_than", "more than 20 million yuan", "2000余万元"),
        (1, "minute", "exact", "1 minute", "1分钟"),
        (13, "hour", None, "13 hours", "13小时"),
        (129, "count", "exact", "129", "129"),
        (2019, "year", None, "2019", "2019年"),
        # a round 万 amount keeps every qualifier, as any other number does
        (600000, "person_time", "less_than", "under 600,000 person-times", "不到60万人次"),
        (600000, "person_time", "exact", "600,000 person-times", "60万人次"),
        # a value's own decimals, up to three: not rounded to one, nor a small change to zero
        (1.25, "hour", "exact", "1.25 hours", "1.25小时"),
        (-0.04, "percent", "exact", "fell 0.04%", "下降0.04%"),
        (2.5, "minute", "less_than", "under 2.5 minutes", "不到2.5分钟"),
        # beyond three decimals: rounded to three, and a change too small for them keeps its digits
        (1.2346, "hour", "exact", "1.235 hours", "1.235小时"),
        (-0.0004, "percent", "exact", "fell 0.0004%", "下降0.0004%"),
    ],
)
def test_values_read_as_people_write_them(
    value: float, unit: str, qualifier: str | None, en: str, zh: str
) -> None:
    assert render.quantity(value, unit, qualifier, "en") == en
    assert render.quantity(value, unit, qualifier, "zh") == zh


def test_a_duration_before_a_noun_is_hyphenated_in_english_only() -> None:
    assert render.quantity(10, "minute", lang="en", attributive=True) == "10-minute"
    assert render.quantity(10, "minute", lang="zh", attributive=True) == "10分钟"


@pytest.mark.parametrize(
    ("unit", "qualifier", "lang"),
    [("furlong", None, "en"), ("minute", "about", "en"), ("minute", None, "fr")],
)
def test_a_code_without_words_is_refused_by_name(
    unit: str, qualifier: str | None, lang: str
) -> None:
    with pytest.raises(ValueError, match=r"furlong|about|fr"):
        render.quantity(3, unit, qualifier, lang)


def test_the_chinese_number_is_the_articles_own() -> None:
    """Unsigned and without its unit, the Chinese number is written as the article writes it."""
    for row in br.load("metrics").to_dict(orient="records"):
        shown = render.number(row["value"], row["unit"], row["qualifier"], "zh")
        assert shown == row["value_text"], row["metric_id"]


def test_every_claim_reads_with_its_unit_direction_and_qualifier() -> None:
    """Each number of the book, rendered for each edition, names its unit as the article does,
    says a fall is a fall where the article's sentence says so, and keeps its qualifier."""
    text = simplified_text()
    for claim in br.claims().to_dict(orient="records"):
        en, zh = claim["text_en"], claim["text_zh"]
        start, end = sentence_span(text, claim["char_start"], claim["char_end"])
        sentence = text[start:end]
        unit, qualifier = claim["unit"], claim["qualifier"]
        assert not CODE.search(en) and not CODE.search(zh), claim["claim_id"]
        if unit in CHINESE_UNIT:
            assert re.search(ENGLISH_UNIT[unit] + "$", en), (claim["claim_id"], en)
            assert zh.endswith(CHINESE_UNIT[unit]) and CHINESE_UNIT[unit] in sentence
        if unit == "percent":
            fell = claim["value"] < 0
            assert fell == ("下降" in sentence), claim["claim_id"]  # the article's own verb
            size = f"{abs(claim['value']):g}%"
            assert size in sentence, claim["claim_id"]
            assert en == f"{'fell' if fell else 'rose'} {size}"
            assert zh == f"{'下降' if fell else '上升'}{size}"
        if qualifier == "more_than":
            assert en.startswith("more than ") and "余" in zh, claim["claim_id"]
        elif qualifier == "less_than":
            assert en.startswith("under ") and zh.startswith("不到"), claim["claim_id"]
        else:
            assert not re.search(r"more than|under|余|不到|超过", en + zh), claim["claim_id"]
        if unit == "year":
            assert en == claim["value_text"] and zh == claim["value_text"] + "年"


@given(
    value=st.integers(min_value=-100, max_value=10**9).map(float),
    unit=st.sampled_from(["percent", "count", "minute", "hour", "person_time", "yuan"]),
    qualifier=st.sampled_from([None, "exact", "more_than", "less_than"]),
    lang=st.sampled_from(render.LANGUAGES),
)
def test_no_rendering_shows_a_code_or_a_minus_sign(
    value: float, unit: str, qualifier: str | None, lang: str
) -> None:
    shown = render.quantity(value, unit, qualifier, lang)
    assert not CODE.search(shown) and "-" not in shown.replace("-time", "")
    assert shown.strip() == shown and "  " not in shown
    if lang == "zh":
        assert " " not in shown  # Chinese writes no space between number and unit


def test_months_and_yes_no_read_as_each_edition_writes_them() -> None:
    """The article's 今年3月 is March; a yes/no cell a word, never True or 1."""
    assert [render.month(m, "en") for m in (1, 3, 12)] == ["January", "March", "December"]
    assert [render.month(m, "zh") for m in (1, 3, 12)] == ["1月", "3月", "12月"]
    assert (render.yes_no(True, "en"), render.yes_no(False, "en")) == ("yes", "no")
    assert (render.yes_no(True, "zh"), render.yes_no(False, "zh")) == ("是", "否")
    with pytest.raises(ValueError, match="13"):
        render.month(13, "en")


def test_no_module_but_the_renderer_holds_month_or_yes_no_words() -> None:
    """Words from one place: tracing, the charts and the dictionary ask the renderer."""
    words = re.compile(r'"(?:January|December)"|calendar\.month_name|"否"|_\("yes"\)')
    package = Path(render.__file__).parent
    holders = [
        path.relative_to(package).as_posix()
        for path in sorted(package.rglob("*.py"))
        if words.search(path.read_text(encoding="utf-8"))
    ]
    assert holders == ["render.py"]


def test_a_literal_reads_with_its_unit_as_the_article_writes_it() -> None:
    """A value that is not one number (7×24: days a week × hours a day) keeps its form and gains
    its unit's words, as 7×24小时 in the article; without a unit it stays as written."""
    assert render.literal("7×24", "hour", "en") == "7×24 hours"
    assert render.literal("7×24", "hour", "zh") == "7×24小时"
    assert render.literal("7×24", None, "zh") == "7×24"
    assert render.claim_text(float("nan"), "7×24", "hour", None, "en") == "7×24 hours"
    with pytest.raises(ValueError, match="no words for the unit"):
        render.literal("7×24", "fortnight", "en")
