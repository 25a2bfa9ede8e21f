"""The book's charts, one builder per kind: the rows a chapter selected go in, the chart and its
data table come out, labelled in the edition's language.

A chapter's code cell then reads as its analysis (select the rows, chart them) and the chart's
title, the one question it answers, stays in the chapter with its prose. Every text here goes
through the edition's catalogue like the chapters' own.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from baicheng_report.dataset import registry
from baicheng_report.report import charts
from baicheng_report.report.i18n import gettext
from baicheng_report.vocabulary import render

MINUTES = {"minute": 1, "hour": 60}  # a response time as one mark, in minutes


def indicator_bars(
    frame: pd.DataFrame,
    lang: str,
    *,
    label_title: str,
    value_title: str,
    value: str = "value",
    shown: str | None = None,
    axis_title: str | None = None,
) -> tuple[Any, pd.DataFrame]:
    """One bar per metric, labelled with its indicator and ending in the `shown` text (the
    value as the one renderer writes it, by default); the table lists the same two columns."""
    import altair as alt

    label = f"indicator_{lang}"
    if shown is None:
        shown = "shown"
        frame = frame.assign(
            shown=[
                render.quantity(v, u, q, lang)
                for v, u, q in zip(frame[value], frame["unit"], frame["qualifier"], strict=True)
            ]
        )
    chart = charts.labelled_bars(
        frame,
        code="metric_id",
        label=label,
        value=value,
        value_label=shown,
        axis_title=axis_title or value_title,
        tooltip=[
            alt.Tooltip(f"{label}:N", title=label_title),
            alt.Tooltip(f"{shown}:N", title=value_title),
        ],
    )
    table = frame[[label, shown]].rename(columns={label: label_title, shown: value_title})
    return chart, table


def baseline_year(frame: pd.DataFrame) -> str:
    """The one year that every row's baseline is set in (its `baseline_year`), as text."""
    years = {int(year) for year in frame["baseline_year"]}
    if len(years) != 1:
        raise ValueError(f"the rows compare against {len(years)} baseline years, not one: {years}")
    return str(years.pop())


def percent_falls(frame: pd.DataFrame, lang: str, *, year: str) -> tuple[Any, pd.DataFrame]:
    """Percentage changes drawn as the falls they are, largest first."""
    _ = gettext(lang)
    falls = frame.assign(
        decrease=-frame["value"],
        shown=[render.quantity(v, "percent", lang=lang) for v in frame["value"]],
    ).sort_values("decrease", ascending=False, kind="stable")
    return indicator_bars(
        falls,
        lang,
        label_title=_("Indicator"),
        value_title=_("Change"),
        value="decrease",
        shown="shown",
        axis_title=_("Decrease against the same period of {year} (%)").format(year=year),
    )


def tier_bars(tiers: pd.DataFrame, lang: str) -> tuple[Any, pd.DataFrame]:
    """Service items per tier, each bar labelled with its tier and its service circle and
    coloured by the area it covers (one colour per coverage code in both editions)."""
    import altair as alt

    _ = gettext(lang)
    view = _tier_view(tiers, lang)
    items, circle, coverage = _("Service items"), _("Service circle"), _("Coverage")
    self_service, tier = _("Self-service"), _("Tier")
    colours = charts.Colours(
        "coverage", dict(zip(view["coverage"], view["coverage_name"], strict=True)), coverage
    )
    chart = charts.labelled_bars(
        view,
        code="tier_id",
        label="label",
        value="item_count",
        value_label="item_count",
        axis_title=items,
        colours=colours,
        tooltip=[
            alt.Tooltip("tier:N", title=tier),
            alt.Tooltip("item_count:Q", title=items),
            alt.Tooltip("circle:N", title=circle),
            alt.Tooltip("coverage_name:N", title=coverage),
            alt.Tooltip("self_service:N", title=self_service),
        ],
    )
    return chart, _tier_table(view, lang)


def _tier_view(tiers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The tiers with their bar labels (tier and service circle) and coverage in words."""
    _ = gettext(lang)
    if lang == "zh":
        tier_names = tiers["metaphor_zh"] + " · " + tiers["venue_zh"]
        coverage_names = tiers["coverage_zh"]
    else:
        tier_names = tiers["metaphor_en"] + " (" + tiers["metaphor_zh"] + ") · " + tiers["venue_en"]
        coverage_names = tiers["coverage"].map(  # the registry's words for the code
            lambda code: registry.code_words("service_tiers", "coverage", code, lang)
        )
    view = tiers.reset_index(drop=True).assign(
        tier=tier_names.to_numpy(),
        coverage_name=coverage_names.to_numpy(),
        circle=[
            _("{duration} service circle").format(
                duration=render.quantity(m, "minute", lang=lang, attributive=True)
            )
            if pd.notna(m)
            else _("no circle stated")
            for m in tiers["service_circle_minutes"]
        ],
    )
    view["label"] = view["tier"] + "\n" + view["circle"]
    # a tier whose self-service the article does not state says so (not "null"); one that
    # does reads with its unit, as the claim and the article write it (7×24 hours, 7×24小时)
    unit = registry.table("service_tiers").literal_units["self_service"]
    view["self_service"] = [
        render.literal(v, unit, lang) if isinstance(v, str) else _("not stated")
        for v in view["self_service"]
    ]
    return view


def _tier_table(view: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The chart's data as the table beside it, headed in the reader's language."""
    _ = gettext(lang)
    items, circle, coverage = _("Service items"), _("Service circle"), _("Coverage")
    self_service, tier, venue = _("Self-service"), _("Tier"), _("Venue")
    return view[
        [
            f"metaphor_{lang}",
            f"venue_{lang}",
            "item_count",
            "coverage_name",
            "circle",
            "self_service",
        ]
    ].rename(
        columns={
            f"metaphor_{lang}": tier,
            f"venue_{lang}": venue,
            "item_count": items,
            "coverage_name": coverage,
            "circle": circle,
            "self_service": self_service,
        }
    )


def case_timeline(cases: pd.DataFrame, lang: str) -> tuple[Any, pd.DataFrame]:
    """The dated cases in the order of their months, each a point at the time it took (on a
    log scale, minutes to hours); a case with no stated time has a row and no point."""
    import altair as alt

    _ = gettext(lang)
    timeline = _timeline_view(cases, lang)
    place, unit, took, month = _("Place"), _("Unit"), _("Took"), _("Month")
    outcome = _("Outcome") if lang == "en" else _("Source sentence")
    ticks = {  # minutes on the axis, each written as a duration
        1: render.quantity(1, "minute", lang=lang),
        10: render.quantity(10, "minute", lang=lang),
        60: render.quantity(1, "hour", lang=lang),
        600: render.quantity(10, "hour", lang=lang),
    }
    chart = charts.labelled_bars(
        timeline,
        code="case_id",
        label="label",
        value="minutes",
        mark="point",
        axis_title=_("Time taken (logarithmic scale)"),
        scale=alt.Scale(type="log", domain=[1, 1440]),
        axis=alt.Axis(values=list(ticks), labelExpr=charts.label_expr(ticks)),
        tooltip=[
            alt.Tooltip("when:N", title=month),
            alt.Tooltip(f"place_{lang}:N", title=place),
            alt.Tooltip(f"unit_{lang}:N", title=unit),
            alt.Tooltip("duration:N", title=took),
            alt.Tooltip("outcome:N", title=outcome),
        ],
    )
    table = timeline[["when", f"place_{lang}", f"unit_{lang}", "duration", "outcome"]].rename(
        columns={
            "when": month,
            f"place_{lang}": place,
            f"unit_{lang}": unit,
            "duration": took,
            "outcome": outcome,
        }
    )
    return chart, table


def _timeline_view(cases: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cases by month, each with its duration in words and in minutes, and its label."""
    _ = gettext(lang)
    took_text = [
        render.quantity(v, u, lang=lang) if pd.notna(u) else _("no duration stated")
        for v, u in zip(cases["duration_value"], cases["duration_unit"], strict=True)
    ]
    timeline = cases.assign(
        when=[render.month(int(m), lang) for m in cases["month"]],
        duration=took_text,
        minutes=[
            v * MINUTES[u] if pd.notna(u) else float("nan")
            for v, u in zip(cases["duration_value"], cases["duration_unit"], strict=True)
        ],
        outcome=cases["outcome_en"] if lang == "en" else cases["evidence"],
    ).sort_values("month", kind="stable")
    timeline["label"] = [
        _("{month} · {unit}: {took}").format(month=m, unit=u, took=t)
        for m, u, t in zip(
            timeline["when"], timeline[f"unit_{lang}"], timeline["duration"], strict=True
        )
    ]
    return timeline


def glossary_table(terms: pd.DataFrame, lang: str, *, caption: str) -> str:
    """Terms as the article writes them, with pinyin and English; what each means is our gloss
    in English and the article's own sentence in Chinese."""
    _ = gettext(lang)
    meaning = "definition_en" if lang == "en" else "evidence"
    table = terms[["term_zh", "pinyin", "term_en", meaning]].rename(
        columns={
            "term_zh": _("Term"),
            "pinyin": _("Pinyin"),
            "term_en": _("English"),
            meaning: _("Meaning") if lang == "en" else _("Source sentence"),
        }
    )
    return charts.data_table(table, caption, lang=lang)


def quotes_table(quotes: pd.DataFrame, lang: str, *, caption: str) -> str:
    """Who said what: the Chinese edition quotes the repaired simplified text (□ where bytes were
    lost); the English one gives the quote in both languages. Each keeps the quote's caveats in
    its note (a name decoded but unverified is no longer written into the name)."""
    _ = gettext(lang)
    columns = (
        ["speaker_zh", "role_zh", "text_zh", "note_zh"]
        if lang == "zh"
        else ["speaker_en", "role_en", "text_zh", "text_en", "note"]
    )
    headers = {
        "speaker_en": _("Speaker"),
        "speaker_zh": _("Speaker"),
        "role_en": _("Role"),
        "role_zh": _("Role"),
        "text_zh": _("Quote"),
        "text_en": _("In English"),
        "note_zh": _("Note"),
        "note": _("Note"),
    }
    # The Chinese edition names no speaker the article leaves unnamed; it says so, as the
    # English does.
    shown = quotes.assign(speaker_zh=quotes["speaker_zh"].fillna(_("(unnamed)")))
    return charts.data_table(shown[columns].rename(columns=headers), caption, lang=lang)


def photos_table(photos: pd.DataFrame, lang: str, *, caption: str) -> str:
    """The photo captions as printed (the photos were not received), with their photographers."""
    _ = gettext(lang)
    columns = (
        ["caption_zh", "photographer_zh"]
        if lang == "zh"
        else ["caption_zh", "caption_en", "photographer_en"]
    )
    headers = {
        "caption_zh": _("Caption"),
        "caption_en": _("In English"),
        "photographer_en": _("Photographer"),
        "photographer_zh": _("Photographer"),
    }
    return charts.data_table(photos[columns].rename(columns=headers), caption, lang=lang)
