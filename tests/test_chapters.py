"""The chapters as documents: mostly prose, numbers only through glue roles filled from the data,
and one shared set-up instead of a copy per chapter."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path
from typing import Any

import jupytext
import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset import registry
from baicheng_report.report import (
    chapter,
    charts,
    dictionary_view,
    figures,
    i18n,
    source_view,
)
from baicheng_report.report.build import chapters, prose_and_code_lines
from baicheng_report.vocabulary import render
from baicheng_report.vocabulary.claims import SHOWN, Shown, claim_id
from tests.conftest import ROOT, english_words

GLUE = re.compile(r"\{glue\}`([^`]+)`")
STEMS = chapters(ROOT)


def _source(stem: str) -> Any:
    return jupytext.read(ROOT / "book" / f"{stem}.md")


def _markdown(stem: str) -> str:
    return "\n".join(c.source for c in _source(stem).cells if c.cell_type == "markdown")


def _calls(stem: str) -> list[ast.Call]:
    code = "\n".join(c.source for c in _source(stem).cells if c.cell_type == "code")
    return [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    return ast.unparse(call.func)


@pytest.mark.parametrize("stem", STEMS)
def test_each_chapter_is_mostly_prose(stem: str) -> None:
    prose_lines, code_lines = prose_and_code_lines(ROOT / "book" / f"{stem}.md")
    assert prose_lines > code_lines, f"{stem}: {prose_lines} lines of prose, {code_lines} of code"


def test_prose_and_code_lines_count_what_a_reader_reads(tmp_path: Path) -> None:
    source = tmp_path / "page.md"
    source.write_text(
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "---\n\n# Title\n\nOne paragraph\nin two lines.\n\n```python\nexample = 1\n\nmore = 2\n"
        "```\n\n```{code-cell} ipython3\nx = 1\n\ny = 2\n```\n",
        encoding="utf-8",
    )
    assert prose_and_code_lines(source) == (3, 2)  # fenced examples are neither


@pytest.mark.parametrize("stem", STEMS)
def test_every_chapter_sets_up_once_through_the_shared_helper(stem: str) -> None:
    calls = _calls(stem)
    setups = [c for c in calls if _name(c) == "chapter.setup"]
    assert len(setups) == 1, f"{stem}: {len(setups)} calls of chapter.setup"
    assert ast.literal_eval(setups[0].args[0]) == stem  # the page whose claims it glues
    own = [_name(c) for c in calls if _name(c) in {"gettext", "prose.claim"}]
    assert own == [], f"{stem}: a chapter builds its own claims or language set-up"


@pytest.mark.parametrize("stem", STEMS)
def test_each_listed_claim_is_stated_once_in_its_chapters_prose(stem: str) -> None:
    keys = GLUE.findall(_markdown(stem))
    for shown in chapter.page_claims(stem):
        assert keys.count(chapter.claim_key(shown)) == 1, (stem, shown)


def test_claim_keys_are_the_row_id_for_a_tables_figure_column() -> None:
    assert chapter.claim_key(Shown("p", "metrics", "patrol_core_areas", "value")) == (
        "patrol_core_areas"
    )
    assert chapter.claim_key(Shown("p", "service_tiers", "hall", "item_count")) == "hall"
    assert chapter.claim_key(Shown("p", "service_tiers", "hall", "venue_count")) == (
        "hall.venue_count"
    )
    for page in {s.page for s in SHOWN}:  # one key per claim on every page
        keys = [chapter.claim_key(s) for s in chapter.page_claims(page)]
        assert len(keys) == len(set(keys)), page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_setup_glues_each_claim_of_the_page_as_its_link(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import myst_nb

    glued: dict[str, Any] = {}
    monkeypatch.setattr(myst_nb, "glue", lambda key, value, display: glued.setdefault(key, value))
    _ = chapter.setup("service_tiers", lang)
    assert _("Service items") == ("业务数" if lang == "zh" else "Service items")
    listed = chapter.page_claims("service_tiers")
    assert set(glued) == {chapter.claim_key(s) for s in listed}
    assert {s.table for s in listed} == {"service_tiers", "metrics"}  # tiers, running totals
    expected = br.claims().set_index("claim_id")  # the claims frame: what each link must show
    for shown in listed:
        fragment = glued[chapter.claim_key(shown)]._repr_html_()
        r = expected.loc[claim_id(shown.table, shown.row_id, shown.column)]
        assert f'data-id="{shown.row_id}" data-column="{shown.column}" id="{r.name}"' in fragment
        assert f">{html.escape(r[f'text_{lang}'])}</a>" in fragment  # the value, in the edition
        label = f'<strong class="claim-label">{html.escape(r[f"label_{lang}"])}</strong>'
        assert label in fragment, (shown, lang)


def test_glued_text_is_escaped_and_shows_without_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    import myst_nb

    glued: dict[str, Any] = {}
    monkeypatch.setattr(myst_nb, "glue", lambda key, value, display: glued.setdefault(key, value))
    chapter.glue_text(count=21, name="<b>")
    assert (glued["count"]._repr_html_(), repr(glued["count"])) == ("21", "21")
    assert glued["name"]._repr_html_() == "&lt;b&gt;"


@pytest.mark.parametrize(
    ("table", "row_id", "column", "en", "zh"),
    [
        ("metrics", "criminal_incidents_change", "baseline_year", "2019", "2019年"),  # a year
        ("numeric_mentions", "n028", "value", "two", "两户"),  # a numeral in words
        ("service_tiers", "workstations", "self_service", "7×24 hours", "7×24小时"),  # a literal
        ("metrics", "people_served_total", "value", "more than 600,000 person-times", "60余万人次"),
        ("metrics", "criminal_incidents_change", "value", "fell 22%", "下降22%"),
        ("service_tiers", "stations", "service_circle_minutes", "30 minutes", "30分钟"),
    ],
)
def test_a_claim_reads_as_each_edition_writes_it(
    table: str, row_id: str, column: str, en: str, zh: str
) -> None:
    record = br.claims().set_index("claim_id").loc[f"claim-{table}-{row_id}-{column}"]
    assert (record["text_en"], record["text_zh"]) == (en, zh)


def test_falls_are_drawn_largest_first_and_tabled_as_shown() -> None:
    safety = br.load("metrics").query("section == 'public_safety'")
    year = figures.baseline_year(safety)
    assert year == "2019"
    chart, table = figures.percent_falls(safety, "en", year=year)
    shown = [float(text.removeprefix("fell ").rstrip("%")) for text in table["Change"]]
    assert shown == sorted((-safety["value"]).tolist(), reverse=True)
    assert list(table["Indicator"]) == [
        safety.set_index("value").loc[-v, "indicator_en"] for v in shown
    ]
    assert chart.to_dict()["layer"]  # a layered Altair chart, drawn from the same rows


def test_one_baseline_year_or_a_named_refusal() -> None:
    safety = br.load("metrics").query("section == 'public_safety'").copy()
    safety.loc[safety.index[0], "baseline_year"] = 2018
    with pytest.raises(ValueError, match="2 baseline years"):
        figures.baseline_year(safety)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_timeline_marks_only_the_cases_that_state_a_time(lang: str) -> None:
    cases = br.load("response_cases")
    chart, table = figures.case_timeline(cases, lang)
    rows = chart.to_dict()["datasets"]
    (data,) = rows.values()
    timed = {r["case_id"]: r["minutes"] for r in data}
    for case in cases.itertuples():
        if pd.isna(case.duration_unit):
            assert timed[case.case_id] is None  # a row, and no point
        else:
            factor = {"minute": 1, "hour": 60}[case.duration_unit]
            assert timed[case.case_id] == case.duration_value * factor
    assert len(table) == len(cases)


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "与2019年同期相比，警情和道路交通四项指数下降了多少？",
            ["与2019年同期相比，", "警情和道路交通四项指数下降了多少？"],
        ),
        (
            "各个注明时间的案例分别用了多长时间（到达现场或抓获嫌疑人）？",
            ["各个注明时间的案例分别用了多长时间", "（到达现场或抓获嫌疑人）？"],
        ),
        (  # no pause late enough: between characters, as before
            "巡逻防控聚焦多少个区域点位和线路以及多少个警务工作站和多少个部门",
            ["巡逻防控聚焦多少个区域点位和线路以及多少个", "警务工作站和多少个部门"],
        ),
    ],
)
def test_a_chinese_title_breaks_after_a_pause_not_inside_a_word(
    title: str, lines: list[str]
) -> None:
    assert charts.wrap(title, charts.TITLE_UNITS) == lines
    assert all(charts.display_width(line) <= charts.TITLE_UNITS for line in lines)


def test_the_chinese_quotes_table_keeps_the_caveats() -> None:
    """Each caveat the English edition gives a quote (an unnamed speaker, a name decoded but
    unverified, a candidate or inferred character) reaches the Chinese table too."""
    quotes = br.load("quotes")
    table = figures.quotes_table(quotes, "zh", caption="引语")
    for row in quotes.to_dict(orient="records"):
        if isinstance(row["note"], str):
            assert html.escape(row["note_zh"]) in table, row["quote_id"]
    assert table.count("（未具名）") == quotes["speaker_zh"].isna().sum() > 0
    assert "未经核实" in table and "推断" in table and "候选字" in table


def test_the_english_quotes_table_keeps_the_caveats_the_names_no_longer_carry() -> None:
    """A name decoded but unverified, a unit with a lost character: one fact per cell, so the
    caveat is in the note, which the English table shows beside the quote."""
    quotes = br.load("quotes")
    assert not quotes["speaker_en"].str.contains(r"[(;]", na=False).any()
    assert not quotes["role_en"].str.contains(r"[(;]", na=False).any()
    table = figures.quotes_table(quotes, "en", caption="Quotes")
    for note in quotes["note"].dropna():
        assert html.escape(note) in table
    assert "unverified" in table and "支" in table


def test_the_repair_summary_names_every_box_and_every_inference() -> None:
    """The source chapter says which lost characters were inferred and where □ stays: every □
    of the cleaned text, each once, with the characters around it."""
    texts = {variant: br.source_text(variant) for variant in ("clean", "simplified")}
    places = source_view.boxed_places(texts)
    assert len(places) == texts["clean"].count("□") > 1
    assert all(place.count("□") == 1 and place in texts["clean"] for place in places)
    repairs = br.load("source_repairs")
    inferred = source_view.inferred_characters(repairs)
    lost = repairs[repairs["kind"] == "lost"]
    assert len(inferred) == (lost["confidence"] == "inferred").sum() > 0
    assert "□" not in inferred
    # The Chinese edition quotes the simplified text: the same places and characters, as that
    # text writes them (交巡警□队, 数), where the English one shows the cleaned text's (隊, 數)
    simplified_places = source_view.boxed_places(texts, "zh")
    assert len(simplified_places) == len(places)
    assert all(place in texts["simplified"] for place in simplified_places)
    assert simplified_places != places  # a place whose characters the two scripts write apart
    chinese = source_view.inferred_characters(repairs, "zh")
    assert chinese != inferred  # 數 is 数 in the simplified text
    found = lost[lost["confidence"] == "inferred"]
    for char, start, end in zip(chinese, found["clean_start"], found["clean_end"], strict=True):
        assert texts["simplified"][start:end] == char  # the texts align character for character


def test_the_repair_log_reads_in_the_editions_words_and_punctuation() -> None:
    """A lost character's kind and confidence are two different words (字节丢失, 无法补出; not
    "lost, lost"), in the table and in each highlighted repair's tooltip, which the Chinese
    edition punctuates as Chinese."""
    repairs = br.load("source_repairs")
    texts = {v: br.source_text(v) for v in ("raw", "clean", "simplified")}
    table = source_view.repair_table(repairs, lang="zh")
    row = re.search(r"<tr><td>r015</td>.*?</tr>", table)
    assert row and "<td>字节丢失</td><td>无法补出</td>" in row.group(0)
    side = source_view.side_by_side(
        texts["raw"], texts["clean"], texts["simplified"], repairs, lang="zh"
    )
    titles = re.findall(r'<mark class="repair [^"]*" title="([^"]*)"', side)
    worded = re.compile(r"[^,，:：（）]+（[^,，:：（）]+）：")  # kind (confidence): why
    assert titles and all(worded.match(t) for t in titles), titles[:3]
    assert "字节丢失（无法补出）：" in side
    # and says why in Chinese: no English word is left, in the tooltips and in the table
    assert [t for t in titles if english_words(t)] == []
    reasons = re.findall(r"<td[^>]*>([^<]*)</td></tr>", table)  # each row's last cell: why
    assert len(reasons) == (repairs["kind"] != "pinyin_annotation").sum()
    assert [r for r in reasons if english_words(html.unescape(r))] == []
    # each pinyin annotation shows itself removed, from the character the repair log names, in
    # either edition's words around it
    english_side = source_view.side_by_side(
        texts["raw"], texts["clean"], texts["simplified"], repairs, lang="en"
    )
    pinyin = repairs[repairs["kind"] == "pinyin_annotation"]
    assert len(pinyin) > 1
    for note, span in zip(pinyin["note"], pinyin["raw_span"], strict=True):
        named = re.fullmatch(r"pinyin annotation of (.) removed", note)
        assert named, note
        removed = f"{named[1]}{span} → {named[1]}"
        assert f'title="pinyin annotation, exact: {removed}"' in english_side
        assert f'title="删除拼音夹注（确定）：{removed}"' in side


# --- the data dictionary in each edition ---------------------------------------------------------


def test_every_unit_and_caution_of_the_schemas_is_worded_in_chinese_too() -> None:
    for name in br.list_tables():
        described = br.describe(name)
        for r in described.to_dict(orient="records"):
            assert bool(r["unit"]) == bool(r["unit_zh"]), (name, r["column"])
            assert bool(r["note"]) == bool(r["note_zh"]), (name, r["column"])
            for chinese in (r["unit_zh"], r["note_zh"]):  # Chinese words, a column name at most
                assert not re.search(r"[A-Za-z]", re.sub(r"\b[a-z_]+\b", "", chinese)), chinese
    tiers = br.describe("service_tiers").set_index("column")
    assert tiers.loc["item_count", "unit_zh"] == render.unit_name("count", "zh")
    assert "相加" in tiers.loc["item_count", "note_zh"]  # do not add the tiers up


def _dictionary_row(page: str, table: str, column: str) -> str:
    """A column's row of the dictionary page, from its anchor to the end of the row."""
    start = page.index(f'<tr id="field-{table}-{column}">')
    return page[start : page.index("</tr>", start)]


def test_the_chinese_dictionary_shows_units_and_cautions_in_chinese() -> None:
    """The unit column and the caution under a table, as the Chinese edition shows them."""
    page = dictionary_view.dictionary_html("zh")
    for name in br.list_tables():
        for r in br.describe(name).to_dict(orient="records"):
            row = _dictionary_row(page, name, r["column"])
            unit_cell = re.findall(r"<td[^>]*>(.*?)</td>", row)[3]
            assert html.unescape(unit_cell) == r["unit_zh"], (name, r["column"])
            if r["note"]:
                assert html.escape(r["note_zh"]) in page and html.escape(r["note"]) not in page
    cautions = re.findall(r'<div class="dictionary-caution">(.*?)</div>', page)
    assert cautions and all('lang="en"' not in c for c in cautions)
    english = dictionary_view.dictionary_html("en")  # the English edition keeps the codes
    assert '<td lang="en">count</td>' in english and "Do not add the tiers up" in english


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_dictionary_says_what_each_code_means_in_the_editions_words(lang: str) -> None:
    """Under a table with coded columns (a section, a unit, a coverage), each code the column
    allows with its words in the edition's language: what `trace` gives for a cell holding it."""
    page = dictionary_view.dictionary_html(lang)
    for name, column in [
        ("metrics", "section"),
        ("metrics", "unit"),
        ("service_tiers", "coverage"),
    ]:
        section = page[page.index(f'id="table-{name}"') :]
        section = section[: section.index("</section>")]
        listed = re.search(rf"<li><code>{column}</code>(.*?)</li>", section)
        assert listed, (name, column, lang)
        row = br.load(name).iloc[0]
        words = br.trace(f"{name}.{row.iloc[0]}.{column}").text[lang]
        assert f"<code>{row[column]}</code> {html.escape(words)}" in listed.group(1)
        if lang == "zh":
            assert "_" not in re.sub(r"<code>.*?</code>", "", listed.group(1))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_column_a_later_version_added_says_so_and_what_it_replaced(lang: str) -> None:
    """describe() and the dictionary page give the data version that added a column, and the
    column it took over (area_zh took over area in 0.3.0): what a researcher upgrading looks for."""
    metrics = br.describe("metrics").set_index("column")
    assert (metrics.loc["area_zh", "added_in"], metrics.loc["area_zh", "replaces"]) == (
        "0.3.0",
        "area",
    )
    assert (metrics.loc["value", "added_in"], metrics.loc["value", "replaces"]) == ("", "")
    page = dictionary_view.dictionary_html(lang)
    for name in br.list_tables():
        for r in br.describe(name).to_dict(orient="records"):
            row = _dictionary_row(page, name, r["column"])
            since = re.search(r'<span class="since">(.*?)</span>', row)
            assert bool(since) == bool(r["added_in"]), (name, r["column"])
            if since:
                assert r["added_in"] in since.group(1)
                assert (f"<code>{r['replaces']}</code>" in since.group(1)) == bool(r["replaces"])
                assert ("版新增" in since.group(1)) == (lang == "zh")


# Pages about the files themselves, where a table's name is what the reader types or downloads.
TECHNICAL_PAGES = {"using_data", "dictionary", "downloads", "api", "reproducibility"}


@pytest.mark.parametrize("stem", sorted(set(STEMS) - TECHNICAL_PAGES))
def test_reader_prose_names_no_table_by_its_code(stem: str) -> None:
    """A chapter's narrative says what a table is in words, in both editions; table names stay in
    code cells, glue keys and machine formats."""
    coded = re.compile(r"(?<!\})`(?:" + "|".join(registry.TABLE_NAMES) + r")`")
    catalogue = i18n.catalogue("zh")
    for message in i18n.messages(_source(stem)):
        chinese = catalogue[i18n.normalize(message)]
        assert coded.findall(message) == [] and coded.findall(chinese) == [], (stem, message)


def test_printed_charts_write_chinese_in_a_sans_serif_font() -> None:
    """The PNG that the PDF prints gives Chinese text the sans-serif CJK face (with its bold), not
    the serif one the renderer falls back to for "sans-serif": the print spec renders exactly as
    the same chart in Noto Sans CJK does, and unlike it in Noto Serif CJK."""
    import copy

    import altair as alt
    import vl_convert as vlc

    frame = pd.DataFrame({"label": ["治安警情"], "value": [-63], "shown": ["下降63%"]})
    chart = alt.Chart(frame).mark_text(fontWeight="bold").encode(text="shown:N", y="label:N")
    spec = charts.responsive_spec(chart, "下降了多少？", "说明")
    printed = charts.png(charts.print_spec(spec))

    def rendered_in(family: str) -> bytes:
        fixed = copy.deepcopy(charts.print_spec(spec))
        fixed["config"]["font"] = family
        return bytes(vlc.vegalite_to_png(fixed, scale=2))

    assert printed == rendered_in("Noto Sans CJK SC")
    assert printed != rendered_in("Noto Serif CJK SC")


def test_the_tier_view_reads_self_service_and_coverage_in_words() -> None:
    """The service-tier chart's table and tooltip: 7×24 with its unit where the article states
    it, "not stated" where it does not, and the coverage in the registry's words, not a code."""
    tiers = br.load("service_tiers")
    view = figures._tier_view(tiers, "en").set_index("tier_id")
    assert view.loc["workstations", "self_service"] == "7×24 hours"
    assert set(view.drop(index="workstations")["self_service"]) == {"not stated"}
    assert view.loc["hall", "coverage_name"] == "the city and its counties"
    chinese = figures._tier_view(tiers, "zh").set_index("tier_id")
    assert chinese.loc["workstations", "self_service"] == "7×24小时"
