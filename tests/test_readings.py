"""`metric_readings`: one reading per figure, its rules catching each kind of damage, and the
chapter that shows it in both editions."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import baicheng_report as br
from baicheng_report.dataset.schemas import metric_readings
from baicheng_report.dataset.validation import validate_dir
from baicheng_report.report import readings_view
from baicheng_report.report.build import chapters
from tests.conftest import EDITIONS, ROOT, edition_site
from tests.damage import Case

TABLE = "metric_readings"


def _edit(table: str, edit: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> Callable:
    def damage(d: Path) -> None:
        path = d / f"{table}.csv"
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        rows = edit(list(reader))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=reader.fieldnames or [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")

    return damage


def _set(row_id: str, **values: str) -> Callable:
    """Change cells of one reading, found by its metric_id."""

    def edit(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        hit = [r for r in rows if r["metric_id"] == row_id]
        assert len(hit) == 1, row_id
        hit[0].update(values)
        return rows

    return _edit(TABLE, edit)


def _line_of(data_dir: Path, metric_id: str) -> int:
    rows = list(csv.DictReader(io.StringIO((data_dir / f"{TABLE}.csv").read_text("utf-8"))))
    return next(i for i, r in enumerate(rows, 2) if r["metric_id"] == metric_id)


# (damage, metric_id of the row named or None, column named or None, words of the rule)
CASES: dict[str, tuple[Callable, str | None, str | None, str]] = {
    "unknown kind": (
        _set("patrol_core_areas", kind="guess"),
        "patrol_core_areas",
        "kind",
        "isin",
    ),
    "unknown item in a list": (
        _set("patrol_core_areas", check_needs="register; a hunch"),
        "patrol_core_areas",
        "check_needs",
        "str_matches",
    ),
    "item listed twice": (
        _set("patrol_core_areas", unstated="count_date; count_date"),
        "patrol_core_areas",
        None,
        "lists_have_no_repeats",
    ),
    "evidence and reason both given": (
        _set("cost_saved_total", no_evidence_reason="Not dated."),
        "cost_saved_total",
        None,
        "evidence_or_reason",
    ),
    "neither evidence nor reason": (
        _set("patrol_core_areas", no_evidence_reason=""),
        "patrol_core_areas",
        None,
        "evidence_or_reason",
    ),
    "offsets without evidence": (
        _set("patrol_core_areas", char_start="10"),
        "patrol_core_areas",
        None,
        "evidence_all_or_none",
    ),
    "evidence not at its offsets": (
        _set("cost_saved_total", char_start="2040", char_end="2044"),
        "cost_saved_total",
        None,
        "evidence_round_trips",
    ),
    "relies on the wrong fact for 今年": (
        _set("co_governance_departments", relies_on_sources="published_date"),
        "co_governance_departments",
        None,
        "relies_on_what_the_phrase_needs",
    ),
    "a change that does not lack its base": (
        _set("criminal_incidents_change", unstated="baseline_choice; definitions"),
        "criminal_incidents_change",
        None,
        "change_lacks_base",
    ),
    "a total with its start": (
        _set("cost_saved_total", unstated="method"),
        "cost_saved_total",
        None,
        "total_lacks_start",
    ),
    "an undated count with its date": (
        _set("police_workstations", unstated="definitions"),
        "police_workstations",
        None,
        "undated_count_lacks_date",
    ),
    "a metric without its reading": (
        _edit(TABLE, lambda rows: [r for r in rows if r["metric_id"] != "police_workstations"]),
        None,
        "metric_id",
        "no reading for this metric",
    ),
    "a reading of no metric": (
        _set("police_workstations", metric_id="police_stations"),
        "police_stations",
        "metric_id",
        "foreign key: not a metric_id of metrics.csv",
    ),
    "a change read as a count": (
        _set("criminal_incidents_change", kind="count_at_a_date"),
        "criminal_incidents_change",
        "kind",
        "change_without_base is exactly",
    ),
    "a running total read as a count": (
        _set("people_served_total", kind="count_at_a_date", unstated="definitions"),
        "people_served_total",
        "kind",
        "cumulative_total is exactly",
    ),
    "a quoted target read as the article's voice": (
        _set("response_target_first_tier", stated_by="article_unattributed"),
        "response_target_first_tier",
        "stated_by",
        "must be bureau_officer_quoted",
    ),
    "a caption read as the article's voice": (
        _set("sunshine_square_service_time", stated_by="article_unattributed"),
        "sunshine_square_service_time",
        "stated_by",
        "must be photo_caption",
    ),
    "a dating phrase from another sentence": (
        _set(
            "co_governance_departments",
            evidence="截至目前",
            char_start="1560",
            char_end="1564",
            relies_on_sources="published_date",
        ),
        "co_governance_departments",
        "evidence",
        "not in the sentence",
    ),
}


RULE_IDS = {
    "unknown kind": "metric_readings.kind.isin",
    "unknown item in a list": "metric_readings.check_needs.str_matches",
    "item listed twice": "metric_readings.lists_have_no_repeats",
    "evidence and reason both given": "metric_readings.evidence_or_reason",
    "neither evidence nor reason": "metric_readings.evidence_or_reason",
    "offsets without evidence": "metric_readings.evidence_all_or_none",
    "evidence not at its offsets": "metric_readings.evidence_round_trips",
    "relies on the wrong fact for 今年": "metric_readings.relies_on_what_the_phrase_needs",
    "a change that does not lack its base": "metric_readings.change_lacks_base",
    "a total with its start": "metric_readings.total_lacks_start",
    "an undated count with its date": "metric_readings.undated_count_lacks_date",
    "a metric without its reading": "metric_readings.covers_metrics",
    "a reading of no metric": "metric_readings.metric_id.foreign_key",
    "a change read as a count": "metric_readings.kind_change",
    "a running total read as a count": "metric_readings.kind_total",
    "a quoted target read as the article's voice": "metric_readings.stated_by_matches_text",
    "a caption read as the article's voice": "metric_readings.stated_by_matches_text",
    "a dating phrase from another sentence": "metric_readings.dating_in_sentence",
}


def _relying_on(fact: str) -> str:
    readings = br.load(TABLE)
    return str(readings[readings["relies_on_sources"].fillna("").str.contains(fact)].iloc[0, 0])


def damage_cases() -> dict[str, Case]:
    """The cases above as the validator's damage registry takes them (tests/test_validate.py
    runs them again with the descriptor re-hashed and counts the rules they reach), plus the
    evidence span and the source fact that only a re-hashed directory shows."""
    out = {
        f"readings: {name}": Case(damage, RULE_IDS[name], f"{TABLE}.csv", row, column, None)
        for name, (damage, row, column, _words) in CASES.items()
    }
    # the registry finds a row by its id before the damage: the renamed reading's old id
    renamed = out["readings: a reading of no metric"]
    out["readings: a reading of no metric"] = Case(
        renamed.damage, renamed.rule_id, renamed.file, "police_workstations", renamed.column, None
    )
    out["readings: offsets shorter than the evidence"] = Case(
        _set("cost_saved_total", char_end=str(int(_reading("cost_saved_total", "char_start")) + 1)),
        "metric_readings.offsets_span_evidence",
        f"{TABLE}.csv",
        "cost_saved_total",
        None,
        None,
    )
    out["readings: the source states the year relied on as unstated"] = Case(
        _edit("sources", lambda rows: [{**r, "reference_year": "2020"} for r in rows]),
        "metric_readings.relies_on_unstated",
        f"{TABLE}.csv",
        _relying_on("reference_year"),
        "relies_on_sources",
        None,
    )
    return out


def _reading(metric_id: str, column: str) -> str:
    readings = br.load(TABLE).set_index("metric_id")
    return str(readings.loc[metric_id, column])


@pytest.mark.parametrize("case", list(CASES))
def test_each_kind_of_damage_is_named(data_copy: Path, case: str) -> None:
    damage, metric_id, column, words = CASES[case]
    damage(data_copy)
    failures = [f for f in validate_dir(data_copy, check_package=False) if f.file == f"{TABLE}.csv"]
    row = None if metric_id is None else _line_of(data_copy, metric_id)
    hits = [f for f in failures if f.row == row and f.column == column and words in f.rule]
    assert hits, [str(f) for f in failures]


def test_a_fact_the_source_states_cannot_be_relied_on_as_unstated(data_copy: Path) -> None:
    # if the source named its year, the figures dated by 今年 no longer rely on an unknown
    _edit("sources", lambda rows: [{**r, "reference_year": "2020"} for r in rows])(data_copy)
    failures = [f for f in validate_dir(data_copy, check_package=False) if f.file == f"{TABLE}.csv"]
    readings = br.load(TABLE)
    relying = readings[readings["relies_on_sources"].fillna("").str.contains("reference_year")]
    assert len(relying) >= 1
    named = {f.row for f in failures if f.column == "relies_on_sources"}
    assert named == {_line_of(data_copy, m) for m in relying["metric_id"]}


def test_the_real_readings_are_valid_and_cover_every_metric(data_dir: Path) -> None:
    assert [f for f in validate_dir(data_dir) if f.file == f"{TABLE}.csv"] == []
    readings, metrics = br.load(TABLE), br.load("metrics")
    assert sorted(readings["metric_id"]) == sorted(metrics["metric_id"])
    br.load(TABLE, validate=True)


def test_every_code_of_the_vocabularies_has_a_label() -> None:
    for lang in EDITIONS:
        labels = readings_view.labels(lang)
        for name, vocabulary in (
            ("kind", metric_readings.KINDS),
            ("stated_by", metric_readings.STATED_BY),
            ("check_needs", metric_readings.CHECK_NEEDS),
            ("unstated", metric_readings.UNSTATED),
            ("relies_on_sources", metric_readings.SOURCE_FACTS),
        ):
            assert set(labels[name]) == set(vocabulary), (lang, name)
            assert all("_" not in text for text in labels[name].values()), (lang, name)


def test_the_chapter_comes_before_the_source_chapter() -> None:
    order = chapters(ROOT)
    assert order.index("reading_figures") < order.index("source")


@pytest.mark.slow
@pytest.mark.parametrize("lang", EDITIONS)
def test_the_chapter_shows_every_figure_in_each_edition(built_book: Path, lang: str) -> None:
    page = (edition_site(built_book, lang) / "book" / "reading_figures.html").read_text("utf-8")
    for metric_id in br.load("metrics")["metric_id"]:
        assert f'data-table="metrics" data-ref-id="{metric_id}" data-ref-column="value"' in page
    # each value links to the one claim of its number (or its evidence) and lands on an id there
    book = edition_site(built_book, lang) / "book"
    refs = re.findall(r'<a class="claim-ref" href="([^"#]+)#([^"]+)"', page)
    # every figure in the table, the baseline year, and the targets and totals listed again
    listed = br.load(TABLE)["kind"].isin(["target", "cumulative_total"]).sum()
    assert len(refs) == len(br.load("metrics")) + 1 + listed
    for target, fragment in refs:
        assert f'id="{fragment}"' in (book / target).read_text("utf-8"), (target, fragment)
    labels = readings_view.labels(lang)
    for kind in br.load(TABLE)["kind"].unique():
        assert html.escape(labels["kind"][kind]) in page, kind
    if lang == "zh":
        assert "今年以来" in page and "Changes without their base" not in page


def test_every_dating_phrase_reads_in_english_words_too() -> None:
    """The English edition glosses each dating phrase the data holds (今年以来, since the start of
    this year); the Chinese edition quotes it as it stands."""
    from baicheng_report.dataset.schemas.metric_readings import DATING_WORDS
    from baicheng_report.report import readings_view

    phrases = set(br.load("metric_readings")["evidence"].dropna())
    assert phrases and phrases <= set(DATING_WORDS)
    readings, metrics = br.load("metric_readings"), br.load("metrics")
    tables = {lang: readings_view.readings_table(readings, metrics, lang) for lang in ("en", "zh")}
    for phrase in phrases:  # the phrase marked as Chinese, its words as the page's English
        glossed = f'<td><span lang="zh-Hans">{phrase}</span> ({DATING_WORDS[phrase]})</td>'
        assert glossed in tables["en"]
        assert f"{phrase} (" not in tables["zh"]
