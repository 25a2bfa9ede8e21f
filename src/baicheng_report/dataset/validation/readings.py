"""Each figure has its reading, and the reading agrees with the figure, the other tables and the
text: the kind with unit, baseline and 累计, stated_by with the quotes and captions, the dating
phrase with the figure's sentence, and the facts it relies on with `sources`."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from typing import Any

import pandas as pd

from baicheng_report.dataset.schemas.metric_readings import items
from baicheng_report.dataset.validation.context import Context
from baicheng_report.dataset.validation.failure import Failure, line
from baicheng_report.dataset.validation.rules import Rule, cross_rule

FILE = "metric_readings.csv"
_SENTENCE_END = re.compile(r"[。！？\n]")


Row = dict[Hashable, Any]


def _pairs(context: Context) -> Iterator[tuple[int | None, Row, Row]]:
    """Each reading's line, the reading and its metric (a reading of no metric is a foreign key
    failure, not these rules')."""
    metrics = context.by_key("metrics")
    for index, reading in context.records("metric_readings"):
        if reading["metric_id"] in metrics:
            yield line(index), reading, metrics[reading["metric_id"]][1]


@cross_rule("metric_readings.covers_metrics", "every metric of metrics.csv has its reading")
def _covers_metrics(rule: Rule, context: Context) -> Iterator[Failure]:
    readings, metrics = context.frames.get("metric_readings"), context.frames.get("metrics")
    if readings is None or metrics is None:
        return
    for mid in sorted(set(metrics["metric_id"]) - set(readings["metric_id"])):
        yield rule.fail(FILE, None, "metric_id", mid, "no reading for this metric of metrics.csv")


@cross_rule(
    "metric_readings.kind_change",
    "kind: change_without_base is exactly a percent metric with a baseline",
)
def _kind_change(rule: Rule, context: Context) -> Iterator[Failure]:
    for row, reading, metric in _pairs(context):
        is_change = metric["unit"] == "percent" and not pd.isna(metric["baseline"])
        if (reading["kind"] == "change_without_base") != is_change:
            yield rule.fail(FILE, row, "kind", str(reading["kind"]))


@cross_rule(
    "metric_readings.kind_total",
    "kind: cumulative_total is exactly a metric whose evidence says 累计",
)
def _kind_total(rule: Rule, context: Context) -> Iterator[Failure]:
    for row, reading, metric in _pairs(context):
        if (reading["kind"] == "cumulative_total") != ("累计" in metric["evidence"]):
            yield rule.fail(FILE, row, "kind", str(reading["kind"]))


Spans = dict[object, list[tuple[int, int, str]]]


def _quoted_spans(context: Context) -> Spans | None:
    """Each article's quotations and captions, as (start, end, where), by source_id: a reading
    is looked up among its own article's, so the rule grows with the rows, not their square;
    None when the quotes or the captions are missing or invalid (their own failures say so)."""
    quotes, photos = context.frames.get("quotes"), context.frames.get("photos")
    if quotes is None or quotes.empty or photos is None or photos.empty:
        return None
    spans: Spans = {}
    for rows, where in ((quotes, "bureau_officer_quoted"), (photos, "photo_caption")):
        columns = (rows["source_id"], rows["char_start"], rows["char_end"])
        for sid, start, end in zip(*columns, strict=True):
            spans.setdefault(sid, []).append((int(start), int(end), where))
    return spans


def _stated_by(spans: Spans, metric: Row) -> str:
    """Where a metric's evidence sits: in a quotation, in a photo caption, or in neither."""
    start, end = int(metric["char_start"]), int(metric["char_end"])
    for first, last, where in spans.get(metric["source_id"], []):
        if first <= start and end <= last:
            return where
    return "article_unattributed"


@cross_rule(
    "metric_readings.stated_by_matches_text",
    "stated_by agrees with where the metric's evidence lies: a quotation, a caption or neither",
)
def _stated_by_matches(rule: Rule, context: Context) -> Iterator[Failure]:
    spans = _quoted_spans(context)
    if spans is None:
        return
    for row, reading, metric in _pairs(context):
        where = _stated_by(spans, metric)
        said = reading["stated_by"]
        outside = where == "article_unattributed" and said == "named_outside_source"
        if said != where and not outside:
            message = f"stated_by must be {where}, by where the metric's evidence lies"
            yield rule.fail(FILE, row, "stated_by", str(said), message)


@cross_rule(
    "metric_readings.dating_in_sentence",
    "the dating phrase is in the sentence that states the metric",
)
def _dating_in_sentence(rule: Rule, context: Context) -> Iterator[Failure]:
    if context.derived is None:
        return
    for row, reading, metric in _pairs(context):
        if pd.isna(reading["evidence"]):
            continue
        first = min(int(reading["char_start"]), int(metric["char_start"]))
        last = max(int(reading["char_end"]), int(metric["char_end"]))
        if _SENTENCE_END.search(context.simplified[first:last]):
            message = "the dating phrase is not in the sentence that states the metric"
            yield rule.fail(FILE, row, "evidence", str(reading["evidence"]), message)


@cross_rule(
    "metric_readings.relies_on_unstated",
    "a fact relied on as unstated is empty in sources.csv",
)
def _relies_on_unstated(rule: Rule, context: Context) -> Iterator[Failure]:
    sources = context.frames.get("sources")
    if sources is None:
        return
    stated = {s["source_id"]: s for s in sources.to_dict("records")}
    for row, reading, _ in _pairs(context):
        source = stated.get(reading["source_id"])
        for fact in items(reading["relies_on_sources"]):
            if source is not None and not pd.isna(source[fact]):
                message = f"relies on sources.{fact}, which the source states"
                yield rule.fail(FILE, row, "relies_on_sources", fact, message)
