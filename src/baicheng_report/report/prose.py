"""Prose whose every number comes from the dataset and links to the sentence that states it."""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

from baicheng_report.dataset import schemas
from baicheng_report.meta import DATASET
from baicheng_report.report.i18n import gettext, lang_attr
from baicheng_report.report.problem_report import issue_url
from baicheng_report.vocabulary.claims import (
    DICTIONARY_PAGE,
    SOURCE_PAGE,
    claim_id,
    dictionary_anchor,
    evidence_anchor,
    find,
    record,
    simplified_text,
)

SOURCE_HTML = f"{SOURCE_PAGE}.html"
DICTIONARY_HTML = f"{DICTIONARY_PAGE}.html"
anchor = evidence_anchor  # id of a row's evidence in the source chapter


def claim(
    table: str, row: pd.Series, column: str, text: str | None = None, lang: str = "en"
) -> str:
    """One number as a link to its evidence, with a permalink id and a popover that shows the
    evidence in its sentence; built from the claim's record in `claims()`. The data attributes
    let tests re-check it. Only numbers listed in claims.SHOWN may be shown."""
    row_id = str(row[schemas.primary_key(table)])
    listed = find(table, row_id, column)
    # The source text is hash-locked: every data directory holds the packaged simplified text.
    claimed = record(listed, row.to_dict(), simplified_text())
    shown = text if text is not None else str(claimed[f"text_{lang}"])
    cid = claimed["claim_id"]
    return (
        f'<a class="claim" href="{SOURCE_HTML}#{anchor(table, row_id)}" '
        f'data-table="{table}" data-id="{html.escape(row_id)}" data-column="{column}" '
        f'id="{cid}" aria-describedby="{cid}-note">{html.escape(shown)}</a>'
        + _popover(claimed, lang)
    )


def reference(table: str, row: pd.Series, column: str, text: str, lang: str = "en") -> str:
    """A number shown again away from its claim: a link to the claim's permalink where the book
    states it (one claim, one id), or, for a number no chapter claims, to its evidence in the
    source chapter. Never a second claim, so that every permalink stays unique."""
    row_id = str(row[schemas.primary_key(table)])
    try:
        href = f"{find(table, row_id, column).page}.html#{claim_id(table, row_id, column)}"
    except KeyError:
        href = f"{SOURCE_HTML}#{anchor(table, row_id)}"
    return (
        f'<a class="claim-ref" href="{html.escape(href)}" data-table="{table}" '
        f'data-ref-id="{html.escape(row_id)}" data-ref-column="{column}">{html.escape(text)}</a>'
    )


def _value(claimed: dict[str, Any], lang: str) -> str:
    """The claimed value as the edition reads it (through the one renderer), carrying the number
    the table holds; a literal such as 7×24 as written."""
    value, shown = claimed["value"], str(claimed[f"text_{lang}"])
    if math.isnan(value):
        return html.escape(shown)
    digits = f"{value:g}" if not float(value).is_integer() else str(int(value))
    return f'<data value="{digits}">{html.escape(shown)}</data>'


def _popover(claimed: dict[str, Any], lang: str) -> str:
    """The evidence in place: hidden until claims.js opens it (hover, focus or tap). The note
    is the claim's accessible description; the links lead on to the source and the dictionary."""
    _ = gettext(lang)
    cid, text = claimed["claim_id"], simplified_text()
    start, end = claimed["char_start"], claimed["char_end"]
    before = text[claimed["sentence_start"] : start]
    after = text[end : claimed["sentence_end"]]
    sentence = before + claimed["evidence"] + after
    label = claimed[f"label_{lang}"]
    colon = _(": ")
    facts = [f"{_('Value')}{colon}{_value(claimed, lang)}"]
    written = str(claimed["value_text"])
    if written not in claimed[f"text_{lang}"]:  # the article's own words (60余万, 两户)
        words = f"<span{lang_attr(written, lang)}>{html.escape(written)}</span>"
        facts.append(f"{_('As written')}{colon}{words}")
    source = f"{SOURCE_HTML}#{claimed['source_url_' + lang].split('#', 1)[1]}"
    dictionary = f"{DICTIONARY_HTML}#{dictionary_anchor(claimed['table'], claimed['column'])}"
    return (
        f'<span class="claim-popover" id="{cid}-popover" hidden>'
        f'<span class="claim-note" id="{cid}-note">'
        f'<strong class="claim-label"{lang_attr(label, lang)}>{html.escape(label)}</strong>'
        f'<span class="claim-facts">{" · ".join(facts)}</span>'
        f'<q class="claim-sentence"{lang_attr(sentence, lang)}>{html.escape(before)}'
        f'<mark class="claim-phrase">{html.escape(claimed["evidence"])}</mark>'
        f"{html.escape(after)}</q></span>"
        f'<span class="claim-links"><a href="{html.escape(source)}">{_("Evidence in the source")}'
        f'</a> · <a href="{dictionary}">{_("Column in the data dictionary")}</a> · '
        f'<a class="claim-permalink" href="#{cid}" title="{_("Link to this figure")}">'
        f"{_('Permalink')}</a> "
        f'<button type="button" class="claim-copy" data-copied="{_("Link copied")}">'
        f"{_('Copy link')}</button> · "
        f'<a class="claim-report" href="{html.escape(_report_url(claimed, lang))}" '
        f'rel="nofollow">{_("Report a problem")}</a></span></span>'
    )


def _report_url(claimed: dict[str, Any], lang: str) -> str:
    """A new issue about this claim, its fields filled in (`problem_report`)."""
    return issue_url(
        page=f"{DATASET.site_url}{claimed[f'url_{lang}']}",
        edition=lang,
        claim=claimed["claim_id"],
        table=claimed["table"],
        row=str(claimed["row_id"]),
        column=claimed["column"],
        current=str(claimed["value_text"]),
        evidence=claimed["evidence"],
    )
