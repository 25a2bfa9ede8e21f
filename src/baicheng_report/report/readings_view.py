"""The chapter on reading the figures: labels for the codes of `metric_readings`, and the table of
every figure with its reading. Every string from the data is escaped here."""

from __future__ import annotations

import html

import pandas as pd

from baicheng_report.dataset import registry
from baicheng_report.dataset.schemas.metric_readings import DATING_WORDS, items
from baicheng_report.report import i18n, prose
from baicheng_report.report.charts import header_cells, table_box
from baicheng_report.vocabulary import render


def labels(lang: str) -> dict[str, dict[str, str]]:
    """Human labels, in the edition's language, for each code of each coded column: a kind and
    who states a figure as the table registry words them; the items a list cell may hold (what
    a check needs, what the text leaves unstated), here, where the chapter lists them."""
    _ = i18n.gettext(lang)
    return {
        **registry.words_of_codes("metric_readings", lang),
        "check_needs": {
            "base_counts": _("the counts of both periods"),
            "independent_series": _("a series kept outside the bureau"),
            "definitions": _("what exactly is counted"),
            "register": _("the list of what is counted"),
            "duty_records": _("duty rosters or logs"),
            "logged_times": _("logged dispatch and arrival times"),
            "case_record": _("the record of the case"),
            "service_records": _("the service records summed"),
            "method": _("how it was estimated"),
        },
        "unstated": {
            "base_counts": _("the base counts"),
            "baseline_choice": _("why the base is that year"),
            "definitions": _("what is counted"),
            "count_date": _("the date of the count"),
            "measured_times": _("the times actually achieved"),
            "case_date": _("the date of the case"),
            "start_date": _("when the total began"),
            "method": _("the method"),
        },
        "relies_on_sources": {
            "reference_year": _("the year meant by 今年 (this year)"),
            "published_date": _("publication date"),
        },
    }


def _dated(phrase: str, lang: str) -> str:
    """The article's dating phrase, quoted; in English with its words: 今年以来 (since the start
    of this year)."""
    words = DATING_WORDS.get(phrase)
    return f"{phrase} ({words})" if lang == "en" and words else phrase


def listed(value: object, vocabulary: dict[str, str]) -> list[str]:
    """The labels of a '; '-separated list cell."""
    return [vocabulary[item] for item in items(value or None)]


def kind_counts(readings: pd.DataFrame, lang: str = "en") -> str:
    """Each kind with its number of figures, in the order the kinds first appear."""
    _ = i18n.gettext(lang)
    names = labels(lang)["kind"]
    return html.escape(
        _("; ").join(
            _("{label}: {count}").format(label=names[str(kind)], count=count)
            for kind, count in readings["kind"].value_counts(sort=False).items()
        )
    )


def listing(figures: pd.DataFrame, kind: str, lang: str = "en") -> str:
    """The figures of one kind as "indicator (value unit)", each value a link to its claim."""
    _ = i18n.gettext(lang)
    return _("; ").join(
        _("{figure} ({value})").format(
            figure=html.escape(str(row[f"indicator_{lang}"])),
            value=prose.reference(
                "metrics",
                pd.Series(row),
                "value",
                render.quantity(row["value"], row["unit"], row["qualifier"], lang),
                lang,
            ),
        )
        for row in figures[figures["kind"] == kind].to_dict(orient="records")
    )


def change_name(row: pd.Series, lang: str = "en") -> str:
    """What a change measures, as a phrase inside a sentence: "road traffic injuries" for the
    indicator "Road traffic injuries, change"; the Chinese indicator as it is."""
    name = str(row[f"indicator_{lang}"])
    if lang == "zh":
        return name
    name = name.removesuffix(", change")
    return name[:1].lower() + name[1:]


def unstated(sources: pd.DataFrame, lang: str = "en") -> str:
    """What the article leaves unstated, as the sources table lists it: each item translated
    where the catalogue knows it (else as recorded), joined as the edition joins a list."""
    _ = i18n.gettext(lang)
    recorded = items(sources["unstated"].iloc[0])  # a list cell: split by its delimiter
    return _("; ").join(i18n.translate(item, lang, item) for item in recorded)


def _text(value: object) -> str:
    """A cell as text; an empty cell as ""."""
    return "" if pd.isna(value) else str(value)  # type: ignore[call-overload]


READING_COLUMNS = ["kind", "stated_by", "evidence", "check_needs", "unstated", "relies_on_sources"]


def readings_table(readings: pd.DataFrame, metrics: pd.DataFrame, lang: str = "en") -> str:
    """Every figure with its reading. Figures that read alike share a row (the six changes
    against the baseline year read the same), listed with their values as claim links to their
    sentences, in the order of `metrics`; the columns give the kind, whose words state them, the
    phrase that dates them, what would check them and what the text leaves unstated, the facts
    of `sources` they rely on included."""
    _ = i18n.gettext(lang)
    names = labels(lang)
    by_id = readings.set_index("metric_id")
    join = _("; ")
    groups: dict[tuple[str, ...], list[str]] = {}
    for m in metrics.to_dict(orient="records"):
        reading = tuple(_text(by_id.loc[m["metric_id"], c]) for c in READING_COLUMNS)
        figure = html.escape(str(m[f"indicator_{lang}"]))
        lang_attr = i18n.lang_attr(figure, lang)
        shown = render.quantity(m["value"], m["unit"], m["qualifier"], lang)
        claim = prose.reference("metrics", pd.Series(m), "value", shown, lang)
        groups.setdefault(reading, []).append(f"<li><span{lang_attr}>{figure}</span> {claim}</li>")
    rows = []
    for reading, figures in groups.items():
        r = dict(zip(READING_COLUMNS, reading, strict=True))
        dated = _dated(r["evidence"], lang) if r["evidence"] else _("not dated")
        unstated = listed(r["unstated"], names["unstated"]) + listed(
            r["relies_on_sources"], names["relies_on_sources"]
        )
        rows.append(
            f'<tr><td><ul class="figures">{"".join(figures)}</ul></td>'
            + i18n.table_cell(names["kind"][r["kind"]], lang)
            + i18n.table_cell(names["stated_by"][r["stated_by"]], lang)
            + i18n.table_cell(dated, lang)
            + i18n.table_cell(join.join(listed(r["check_needs"], names["check_needs"])), lang)
            + i18n.table_cell(join.join(unstated), lang)
            + "</tr>"
        )
    head = [
        _("Figures"),
        _("Kind"),
        _("Stated by"),
        _("Dated by"),
        _("Needed to check it"),
        _("Left unstated"),
    ]
    caption = _("Every figure of the article and how to read it")
    return table_box(
        f'<table class="chart-data readings"><caption>'
        f"{html.escape(caption)}</caption><thead><tr>{header_cells(head, lang)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
