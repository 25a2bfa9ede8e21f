"""Chapter 6: the three texts side by side with every repair marked, and one anchor per evidence.

Every string from the data is escaped here, so a hostile caption renders as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from baicheng_report.dataset import registry, schemas
from baicheng_report.dataset.registry import ANCHORED_TABLES
from baicheng_report.report import i18n
from baicheng_report.report.charts import header_cells, table_box
from baicheng_report.report.i18n import gettext
from baicheng_report.report.prose import anchor
from baicheng_report.source.text import to_simplified
from baicheng_report.vocabulary.claims import evidence_context


def _marked(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escape `text`, wrapping each (start, end, css class, title) span in <mark>."""
    out, cursor = [], 0
    for start, end, css, title in sorted(spans):
        out.append(html.escape(text[cursor:start]))
        inner = html.escape(text[start:end]) or "\u2038"  # a caret shows where text was removed
        out.append(f'<mark class="{css}" title="{html.escape(title)}">{inner}</mark>')
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _by_line(marked_text: str) -> list[str]:
    return marked_text.split("\n")


def _labels(lang: str) -> dict[str, dict[str, str]]:
    """Kinds and confidences of the repair log as the edition writes them (the registry's words)."""
    return registry.words_of_codes("source_repairs", lang)


def side_by_side(
    raw: str, clean: str, simplified: str, repairs: pd.DataFrame, lang: str = "en"
) -> str:
    """A table, one row per paragraph: raw | clean | simplified, repairs highlighted."""
    _ = gettext(lang)
    label = _labels(lang)
    raw_spans, clean_spans = [], []
    for r in repairs.to_dict(orient="records"):
        css = f"repair {r['kind']} {r['confidence']}"
        title = _("{kind}, {confidence}: {note}").format(
            kind=label["kind"][r["kind"]],
            confidence=label["confidence"][r["confidence"]],
            note=_removed(raw, r) if r["kind"] == "pinyin_annotation" else _why(r, lang),
        )
        raw_spans.append((int(r["raw_start"]), int(r["raw_end"]), css, title))
        if r["kind"] != "pinyin_annotation":
            clean_spans.append((int(r["clean_start"]), int(r["clean_end"]), css, title))
    columns = [
        _by_line(_marked(raw, raw_spans)),
        _by_line(_marked(clean, clean_spans)),
        _by_line(_marked(simplified, clean_spans)),
    ]
    rows = "".join(
        f'<tr><th scope="row">{i}</th><td lang="zh-Hant">{a}</td><td lang="zh-Hant">{b}</td>'
        f'<td lang="zh-Hans">{c}</td></tr>'
        for i, (a, b, c) in enumerate(zip(*columns, strict=True), 1)
    )
    caption = _("The article, paragraph by paragraph: as received, cleaned, and simplified")
    head = [_("Paragraph"), _("Raw (as received)"), _("Clean"), _("Simplified")]
    return table_box(
        f'<table class="source-texts"><caption>{caption}</caption>'
        f"<thead><tr>{header_cells(head, lang)}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _removed(raw: str, r: Mapping[Hashable, Any]) -> str:
    """A pinyin annotation shown removed, in any language: 區(qū) → 區 (the character it follows,
    which the repair log names: validation holds the log to its derivation)."""
    start = int(r["raw_start"])
    annotated = raw[start - 1] if start > 0 else ""
    return f"{annotated}{r['raw_span']} → {annotated}"


def _why(r: Mapping[Hashable, Any], lang: str) -> str:
    """A repair's reason in the edition's language: the note is the repair code's own English,
    which the catalogue translates. Data, not the book's text: a note without an entry stays
    English rather than stopping the build (test_i18n holds the catalogue to every note)."""
    return i18n.translate(str(r["note"]), lang, default=str(r["note"]))


def repair_table(repairs: pd.DataFrame, lang: str = "en") -> str:
    """The repairs other than pinyin removal, with kind, confidence and reason."""
    _ = gettext(lang)
    shown = repairs[repairs["kind"] != "pinyin_annotation"]
    label = _labels(lang)
    rows = "".join(_repair_row(r, label, lang) for r in shown.to_dict(orient="records"))
    head = [_("Id"), _("Raw"), _("Repaired"), _("Kind"), _("Confidence"), _("Why")]
    return table_box(
        '<table class="repairs"><caption>'
        f"{_('Repairs of the garbled passages')}</caption>"
        f"<thead><tr>{header_cells(head, lang)}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _repair_row(
    r: Mapping[Hashable, Any], label: Mapping[str, Mapping[str, str]], lang: str
) -> str:
    replacement = r["replacement"] if isinstance(r["replacement"], str) else ""
    css = f"repair {r['kind']} {r['confidence']}"
    return (
        f"<tr><td>{html.escape(str(r['repair_id']))}</td>"
        f'<td lang="zh-Hant"><mark class="{css}">{html.escape(str(r["raw_span"]))}</mark></td>'
        f'<td lang="zh-Hant">{html.escape(replacement)}</td><td>{label["kind"][r["kind"]]}</td>'
        f"<td>{label['confidence'][r['confidence']]}</td>"
        f"{i18n.table_cell(_why(r, lang), lang)}</tr>"
    )


def evidence_list(simplified: str, tables: dict[str, pd.DataFrame], lang: str = "en") -> str:
    """One anchored item per row that states a fact and per numeral of the text (a claim may
    show one: 两户), its phrase highlighted in context."""
    parts = []
    for table in ANCHORED_TABLES:
        key = schemas.primary_key(table)
        items = []
        for r in tables[table].to_dict(orient="records"):
            start, end = int(r["char_start"]), int(r["char_end"])
            # claims.text_fragment relies on this item's text: "table.row [start:end] …context"
            before, after = evidence_context(simplified, start, end)
            row_id = str(r[key])
            items.append(
                f'<li id="{anchor(table, row_id)}" class="evidence-item"><code>{table}.'
                f'{html.escape(row_id)}</code> <span class="offsets">[{start}:{end}]</span> '
                f'<span lang="zh-Hans">…{html.escape(before)}<mark class="evidence">'
                f"{html.escape(r['evidence'])}</mark>{html.escape(after)}…</span></li>"
            )
        title = html.escape(registry.table(table).title[lang])
        parts.append(f'<h3>{title}</h3><ul class="evidence-list">{"".join(items)}</ul>')
    return "".join(parts)


def inferred_characters(repairs: pd.DataFrame, lang: str = "en") -> list[str]:
    """The lost characters restored by inference, in the order of the text: as the cleaned text
    writes them (traditional script), or, in the Chinese edition, which quotes the simplified
    text, as that text does (數 → 数)."""
    inferred = repairs[(repairs["kind"] == "lost") & (repairs["confidence"] == "inferred")]
    chars = [str(c) for c in inferred["replacement"]]
    return [to_simplified(c) for c in chars] if lang == "zh" else chars


def boxed_places(texts: dict[str, str], lang: str = "en") -> list[str]:
    """Each □ (a character that stays lost) with the characters around it, as a reader finds it:
    in the cleaned text (交巡警□隊), or the simplified one the Chinese edition quotes (交巡警□队).
    The two align character for character, so the places are the same."""
    text = texts["simplified" if lang == "zh" else "clean"]
    return re.findall(r"[^\s□，。、“”]{0,3}□[^\s□，。、“”]?", text)
