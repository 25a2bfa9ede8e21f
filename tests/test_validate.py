"""Bad input: each kind of damage is reported by the rule it breaks, with file, row and column,
never a traceback; `export`, `package` and `build` refuse the directory and write nothing.

Every case runs twice: on the damaged directory as it is (the stale descriptor is reported too)
and again with datapackage.json re-hashed to vouch for the damaged files, as an editor who
hand-edits both would. In the second run only the rule the case names, and the rules it lists as
knock-on effects, may answer. A rule-coverage test fails when a rule of the validator has no case.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

from baicheng_report.dataset import schemas
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.dataset.validation import PACKAGE_RULES, Context, Failure, rules, validate_dir
from baicheng_report.dataset.validation.failure import cells_named
from baicheng_report.dataset.validation.rules import CROSS_RULES, TABLE_RULES, run_cross
from baicheng_report.source import text as source
from tests import hostile
from tests.conftest import invoke
from tests.damage import (
    SHADOWED,
    Case,
    Damage,
    cell,
    cells,
    column_cases,
    edit_bytes,
    edit_rows,
    evidence_cases,
    index_of,
    line_of,
    rehash,
    rows,
)
from tests.test_readings import damage_cases as reading_cases

DATA = package_data_dir()
RULES = rules()
# The damaged cell is one a correction set: the correction no longer holds either. (The validator
# once kept corrections.csv's verdict while only another table changed, which hid this.)
CORRECTED = frozenset({"corrections.new_value_holds"})


def _ids(table: str, column: str, value: str) -> list[str]:
    """Ids of the rows of `table` whose `column` is `value`, from the packaged data."""
    found = rows(DATA / f"{table}.csv")
    key, col = found[0].index(schemas.primary_key(table)), found[0].index(column)
    return [r[key] for r in found[1:] if r[col] == value]


def _mention_elsewhere() -> tuple[str, str]:
    """A numeral captured by a metrics row, and another metrics row whose evidence misses it."""
    metrics = pd.read_csv(DATA / "metrics.csv")
    mentions = pd.read_csv(DATA / "numeric_mentions.csv")
    m = mentions[mentions["captured_table"] == "metrics"].iloc[0]
    away = metrics[
        (metrics["char_start"] > m["char_start"]) | (metrics["char_end"] < m["char_end"])
    ]
    return str(m["mention_id"]), str(away["metric_id"].iloc[0])


def _uncaptured() -> Case:
    mention = _ids("numeric_mentions", "captured_table", "metrics")[0]
    return Case(
        edit_rows("numeric_mentions", lambda r: [x for x in r if x[0] != mention]),
        "numeric_mentions.coverage",
        "numeric_mentions.csv",
        None,
        None,
    )


def _grown(rel: str, size: int) -> Damage:
    """Grow a file without writing its bytes (a sparse file): refused by its size, unread."""

    def damage(d: Path) -> None:
        with (d / rel).open("r+b") as handle:
            handle.truncate(size)

    return damage


def _value_of(table: str, row: int | str, column: str) -> str:
    """A cell of the packaged data, by row number (from 1) or id."""
    found = rows(DATA / f"{table}.csv")
    return found[index_of(found, table, row)][found[0].index(column)]


def _first_shared_evidence() -> tuple[str, str]:
    """The ids of the first two metrics rows that share one evidence."""
    found = rows(DATA / "metrics.csv")
    evidence = found[0].index("evidence")
    pair = next(i for i in range(1, len(found) - 1) if found[i][evidence] == found[i + 1][evidence])
    return found[pair][0], found[pair + 1][0]


RAW, SIMPLIFIED = source.RAW_FILE, source.SIMPLIFIED_FILE
MORE_THAN = _ids("metrics", "qualifier", "more_than")[0]
LOST_QUOTE = _ids("quotes", "has_lost_chars", "True")[0]
TIMED_CASE = next(
    i
    for i in _ids("response_cases", "duration_unit", "minute")
    + _ids("response_cases", "duration_unit", "hour")
)
MOVED_MENTION, OTHER_METRIC = _mention_elsewhere()
SHARED = _first_shared_evidence()
COMPARED = next(
    i for i in _ids("metrics", "unit", "percent") if _value_of("metrics", i, "baseline")
)
NAMED = [r[0] for r in rows(DATA / "quotes.csv")[1:] if r[1]]
OTHER_PHOTOGRAPHER = next(
    p
    for p in {r[3] for r in rows(DATA / "photos.csv")[1:]}
    if p != _value_of("photos", 1, "photographer_zh")
)
plus = lambda step: lambda v: str(int(float(v)) + step)  # noqa: E731

CASES: dict[str, Case] = {
    # bytes and CSV structure
    "empty file": Case(
        edit_bytes("metrics.csv", lambda b: b""), "file.empty", "metrics.csv", None, None
    ),
    "header only": Case(
        edit_bytes("photos.csv", lambda b: b.split(b"\n")[0] + b"\n"),
        "csv.rows",
        "photos.csv",
        None,
        None,
    ),
    "truncated row": Case(
        edit_rows("quotes", lambda r: [r[0], r[1][:4], *r[2:]]),
        "csv.fields",
        "quotes.csv",
        2,
        None,
        None,  # the row is gone: a numeral it captured loses its row
    ),
    "missing column": Case(
        edit_rows("metrics", lambda r: [x[:-1] for x in r]),
        "csv.header",
        "metrics.csv",
        1,
        None,
        None,
    ),
    "extra column": Case(
        edit_rows("glossary", lambda r: [[*x, "extra"] for x in r]),
        "csv.header",
        "glossary.csv",
        1,
        None,
        None,
    ),
    "renamed column": Case(
        edit_rows(
            "photos", lambda r: [[("title" if c == "caption_zh" else c) for c in r[0]], *r[1:]]
        ),
        "csv.header",
        "photos.csv",
        1,
        None,
        None,
    ),
    "missing file": Case(
        lambda d: (d / "glossary.csv").unlink(),
        "file.missing",
        "glossary.csv",
        None,
        None,
        frozenset({"datapackage.resource"}),
    ),
    "UTF-8 BOM": Case(
        edit_bytes("sources.csv", lambda b: b"\xef\xbb\xbf" + b),
        "file.bom",
        "sources.csv",
        1,
        None,
        None,
    ),
    "CRLF line endings": Case(
        edit_bytes("glossary.csv", lambda b: b.replace(b"\n", b"\r\n")),
        "file.newline",
        "glossary.csv",
        1,
        None,
        None,
    ),
    "GBK-encoded file": Case(
        edit_bytes("quotes.csv", lambda b: b.decode("utf-8").encode("gbk")),
        "file.encoding",
        "quotes.csv",
        2,
        None,
        None,
    ),
    "binary garbage": Case(
        edit_bytes("photos.csv", lambda b: bytes(range(256)) * 4),
        "file.binary",
        "photos.csv",
        1,
        None,
        None,
    ),
    "very large file": Case(
        _grown("glossary.csv", 300 * 1024 * 1024),
        "file.size_limit",
        "glossary.csv",
        None,
        None,
        None,
    ),
    # cells that do not convert, or are missing
    "wrong type": Case(
        cell("metrics", 2, "value", "many"), "column.dtype", "metrics.csv", 3, "value"
    ),
    # a corrected row whose id changed: each correction of it names the id it no longer finds
    "corrected row renamed": Case(
        cell("quotes", "resident_years_in_baicheng", "quote_id", "a"),
        "corrections.new_value_holds",
        "corrections.csv",
        "c018",
        "row_id",
        None,
    ),
    # one line for a cell that is not a number, not also the range checks run on its text
    "month in words": Case(
        cell("response_cases", 2, "month", "March"),
        "column.dtype",
        "response_cases.csv",
        3,
        "month",
    ),
    "bad boolean": Case(
        cell("photos", 1, "file_photo", "maybe"), "csv.boolean", "photos.csv", 2, "file_photo"
    ),
    # pandera's coercion to bool reads any text as True, where `load` refuses the table
    "boolean as a word": Case(
        cell("metrics", 2, "area_stated", "no"), "csv.boolean", "metrics.csv", 3, "area_stated"
    ),
    "required cell left empty": Case(
        cell("metrics", "patrol_key_areas", "unit", ""),
        "column.not_nullable",
        "metrics.csv",
        "patrol_key_areas",
        "unit",
        frozenset({"metrics.unit_stated_in_evidence"}),
    ),
    # the archived source and its derived texts
    "source hash changed": Case(
        edit_bytes(RAW, lambda b: b"x" + b), "source.hash", RAW, None, None, None
    ),
    "source missing": Case(lambda d: (d / RAW).unlink(), "source.missing", RAW, None, None, None),
    "derived text edited": Case(
        edit_bytes(SIMPLIFIED, lambda b: b + "。".encode()),
        "source.derived",
        SIMPLIFIED,
        None,
        None,
    ),
    "recorded source hash edited": Case(
        cell("sources", 1, "sha256", "0" * 64),
        "sources.archive_matches_hash",
        "sources.csv",
        2,
        None,
    ),
    "repair log edited": Case(
        cell("source_repairs", 1, "replacement", "X"),
        "source_repairs.matches_derivation",
        "source_repairs.csv",
        2,
        None,
    ),
    # facts against their evidence
    "value not stated by its evidence": Case(
        cell("metrics", "patrol_key_areas", "value", plus(10)),
        "metrics.value_stated_in_evidence",
        "metrics.csv",
        "patrol_key_areas",
        None,
    ),
    "wrong qualifier": Case(
        cell("metrics", MORE_THAN, "qualifier", "exact"),
        "metrics.value_stated_in_evidence",
        "metrics.csv",
        MORE_THAN,
        None,
    ),
    "percent out of range": Case(
        cell("metrics", 1, "value", "-150"),
        "metrics.percent_in_range",
        "metrics.csv",
        2,
        None,
        frozenset({"metrics.value_stated_in_evidence"}),
    ),
    "fractional count": Case(
        cell("metrics", "patrol_key_areas", "value", lambda v: str(float(v) + 0.5)),
        "metrics.counts_are_whole",
        "metrics.csv",
        "patrol_key_areas",
        None,
        frozenset({"metrics.value_stated_in_evidence"}),
    ),
    "baseline without its label": Case(
        cell("metrics", "criminal_incidents_change", "baseline_label_zh", ""),
        "metrics.baseline_labelled",
        "metrics.csv",
        "criminal_incidents_change",
        None,
        CORRECTED,
    ),
    "baseline year not the year its period names": Case(
        cell("metrics", COMPARED, "baseline_year", lambda v: str(int(v) + 1)),
        "metrics.baseline_year_named",
        "metrics.csv",
        COMPARED,
        None,
    ),
    "area said to be stated where the sentence names none": Case(
        cell("metrics", "traffic_accidents_change", "area_stated", "True"),
        "metrics.area_stated_in_sentence",
        "metrics.csv",
        "traffic_accidents_change",
        None,
    ),
    "area said to be inferred where the sentence names it": Case(
        cell("metrics", "criminal_incidents_change", "area_stated", "False"),
        "metrics.area_stated_in_sentence",
        "metrics.csv",
        "criminal_incidents_change",
        None,
    ),
    "service circle without its label": Case(
        cell("service_tiers", "stations", "circle_label_en", ""),
        "service_tiers.figures_labelled",
        "service_tiers.csv",
        "stations",
        None,
        CORRECTED,
    ),
    "duration without its label": Case(
        cell("response_cases", TIMED_CASE, "duration_label_zh", ""),
        "response_cases.duration_labelled",
        "response_cases.csv",
        TIMED_CASE,
        None,
        CORRECTED,
    ),
    "a note without its Chinese": Case(
        cell("quotes", "resident_years_in_baicheng", "note_zh", ""),
        "quotes.note_in_both_languages",
        "quotes.csv",
        "resident_years_in_baicheng",
        None,
        CORRECTED,
    ),
    "a numeral's label in one language only": Case(
        cell("numeric_mentions", "n028", "label_zh", ""),
        "numeric_mentions.labelled_in_both_languages",
        "numeric_mentions.csv",
        "n028",
        None,
        CORRECTED | {"claims.labelled"},
    ),
    # Labelled in neither language, which the table allows; but the book shows this numeral.
    "a numeral the book shows without its label": Case(
        cells(
            cell("numeric_mentions", "n028", "label_en", ""),
            cell("numeric_mentions", "n028", "label_zh", ""),
        ),
        "claims.labelled",
        "numeric_mentions.csv",
        "n028",
        "label_en",
        CORRECTED,
    ),
    "tier figure not in its evidence": Case(
        cell("service_tiers", "hall", "item_count", plus(1)),
        "service_tiers.figures_in_evidence",
        "service_tiers.csv",
        "hall",
        None,
    ),
    "duration not stated": Case(
        cell("response_cases", TIMED_CASE, "duration_value", plus(1)),
        "response_cases.duration_stated_in_evidence",
        "response_cases.csv",
        TIMED_CASE,
        None,
    ),
    "month not stated": Case(
        cell("response_cases", 1, "month", lambda v: str(int(v) % 12 + 1)),
        "response_cases.month_in_evidence",
        "response_cases.csv",
        2,
        None,
    ),
    "quote text is not its evidence": Case(
        cell("quotes", 1, "text_zh", lambda v: v + "!"),
        "quotes.text_is_evidence",
        "quotes.csv",
        2,
        None,
    ),
    "lost flag wrong": Case(
        cell("quotes", LOST_QUOTE, "has_lost_chars", "false"),
        "quotes.lost_flag_matches",
        "quotes.csv",
        LOST_QUOTE,
        None,
    ),
    "caption is not its evidence": Case(
        cell("photos", 1, "caption_zh", lambda v: v + "。"),
        "photos.caption_is_evidence",
        "photos.csv",
        2,
        None,
    ),
    "term not in its evidence": Case(
        cell("glossary", 1, "term_zh", "不在原文"),
        "glossary.term_in_evidence",
        "glossary.csv",
        2,
        None,
    ),
    "mention both captured and excused": Case(
        cell("numeric_mentions", _ids("numeric_mentions", "reason", "")[0], "reason", "no reason"),
        "numeric_mentions.captured_or_excused",
        "numeric_mentions.csv",
        _ids("numeric_mentions", "reason", "")[0],
        None,
    ),
    "mention value not its numeral": Case(
        cell("numeric_mentions", 1, "value", plus(1)),
        "numeric_mentions.value_matches_numeral",
        "numeric_mentions.csv",
        2,
        None,
    ),
    # rules across tables and files
    "broken source foreign key": Case(
        cell("photos", 1, "source_id", "0000000000000000"),
        "source_id.foreign_key",
        "photos.csv",
        2,
        "source_id",
    ),
    "mention captured by a missing row": Case(
        cell("numeric_mentions", MOVED_MENTION, "captured_id", "no_such_row"),
        "numeric_mentions.captured_id.foreign_key",
        "numeric_mentions.csv",
        MOVED_MENTION,
        "captured_id",
    ),
    "mention outside its row": Case(
        cell("numeric_mentions", MOVED_MENTION, "captured_id", OTHER_METRIC),
        "numeric_mentions.within_evidence",
        "numeric_mentions.csv",
        MOVED_MENTION,
        "char_start",
    ),
    "uncaptured numeral": _uncaptured(),
    # every row valid on its own, the tables disagree: the metric points at another sentence,
    # the hall's item count (a count no other metric states)
    "workstation metric points at another count": Case(
        cells(
            cell(
                "metrics",
                "police_workstations",
                "value",
                _value_of("service_tiers", "hall", "item_count"),
            ),
            cell(
                "metrics",
                "police_workstations",
                "value_text",
                _value_of("service_tiers", "hall", "item_count"),
            ),
            *(
                cell("metrics", "police_workstations", col, _value_of("service_tiers", "hall", col))
                for col in ("evidence", "char_start", "char_end")
            ),
            cell("metrics", "police_workstations", "area_stated", "False"),  # the hall's names none
        ),
        "service_tiers.workstations_match_metrics",
        "service_tiers.csv",
        None,
        "venue_count",
        frozenset({"numeric_mentions.within_evidence", "metrics.listed_in_evidence_order"}),
    ),
    # whole facts: a plausible edit that changes what a row means while its evidence stays
    "unit changed": Case(
        cell("metrics", "patrol_key_areas", "unit", "person_time"),
        "metrics.unit_stated_in_evidence",
        "metrics.csv",
        "patrol_key_areas",
        None,
    ),
    "figures swapped between rows that share one evidence": Case(
        cells(
            *(
                cell("metrics", SHARED[0], col, _value_of("metrics", SHARED[1], col))
                for col in ("value", "value_text")
            ),
            *(
                cell("metrics", SHARED[1], col, _value_of("metrics", SHARED[0], col))
                for col in ("value", "value_text")
            ),
        ),
        "metrics.listed_in_evidence_order",
        "metrics.csv",
        SHARED[1],
        None,
    ),
    "baseline year changed": Case(
        cells(
            cell(
                "metrics",
                COMPARED,
                "baseline",
                lambda v: re.sub(r"\d+", lambda m: str(int(m[0]) - 1), v),
            ),
            cell("metrics", COMPARED, "baseline_year", lambda v: str(int(v) - 1)),
        ),
        "metrics.baseline_stated_in_evidence",
        "metrics.csv",
        COMPARED,
        None,
    ),
    "tier coverage swapped": Case(
        cell(
            "service_tiers",
            "workstations",
            "coverage_zh",
            _value_of("service_tiers", "stations", "coverage_zh"),
        ),
        "service_tiers.words_in_evidence",
        "service_tiers.csv",
        "workstations",
        None,
    ),
    "case place copied from another case": Case(
        cell("response_cases", 1, "place_zh", _value_of("response_cases", 2, "place_zh")),
        "response_cases.words_in_evidence",
        "response_cases.csv",
        2,
        None,
    ),
    "speaker names swapped": Case(
        cell("quotes", NAMED[0], "speaker_zh", _value_of("quotes", NAMED[1], "speaker_zh")),
        "quotes.attribution_matches_source",
        "quotes.csv",
        NAMED[0],
        None,
    ),
    "photographer from another photo": Case(
        cell("photos", 1, "photographer_zh", OTHER_PHOTOGRAPHER),
        "photos.credit_follows_caption",
        "photos.csv",
        2,
        None,
    ),
    # whole facts: a row silently deleted
    "quotation row deleted": Case(
        edit_rows("quotes", lambda r: [r[0], *r[2:]]),
        "quotes.coverage",
        "quotes.csv",
        None,
        None,
        None,
    ),
    "dated case row deleted": Case(
        edit_rows("response_cases", lambda r: r[:-1]),
        "response_cases.coverage",
        "response_cases.csv",
        None,
        None,
        None,
    ),
    "caption row deleted": Case(
        edit_rows("photos", lambda r: [r[0], *r[2:]]),
        "photos.coverage",
        "photos.csv",
        None,
        None,
        None,
    ),
    # the descriptor itself: nothing to re-hash
    "stale datapackage.json": Case(
        edit_bytes("glossary.csv", lambda b: b.replace(b"police", b"officers", 1)),
        "datapackage.hash",
        "datapackage.json",
        None,
        None,
        rehash=False,
    ),
    "resource dropped from datapackage.json": Case(
        lambda d: (d / "datapackage.json").write_text(
            json.dumps(
                {
                    **json.loads((d / "datapackage.json").read_bytes()),
                    "resources": [
                        r
                        for r in json.loads((d / "datapackage.json").read_bytes())["resources"]
                        if r["path"] != "glossary.csv"
                    ],
                }
            ),
            encoding="utf-8",
        ),
        "datapackage.resource",
        "datapackage.json",
        None,
        None,
        rehash=False,
    ),
    "unreadable datapackage.json": Case(
        edit_bytes("datapackage.json", lambda b: b[: len(b) // 2]),
        "datapackage.readable",
        "datapackage.json",
        None,
        None,
        rehash=False,
    ),
}
# The corrections must hold: a correction that changes nothing, or one the data does not hold.
FIRST_CORRECTION = pd.read_csv(DATA / "corrections.csv", dtype=str).iloc[0]
CASES["a correction that changes nothing"] = Case(
    cell(
        "corrections",
        FIRST_CORRECTION["correction_id"],
        "new_value",
        str(FIRST_CORRECTION["old_value"]),
    ),
    "corrections.changes_the_value",
    "corrections.csv",
    FIRST_CORRECTION["correction_id"],
    None,
    None,
)
CASES["a correction of a column that never was"] = Case(
    cell("corrections", FIRST_CORRECTION["correction_id"], "column", "script_as_received"),
    "corrections.removed_column_is_replaced",
    "corrections.csv",
    FIRST_CORRECTION["correction_id"],
    None,
    frozenset({"corrections.new_value_holds"}),
)
CASES["a correction the data does not hold"] = Case(
    cell("corrections", FIRST_CORRECTION["correction_id"], "new_value", lambda v: v + " (edited)"),
    "corrections.new_value_holds",
    "corrections.csv",
    FIRST_CORRECTION["correction_id"],
    None,
    None,
)
ALL_CASES = {
    **CASES,
    **evidence_cases(),
    **column_cases(DATA),
    **reading_cases(),
    **hostile.CASES,
}


def _damaged(case: Case, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    case.damage(target)
    return target


def _named(case: Case, data: Path, failures: list) -> list:  # type: ignore[type-arg]
    line = line_of(DATA, case.file, case.row)
    return [
        f
        for f in failures
        if f.rule_id == case.rule_id
        and f.file == case.file
        and f.row == line
        and f.column == case.column
    ]


def test_packaged_data_is_valid() -> None:
    assert validate_dir(DATA) == []


@pytest.mark.parametrize("name", list(ALL_CASES))
def test_damage_as_it_is_is_named(name: str, tmp_path: Path) -> None:
    case = ALL_CASES[name]
    data = _damaged(case, tmp_path)
    failures = validate_dir(data)
    assert _named(case, data, failures), [str(f) for f in failures]
    assert all(f.rule_id in RULES for f in failures)
    # the descriptor no longer vouches (a file refused by its size is never read to be hashed)
    if case.rehash and case.rule_id not in {*PACKAGE_RULES, *hostile.UNREAD}:
        assert any(f.rule_id in PACKAGE_RULES for f in failures)


# A rule of the register (a table's rule beyond its schema, or a cross-table rule) is broken
# alone by its case: only these knock-on effects, which no damage to it can avoid, may answer too.
REGISTERED = {r.id for rs in TABLE_RULES.values() for r, _ in rs} | {r.id for r, _ in CROSS_RULES}
KNOCK_ON = {
    # the reading renamed away from its metric leaves that metric without one
    "metric_readings.metric_id.foreign_key": {"metric_readings.covers_metrics"},
    # the credit is read right after the caption, which moved with its evidence
    "photos.evidence_round_trips": {"photos.credit_follows_caption"},
    # the deleted case's numerals and corrections still name it
    "response_cases.coverage": {
        "numeric_mentions.captured_id.foreign_key",
        "corrections.new_value_holds",
    },
}


@pytest.mark.parametrize("name", [n for n, c in ALL_CASES.items() if c.rehash])
def test_damage_rehashed_is_named_by_its_rule(name: str, tmp_path: Path) -> None:
    case = ALL_CASES[name]
    data = _damaged(case, tmp_path)
    rehash(data)
    failures = validate_dir(data)
    assert _named(case, data, failures), f"{name}: got {[str(f) for f in failures]}"
    allowed = {case.rule_id} | (case.also or set()) | KNOCK_ON.get(case.rule_id, set())
    stray = {f.rule_id for f in failures} - allowed
    if case.also is None and case.rule_id not in REGISTERED:
        stray &= {"datapackage.hash"}  # knock-on effects are many; only the stale hash must go
    assert stray == set(), f"{name}: unexpected {[str(f) for f in failures if f.rule_id in stray]}"


def test_every_rule_has_a_case_that_triggers_it() -> None:
    covered = {c.rule_id for c in ALL_CASES.values() if c.rehash or c.rule_id in PACKAGE_RULES}
    shadowed = set(SHADOWED) | {"service_tiers.urban_circle_smaller"}
    uncovered = sorted(set(RULES) - covered - shadowed)
    assert uncovered == []
    assert shadowed <= set(RULES)  # no excuse for a rule that does not exist
    assert not shadowed & covered  # nor for one that a file does reach


@pytest.mark.parametrize("rule", sorted(SHADOWED))
def test_shadowed_rules_hold_on_a_frame(rule: str) -> None:
    """Rules no file can reach still fire on a frame given straight to the model."""
    table, column, check = rule.split(".")
    model = schemas.MODELS[table]
    frame = pd.read_csv(DATA / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.loc[0, column] = ""
    with pytest.raises(pa.errors.SchemaErrors) as err:
        model.validate(frame, lazy=True)
    cases = err.value.failure_cases
    assert ((cases["column"] == column) & cases["check"].str.startswith(check)).any()


def _tier_failures(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    """The service tiers' two cross rules, on these frames alone (rules take their context)."""
    context = Context(DATA, frames, None)
    return [
        f
        for rule in (
            "service_tiers.workstations_match_metrics",
            "service_tiers.urban_circle_smaller",
        )
        for f in run_cross(context, only=rule)
    ]


def test_the_circle_rule_holds_on_frames() -> None:
    """No file reaches service_tiers.urban_circle_smaller (figures_in_evidence binds each circle to
    its own evidence first), so it is shown on typed frames: circles reversed, then one dropped."""
    tiers = pd.read_csv(DATA / "service_tiers.csv", dtype={"service_circle_minutes": "Int64"})
    urban = tiers["tier_id"] == "workstations"
    rural = tiers["tier_id"] == "stations"
    assert _tier_failures({"service_tiers": tiers}) == []
    swapped = tiers.copy()
    swapped.loc[urban, "service_circle_minutes"] = tiers.loc[rural, "service_circle_minutes"].iloc[
        0
    ]
    swapped.loc[rural, "service_circle_minutes"] = tiers.loc[urban, "service_circle_minutes"].iloc[
        0
    ]
    dropped = tiers.copy()
    dropped.loc[rural, "service_circle_minutes"] = pd.NA
    for frame in (swapped, dropped):
        assert [f.rule_id for f in _tier_failures({"service_tiers": frame})] == [
            "service_tiers.urban_circle_smaller"
        ]


# Through the command line's entry point (in process), on a few re-hashed cases: `validate`
# prints the failure the library names and exits 1; `export`, `build` and `package` refuse.
REPRESENTATIVE = ("GBK-encoded file", "workstation metric points at another count")
REFUSED = ("metrics.metric_id.unique",)


@pytest.mark.parametrize("name", REPRESENTATIVE)
def test_cli_validate_exits_1_and_export_refuses(name: str, tmp_path: Path) -> None:
    case = ALL_CASES[name]
    data = _damaged(case, tmp_path)
    rehash(data)
    result = invoke("validate", "--data-dir", str(data))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    named = _named(case, data, validate_dir(data))
    assert str(named[0]) in result.stdout.splitlines()
    out = tmp_path / "out"
    exported = invoke("export", "--format", "csv", "--out", str(out), "--data-dir", str(data))
    assert exported.returncode == 1 and not out.exists()
    assert str(named[0]) in exported.stderr.splitlines() and "Traceback" not in exported.stderr


@pytest.mark.parametrize("name", REFUSED)
def test_build_and_package_refuse_and_write_nothing(name: str, tmp_path: Path) -> None:
    data = _damaged(ALL_CASES[name], tmp_path)
    rehash(data)
    before = (data / "datapackage.json").read_bytes()
    site = tmp_path / "site" / "html"  # build refuses through the same validate_dir as export
    built = invoke("build", "--data-dir", str(data), "--out", str(site))
    assert built.returncode == 1 and not site.parent.exists()
    assert "Traceback" not in built.stderr
    packaged = invoke("package", "--data-dir", str(data))
    assert packaged.returncode == 1 and "Traceback" not in packaged.stderr
    assert (data / "datapackage.json").read_bytes() == before


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("validate", "--data-dir", str(tmp_path / "nope")).returncode == 2
    assert invoke("export", "--format", "xls", "--out", str(tmp_path)).returncode == 2
    assert invoke("frobnicate").returncode == 2


def test_package_regenerates_after_an_edit(tmp_path: Path) -> None:
    data = _damaged(CASES["stale datapackage.json"], tmp_path)
    assert {f.rule_id for f in validate_dir(data)} == {"datapackage.hash"}
    result = invoke("package", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    # the descriptor and the crate record each file's hash; nothing else depends on the bytes
    assert result.stdout.splitlines() == ["wrote datapackage.json", "wrote ro-crate-metadata.json"]
    assert validate_dir(data) == []


def _start_of(table: str, row_id: str) -> int:
    frame = pd.read_csv(DATA / f"{table}.csv", dtype=str).set_index(schemas.primary_key(table))
    return int(frame.loc[row_id, "char_start"])


# A rule over several columns of a row shows the row's cells of each column its description
# names, so the value that broke it is on the line: the damaged cell, and what it was compared to.
SHOWN_CELLS = {
    "a value its evidence does not state": (
        cell("metrics", "traffic_deaths_change", "value", "-30"),
        "metrics.value_stated_in_evidence",
        {"value": "-30", "value_text": "'29%'", "qualifier": "'exact'"},
    ),
    "a qualifier its evidence does not state": (
        cell("metrics", MORE_THAN, "qualifier", "exact"),
        "metrics.value_stated_in_evidence",
        {"qualifier": "'exact'"},
    ),
    "evidence moved by one character (a table rule beyond the schema)": (
        cells(
            cell("quotes", "resident_police_visible", "char_start", lambda v: str(int(v) + 1)),
            cell("quotes", "resident_police_visible", "char_end", lambda v: str(int(v) + 1)),
        ),
        "quotes.evidence_round_trips",
        {"char_start": str(_start_of("quotes", "resident_police_visible") + 1)},
    ),
}


@pytest.mark.parametrize("name", list(SHOWN_CELLS))
def test_a_rule_over_a_row_shows_the_cells_it_compared(name: str, tmp_path: Path) -> None:
    damage, rule_id, expected = SHOWN_CELLS[name]
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    damage(data)
    failures = [f for f in validate_dir(data) if f.rule_id == rule_id]
    assert len(failures) == 1, [str(f) for f in validate_dir(data)]
    shown = dict(failures[0].cells)
    assert expected.items() <= shown.items(), shown
    assert all(f"{column} = {value}" in str(failures[0]) for column, value in expected.items())


def test_cells_are_those_the_description_names_in_its_order() -> None:
    row = {"value": -30.0, "value_text": "29%", "unit": "percent", "evidence": "x" * 60}
    found = cells_named("value_text states value and sits in evidence", row, list(row))
    assert found == (("value_text", "'29%'"), ("value", "-30"), ("evidence", repr("x" * 39 + "…")))
    assert cells_named("a correction changes its value", {"old_value": 1}, ["old_value"]) == ()


def test_a_folder_of_exported_tables_is_named_by_what_it_lacks(tmp_path: Path) -> None:
    """CSV files exported from the data are not a data directory: validating them says what is
    missing (the archived article, the descriptor) in three lines, not the hundreds of rows
    that a rule comparing them with the absent text would fail."""
    out = tmp_path / "exported"
    assert invoke("export", "--format", "csv", "--out", str(out)).returncode == 0
    failures = validate_dir(out)
    assert [f.rule_id for f in failures] == [
        "source.missing",
        "sources.archive_matches_hash",
        "datapackage.readable",
    ]
    assert f"{out} is not a data directory" in str(failures[-1])
