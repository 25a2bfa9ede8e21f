"""Rules over the tables together: foreign keys (the registry's), the numerals of the text and
what captures them, the service tiers against the metrics, and what of the article each table
must cover (the registry's `covers`). Each runs on the tables that passed their own rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pandas as pd

from baicheng_report.dataset import registry
from baicheng_report.dataset.validation.context import Context
from baicheng_report.dataset.validation.failure import Failure, line
from baicheng_report.dataset.validation.rules import CrossCheck, Rule, cross_rule
from baicheng_report.vocabulary import render


def foreign_key_rule(table: str, column: str) -> str:
    """The rule id of a foreign key: one rule for `source_id`, which nearly every table has."""
    return "source_id.foreign_key" if column == "source_id" else f"{table}.{column}.foreign_key"


def _foreign_keys(keys: list[tuple[str, str, str]]) -> CrossCheck:
    """The rule for these (table, column, target): each value is a key of the target table."""

    def check(rule: Rule, context: Context) -> Iterator[Failure]:
        for table, column, target in keys:
            frame, targets = context.frames.get(table), context.frames.get(target)
            if frame is None or targets is None:
                continue
            key = registry.table(target).key
            known = set(targets[key])
            for index, value in frame[column].items():
                if value not in known:
                    message = f"foreign key: not a {key} of {target}.csv"
                    yield rule.fail(f"{table}.csv", line(index), column, str(value), message)

    return check


_KEYS: dict[str, list[tuple[str, str, str]]] = {}
for _table in registry.TABLES:
    for _column, _target in _table.foreign_keys.items():
        _KEYS.setdefault(foreign_key_rule(_table.name, _column), []).append(
            (_table.name, _column, _target)
        )
for _id, _keys in _KEYS.items():
    _, _named, _of = _keys[0]
    cross_rule(_id, f"every {_named} is a row of {_of}.csv")(_foreign_keys(_keys))


def _captures(
    context: Context,
) -> Iterator[tuple[object, str, object, int, int, list[tuple[int, int]] | None]]:
    """Each mention captured by a row of a valid table: its line, table, id and span, and the
    evidence spans of the rows with that id (None when no row has it)."""
    mentions = context.frames.get("numeric_mentions")
    if mentions is None:
        return
    spans: dict[str, dict[object, list[tuple[int, int]]]] = {}
    for table in set(mentions["captured_table"].dropna()) & set(context.frames):
        target, by_id = context.frames[table], spans.setdefault(table, {})
        rows = zip(
            target[registry.table(table).key], target["char_start"], target["char_end"], strict=True
        )
        for rid, start, end in rows:
            by_id.setdefault(rid, []).append((start, end))
    columns = ["captured_table", "captured_id", "char_start", "char_end"]
    for index, table, cid, start, end in zip(
        mentions.index, *(mentions[c] for c in columns), strict=True
    ):
        if not pd.isna(table) and table in spans:
            yield index, table, cid, start, end, spans[table].get(cid)


@cross_rule(
    "numeric_mentions.captured_id.foreign_key", "a mention's captured_id is a row of its table"
)
def _captured_id(rule: Rule, context: Context) -> Iterator[Failure]:
    for index, table, cid, _, _, hit in _captures(context):
        if not hit:
            message = f"foreign key: no row of {table}.csv has this id"
            yield rule.fail("numeric_mentions.csv", line(index), "captured_id", str(cid), message)


@cross_rule("numeric_mentions.within_evidence", "a captured numeral lies inside its row's evidence")
def _within_evidence(rule: Rule, context: Context) -> Iterator[Failure]:
    for index, table, cid, start, end, hit in _captures(context):
        if hit and not any(s <= start and end <= e for s, e in hit):
            message = f"the numeral lies outside the evidence of {table}.{cid}"
            yield rule.fail("numeric_mentions.csv", line(index), "char_start", str(start), message)


@cross_rule("numeric_mentions.coverage", "every numeral of the text is a row of numeric_mentions")
def _numerals_covered(rule: Rule, context: Context) -> Iterator[Failure]:
    mentions = context.frames.get("numeric_mentions")
    if mentions is None or context.derived is None:
        return
    listed = set(zip(mentions["char_start"], mentions["char_end"], strict=True))
    for match in re.finditer(r"\d+", context.simplified):
        if (match.start(), match.end()) not in listed:
            message = (
                f"uncaptured numeral at offset {match.start()} of the "
                "simplified text: neither captured nor excused"
            )
            yield rule.fail("numeric_mentions.csv", None, None, match.group(), message)


def _number(value: object) -> float | None:
    """A cell as a float, or None when it is missing."""
    text = str(value)
    return None if value is None or text in ("nan", "<NA>", "None") else float(text)


@cross_rule(
    "service_tiers.workstations_match_metrics",
    "the workstation tier must serve as many workstations as metrics.police_workstations counts",
)
def _workstations(rule: Rule, context: Context) -> Iterator[Failure]:
    tiers, metrics = context.frames.get("service_tiers"), context.frames.get("metrics")
    if tiers is None or metrics is None or "workstations" not in set(tiers["tier_id"]):
        return
    stations = metrics.loc[metrics["metric_id"] == "police_workstations", "value"].tolist()
    venues = _number(tiers.set_index("tier_id").loc["workstations", "venue_count"])
    if not stations or venues is None or float(stations[0]) != venues:
        yield rule.fail("service_tiers.csv", None, "venue_count", str(venues))


@cross_rule(
    "service_tiers.urban_circle_smaller",
    "the urban service circle must be smaller than the rural one",
)
def _circles(rule: Rule, context: Context) -> Iterator[Failure]:
    tiers = context.frames.get("service_tiers")
    if tiers is None or not {"workstations", "stations"} <= set(tiers["tier_id"]):
        return
    by_id = tiers.set_index("tier_id")
    urban = _number(by_id.loc["workstations", "service_circle_minutes"])
    rural = _number(by_id.loc["stations", "service_circle_minutes"])
    if urban is None or rural is None or not urban < rural:
        yield rule.fail("service_tiers.csv", None, "service_circle_minutes", f"{urban} vs {rural}")


def _covered(
    covers: registry.Coverage, match: re.Match[str], spans: Iterable[tuple[int, int]]
) -> bool:
    if covers.lies == "is_evidence":
        return (match.start(), match.end()) in set(spans)
    if covers.lies == "after_evidence":
        return any(end == match.start() for _, end in spans)
    return any(s <= match.start() and match.end() <= e for s, e in spans)


def _coverage(table: registry.Table, covers: registry.Coverage) -> CrossCheck:
    """What of the article must have its row, as numeric_mentions does for numerals: each match
    in the text lies where the table says, relative to a row's evidence."""

    def check(rule: Rule, context: Context) -> Iterator[Failure]:
        frame = context.frames.get(table.name)
        if frame is None or context.derived is None:
            return
        spans = list(zip(frame["char_start"], frame["char_end"], strict=True))
        for match in re.finditer(covers.pattern, context.simplified):
            if not _covered(covers, match, spans):
                message = (
                    f"{covers.what} at offset {match.start()} of the simplified text has no row"
                )
                yield rule.fail(
                    f"{table.name}.csv", None, None, match.group().strip()[:40], message
                )

    return check


_LIES = {"is_evidence": "is", "in_evidence": "lies in", "after_evidence": "follows"}
for _table in registry.TABLES:
    if _table.covers is not None:
        _what = f"every {_table.covers.what} of the text"
        _text = f"{_what} {_LIES[_table.covers.lies]} a row of {_table.name}"
        cross_rule(f"{_table.name}.coverage", _text)(_coverage(_table, _table.covers))


@cross_rule("claims.labelled", "a value the book shows says what it counts, in English and Chinese")
def _claim_labels(rule: Rule, context: Context) -> Iterator[Failure]:
    """Each value the book shows (claims.SHOWN) has its row's labels (the registry's `counts`),
    so the book never shows a number without saying what it counts."""
    from baicheng_report.vocabulary.claims import SHOWN

    for shown in SHOWN:
        base = registry.table(shown.table).counts.get(shown.column)
        row = context.by_key(shown.table).get(shown.row_id)
        if base is None or row is None:
            continue  # a claim without label columns is the registry's error (a test checks)
        index, cells = row
        for column in (f"{base}_{lang}" for lang in render.LANGUAGES):
            if pd.isna(cells[column]) or not str(cells[column]).strip():
                yield rule.fail(f"{shown.table}.csv", line(index), column)
