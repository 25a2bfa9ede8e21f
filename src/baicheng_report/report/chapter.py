"""What every chapter does first: the edition's `_`, and the chapter's numbers glued for its prose.

A chapter's narrative is Markdown, translated block by block through the edition's catalogue. A
number enters it as a glue role, never as typed digits: ``{glue}`patrol_core_areas` `` shows the
claim link of `metrics.patrol_core_areas.value` (the number, linked to the sentence that states
it, with its popover). `setup` glues every number that `claims.SHOWN` lists for the page, so the
Markdown can state them and a key that does not exist fails the build (Sphinx runs with -W).
Values that are not claims (a count of rows, a list built from the data) are glued by the
chapter itself with `glue_text` or `glue_html`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import baicheng_report as br
from baicheng_report.dataset import registry, schemas
from baicheng_report.report import prose
from baicheng_report.report.i18n import gettext
from baicheng_report.vocabulary.claims import SHOWN, Shown


def claim_key(shown: Shown) -> str:
    """The glue key of a claim: `row_id` for the table's figure (the registry's `value` column),
    else `row_id.column`."""
    if registry.table(shown.table).value == shown.column:
        return shown.row_id
    return f"{shown.row_id}.{shown.column}"


def page_claims(page: str) -> list[Shown]:
    return [shown for shown in SHOWN if shown.page == page]


def setup(page: str, lang: str, data_dir: Path | str | None = None) -> Callable[[str], str]:
    """Glue the page's claims in the edition's language and return the edition's `_`."""
    _ = gettext(lang)
    tables: dict[str, pd.DataFrame] = {}
    for shown in page_claims(page):
        if shown.table not in tables:
            tables[shown.table] = br.load(shown.table, data_dir=data_dir)
        frame = tables[shown.table]
        row = frame[frame[schemas.primary_key(shown.table)] == shown.row_id].iloc[0]
        glue_html(**{claim_key(shown): prose.claim(shown.table, row, shown.column, lang=lang)})
    return _


@dataclass(frozen=True)
class Glued:
    """A value as the page shows it (HTML) and as plain text, without the quotes a string's
    repr would add."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def glue_html(**fragments: str) -> None:
    """Glue HTML (built by the report's helpers, every text in it escaped) under each key."""
    from myst_nb import glue

    for key, fragment in fragments.items():
        glue(key, Glued(fragment, _plain(fragment)), display=False)


def glue_text(**values: object) -> None:
    """Glue plain values (counts, words) under each key, escaped."""
    from myst_nb import glue

    for key, value in values.items():
        glue(key, Glued(html.escape(str(value)), str(value)), display=False)


def _plain(fragment: str) -> str:
    """The fragment's text without its tags: what a plain-text output shows (the book is HTML)."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def show(fragment: str) -> None:
    """Show HTML that a helper built (a table, a list) as the cell's output."""
    from IPython.display import HTML, display

    display(HTML(fragment))
