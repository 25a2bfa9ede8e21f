"""`br.trace` and `baicheng-report cite`: every evidenced cell, in words, with its sentence, the
figure's exact span and absolute URLs; an unknown address is a usage error with valid suggestions.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

import baicheng_report as br
from baicheng_report.cli import cli
from baicheng_report.dataset.registry import ANCHORED_TABLES
from baicheng_report.meta import DATASET
from baicheng_report.source import numerals
from baicheng_report.vocabulary import render
from baicheng_report.vocabulary.claims import SHOWN, claim_id
from baicheng_report.vocabulary.tracing import Trace, addresses, figure_span, trace_all
from tests.conftest import invoke

LOCAL = "http://localhost:8000/site/"


@pytest.fixture(scope="module")
def traced() -> dict[str, Trace]:
    return {t.address: t for t in trace_all()}


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _stated(span: str) -> float:
    """The number a span states: 60余万 → 600000, 不到5 → 5, 3分钟 → 3, 两户 → 2."""
    try:
        return numerals.parse_value(span)[0]
    except ValueError:
        return float(numerals.parse_integer(span))


def cite(*args: str) -> Any:
    return CliRunner().invoke(cli, ["cite", *args])


# --- every cell ---------------------------------------------------------------------------------


def test_every_cell_of_every_evidenced_table_traces(traced: dict[str, Trace]) -> None:
    """Not only the numbers the book shows: each column of each row of each table with evidence,
    and `trace` gives for one address what `trace_all` gives for it."""
    expected = {
        f"{table}.{row}.{column}"
        for table in ANCHORED_TABLES
        for frame in [br.load(table)]  # type: ignore[arg-type]
        for row in frame[frame.columns[0]]
        for column in frame.columns
    }
    assert set(traced) == expected == set(addresses())
    assert len(expected) > 20 * len(SHOWN)
    text = br.source_text("simplified")
    for address, t in traced.items():
        assert t.evidence == text[t.char_start : t.char_end], address
        assert t.sentence_start <= t.char_start <= t.char_end <= t.sentence_end, address
        assert t.char_start <= t.span_start < t.span_end <= t.char_end, address
        assert t.span == text[t.span_start : t.span_end], address
        assert t.sentence == text[t.sentence_start : t.sentence_end], address
        assert all(t.text[lang].strip() for lang in ("en", "zh")), address
    for address in ("metrics.sunshine_square_service_time.value", *sorted(traced)[::97]):
        assert br.trace(address) == traced[address]


def test_every_number_has_the_span_that_states_it(traced: dict[str, Trace]) -> None:
    """A numeric cell's span is its own figure, never the whole phrase around it."""
    numbers = [
        t
        for t in traced.values()
        if _numeric(t.value) and t.column not in ("char_start", "char_end")
    ]
    frames = [br.load(table) for table in ANCHORED_TABLES]  # type: ignore[arg-type]
    cells = sum(
        int(frame[column].notna().sum())
        for frame in frames
        for column in frame.select_dtypes("number").columns.drop(["char_start", "char_end"])
    )
    assert len(numbers) == cells > 30
    for t in numbers:
        if t.table != "numeric_mentions":  # a numeral's evidence is itself
            assert (t.span_start, t.span_end) != (t.char_start, t.char_end), t.address
        assert _stated(t.span) == abs(float(t.value)), (t.address, t.span)


def test_the_29_percent_is_the_second_of_four_in_one_phrase() -> None:
    t = br.trace("metrics.traffic_deaths_change.value")
    text = br.source_text("simplified")
    phrase = "分别下降36%、29%、13%、49%"
    assert phrase in t.evidence and phrase in t.sentence
    assert t.span == "29%"
    assert t.span_start == text.index(phrase) + phrase.index("29%")
    assert (t.span_start, t.span_end) != (t.char_start, t.char_end)


def test_a_numeral_found_through_numeric_mentions() -> None:
    """9 venues of the workstations tier: the numeral numeric_mentions records for the row, not
    the 9 of another phrase nor the first digit that reads 9."""
    t = br.trace("service_tiers.workstations.venue_count")
    mentions = br.load("numeric_mentions")
    mine = mentions[(mentions["captured_id"] == "workstations") & (mentions["value"] == 9)]
    assert len(mine) == 1
    assert (t.span_start, t.span_end) == (mine["char_start"].iloc[0], mine["char_end"].iloc[0])
    assert t.span == "9" and t.text == {"en": "9", "zh": "9"}


def test_month_cells_trace_to_their_month(traced: dict[str, Trace]) -> None:
    """Each case's month: a month in words, and the numeral of 今年N月, not the 3 of 3分钟."""
    cases = br.load("response_cases")
    text = br.source_text("simplified")
    for case_id, month in zip(cases["case_id"], cases["month"], strict=True):
        t = traced[f"response_cases.{case_id}.month"]
        assert t.value == month
        assert t.text["zh"] == f"{month}月"
        assert t.text["en"] in ("January", "February", "March", "April", "May", "June", "July")
        assert text[t.span_start - 2 : t.span_end + 1] == f"今年{month}月", case_id
    assert traced["response_cases.changqingqiao_alert.month"].text["en"] == "March"
    three = traced["response_cases.changqingqiao_alert.duration_value"]
    assert three.span == "3分钟"


def test_a_cell_that_is_not_a_numeral_spans_its_text_in_the_evidence(
    traced: dict[str, Trace],
) -> None:
    """A place, a term, a year inside words: where that text occurs inside the evidence; and the
    whole evidence only when it does not."""
    area = traced["metrics.criminal_incidents_change.area_zh"]
    assert area.value == "白城市区" and area.span == "白城市区"
    baseline = traced["metrics.criminal_incidents_change.baseline"]
    assert baseline.value == "same period of 2019" and baseline.span == "2019"
    assert baseline.span_start == baseline.char_start + baseline.evidence.index("2019年同期")
    # the year as a number: the numeral 2019 that no row captures, in every change's evidence
    for row_id in br.load("metrics").dropna(subset=["baseline_year"])["metric_id"]:
        year = traced[f"metrics.{row_id}.baseline_year"]
        assert year.value == 2019 and year.span == "2019", row_id
        assert year.text == {"en": "2019", "zh": "2019年"}
    stated = traced["metrics.criminal_incidents_change.area_stated"]
    assert stated.value is True and stated.text["en"] != "True"  # a yes in words, not a code
    for term in br.load("glossary").to_dict(orient="records"):
        t = traced[f"glossary.{term['term_id']}.term_zh"]
        assert t.span == term["term_zh"] and term["term_zh"] in t.evidence
    english = traced["glossary.police_locality_integration.term_en"]
    assert english.span == english.evidence  # not in the Chinese text: the evidence stands


def test_every_text_cell_found_in_its_evidence_spans_just_that_text(
    traced: dict[str, Trace],
) -> None:
    """Words of the article in a cell (a place, a term, a quote's speaker) span where they occur,
    also right before a figure (主城区21个): never the whole phrase around them."""
    found = [
        t
        for t in traced.values()
        if isinstance(t.value, str) and len(t.value) > 1
        if t.value in t.evidence and t.value != t.evidence
    ]
    assert len(found) > 50
    assert [(t.address, t.span) for t in found if t.span != t.value] == []
    grid = traced["metrics.patrol_core_areas.area_zh"]
    assert grid.evidence.startswith("聚焦主城区21") and grid.span == "主城区"


def test_words_right_before_or_after_a_figure_are_whole() -> None:
    """Only an edge that is a digit can cut a number: 主城区 before 21, 分钟 after 3."""
    evidence = "聚焦主城区21个,仅用3分钟"
    row = {"evidence": evidence, "char_start": 10, "char_end": 10 + len(evidence)}
    row |= {"area_zh": "主城区", "duration_unit": "分钟"}
    assert figure_span("metrics", "m", "area_zh", row, []) == (12, 15)
    assert figure_span("response_cases", "c", "duration_unit", row, []) == (22, 24)


def _mention(value: float, start: int, end: int, row_id: str) -> dict[str, Any]:
    return {"value": value, "char_start": start, "char_end": end, "evidence": "3"} | {
        "captured_table": "response_cases",
        "captured_id": row_id,
    }


def test_a_figure_inside_another_figures_words_is_not_taken_for_it() -> None:
    """Two equal numerals in one case: the duration's is inside its words (3分钟), so the month
    is the other one, whichever comes first."""
    evidence = "仅用3分钟,今年3月"
    row = {"evidence": evidence, "char_start": 100, "char_end": 100 + len(evidence)}
    row |= {"month": 3, "duration_value": 3.0, "duration_text": "3分钟"}
    mentions = [_mention(3, 102, 103, "c"), _mention(3, 108, 109, "c")]
    assert figure_span("response_cases", "c", "month", row, mentions) == (108, 109)
    assert figure_span("response_cases", "c", "duration_value", row, mentions) == (102, 105)


def test_a_figure_written_in_digits_is_a_whole_number_not_part_of_one() -> None:
    """The 9 of 9个 where 2019 comes first: a match must not cut a number."""
    evidence = "与2019年相比有9个"
    row = {"evidence": evidence, "char_start": 50, "char_end": 50 + len(evidence)}
    row |= {"value": 9.0, "value_text": "9"}
    assert figure_span("metrics", "m", "value", row, []) == (59, 60)
    assert figure_span("metrics", "m", "value_text", row, []) == (59, 60)


# --- one meaning of value_text -------------------------------------------------------------------


def test_value_text_is_the_figure_as_the_article_writes_it_everywhere() -> None:
    """In claims() as in metrics: the article's own words for the figure, which the evidence
    contains; the popover's "As written" never shows the signed number of the data."""
    from baicheng_report.report import prose

    metrics = br.load("metrics").set_index("metric_id")
    claims = br.claims()
    for r in claims.to_dict(orient="records"):
        assert r["value_text"] in r["evidence"], r["claim_id"]
        if (r["table"], r["column"]) == ("metrics", "value"):
            assert r["value_text"] == metrics.loc[r["row_id"], "value_text"]
        for lang in ("en", "zh"):
            assert not re.search(r"(As written|原文写作)\W+<span[^>]*>-", prose._popover(r, lang))
    written = claims.set_index("claim_id")["value_text"]
    assert written["claim-metrics-people_served_total-value"] == "60余万"
    assert written["claim-response_cases-changqingqiao_alert-duration_value"] == "3分钟"


# --- words, not codes ---------------------------------------------------------------------------


def test_values_read_in_words_in_both_languages(traced: dict[str, Trace]) -> None:
    big = traced["metrics.cost_saved_total.value"]
    assert big.text == {"en": "more than 20 million yuan", "zh": "2000余万元"}
    assert big.span == "2000余万"
    people = traced["metrics.people_served_total.value"]
    assert people.text == {"en": "more than 600,000 person-times", "zh": "60余万人次"}
    assert traced["metrics.people_served_total.unit"].text == {"en": "person-times", "zh": "人次"}
    assert traced["metrics.people_served_total.unit"].span == "人次"
    assert traced["metrics.people_served_total.qualifier"].text == {"en": "more than", "zh": "超过"}
    under = traced["metrics.sunshine_square_service_time.value"]
    assert under.text == {"en": "under 5 minutes", "zh": "不到5分钟"} and under.span == "不到5"
    fell = traced["metrics.traffic_deaths_change.value"]
    assert fell.text == {"en": "fell 29%", "zh": "下降29%"}
    assert fell.label is not None and fell.label["zh"] == "道路交通事故死亡人数"


def test_no_code_or_float_notation_reaches_the_reader(traced: dict[str, Trace]) -> None:
    """Unit and qualifier cells and every number read in words: no `person_time`, no `2e+07`."""
    codes = render.CODES - {"yuan"}  # yuan is the English word too
    coded = [t for t in traced.values() if t.column in ("unit", "qualifier", "duration_unit")]
    assert {t.value for t in coded} >= {"person_time", "more_than", "less_than", "percent"}
    for t in coded + [t for t in traced.values() if _numeric(t.value)]:
        for lang in ("en", "zh"):
            assert t.text[lang] not in codes, (t.address, lang)
            assert not re.search(r"\de[+-]\d|_", t.text[lang]), (t.address, t.text[lang])


def test_a_code_the_data_classifies_by_reads_in_words_and_stays_a_code_in_value(
    traced: dict[str, Trace],
) -> None:
    """A section, a category, a kind of numeral, a coverage or a table named by a row: the
    reader gets words in each edition (Chinese in Chinese), `value` keeps the code, and the span
    stays the evidence (the article never states a classification)."""
    columns = {("metrics", "section"), ("glossary", "category"), ("service_tiers", "coverage")}
    columns |= {("numeric_mentions", "kind"), ("numeric_mentions", "captured_table")}
    coded = [t for t in traced.values() if (t.table, t.column) in columns and t.value is not None]
    assert {(t.table, t.column) for t in coded} == columns
    for t in coded:
        assert re.fullmatch(r"[a-z_]+", t.value), t.address
        assert "_" not in t.text["en"], t.address  # a word (slogan), not a code (patrol_grid)
        assert re.search(r"[\u4e00-\u9fff]", t.text["zh"]), t.address
        assert (t.span_start, t.span_end) == (t.char_start, t.char_end), t.address
    assert traced["service_tiers.hall.coverage"].text == {
        "en": "the city and its counties",
        "zh": "市县",  # as the article says it, and as the row's coverage_zh holds it
    }
    assert traced["numeric_mentions.n001.captured_table"].text["en"] == "The figures"


# --- URLs ---------------------------------------------------------------------------------------


def test_urls_are_absolute_on_the_dataset_site_and_base_url_overrides() -> None:
    shown = SHOWN[0]
    address = f"{shown.table}.{shown.row_id}.{shown.column}"
    t = br.trace(address)
    cid = claim_id(shown.table, shown.row_id, shown.column)
    assert t.claim_id == cid and t.book_url is not None
    for lang in ("en", "zh"):
        assert t.book_url[lang] == f"{DATASET.site_url}{lang}/book/{shown.page}.html#{cid}"
        assert t.source_url[lang].startswith(f"{DATASET.site_url}{lang}/book/source.html#ev-")
    local = br.trace(address, base_url=LOCAL.rstrip("/"))
    assert local.book_url is not None
    assert all(url.startswith(LOCAL) for url in [*local.book_url.values()])
    assert all(url.startswith(LOCAL) for url in [*local.source_url.values()])
    assert local.source_url["en"].removeprefix(LOCAL) == t.source_url["en"].removeprefix(
        DATASET.site_url
    )


def test_a_cell_the_book_does_not_show_has_only_its_source_url() -> None:
    t = br.trace("metrics.sunshine_square_service_time.value")
    assert t.claim_id is None and t.book_url is None
    assert t.source_url["zh"].startswith(
        f"{DATASET.site_url}zh/book/source.html#ev-metrics-sunshine_square_service_time:~:text="
    )


# --- addresses ----------------------------------------------------------------------------------


def test_claim_ids_and_permalinks_keep_working() -> None:
    shown = SHOWN[len(SHOWN) // 2]
    cid = claim_id(shown.table, shown.row_id, shown.column)
    dotted = br.trace(f"{shown.table}.{shown.row_id}.{shown.column}")
    assert br.trace(cid) == dotted
    assert br.trace(f"https://example.org/zh/book/{shown.page}.html#{cid}") == dotted


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("metrics.sunshine_square_service_tme.value", "metrics.sunshine_square_service_time.value"),
        ("response_cases.changqingqiao_alert.mnth", "response_cases.changqingqiao_alert.month"),
        ("claim-metrics-police_workstation-value", "metrics.police_workstations.value"),
        ("metric.traffic_deaths_change.value", "metrics.traffic_deaths_change.value"),
    ],
)
def test_an_unknown_address_suggests_valid_ones(typed: str, meant: str) -> None:
    valid = set(addresses())
    with pytest.raises(br.UnknownAddress) as raised:
        br.trace(typed)
    assert meant in raised.value.suggestions
    assert set(raised.value.suggestions) <= valid
    result = cite(typed)
    assert result.exit_code == 2, result.output
    assert meant in result.output
    named = set(re.findall(r"[a-z_]+\.[a-z0-9_]+\.[a-z_]+", result.output.split("did you mean")[1]))
    assert named and named <= valid


def test_a_cell_of_a_table_without_evidence_is_unknown() -> None:
    with pytest.raises(br.UnknownAddress):
        br.trace("sources.fa7bd7b7798f17a9.bytes")
    assert cite("sources.fa7bd7b7798f17a9.publisher").exit_code == 2


# --- the command line ---------------------------------------------------------------------------


def test_cite_prints_words_sentence_span_and_urls() -> None:
    t = br.trace("response_cases.changqingqiao_alert.month", base_url=LOCAL)
    result = cite("response_cases.changqingqiao_alert.month", "--base-url", LOCAL)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "March" in out and "3月" in out and t.sentence in out
    assert f"{t.span} (characters {t.span_start}-{t.span_end})" in out
    assert "book (" not in out  # the book does not show the month
    for url in t.source_url.values():
        assert url in out
    line = next(x for x in out.splitlines() if x.startswith("cite as: "))
    assert br.citation("apa") in line and t.address in line and t.sentence in line


def test_cite_through_the_entry_point_for_a_claim_of_the_book() -> None:
    """The command as a user runs it (its entry point, in process): a permalink in, the book's
    URLs out."""
    shown = SHOWN[-1]
    cid = claim_id(shown.table, shown.row_id, shown.column)
    t = br.trace(cid)
    result = invoke("cite", f"{DATASET.site_url}en/book/{shown.page}.html#{cid}")
    assert result.returncode == 0, result.stderr
    assert t.book_url is not None
    assert all(url in result.stdout for url in [*t.book_url.values(), *t.source_url.values()])
    assert t.text["en"] in result.stdout and t.text["zh"] in result.stdout
    assert result.stdout.startswith(t.address)


def test_a_literal_and_a_bare_unit_read_in_words(traced: dict[str, Trace]) -> None:
    """7×24 reads with its unit, as the article writes 7×24小时; the unit `percent` named on its
    own reads as a word, not as its code."""
    assert traced["service_tiers.workstations.self_service"].text == {
        "en": "7×24 hours",
        "zh": "7×24小时",
    }
    assert traced["service_tiers.workstations.self_service"].value == "7×24"
    assert traced["metrics.traffic_deaths_change.unit"].text == {"en": "percentage", "zh": "百分比"}
