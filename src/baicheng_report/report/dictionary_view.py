"""Chapter 7: the data dictionary as HTML, from the same generator as DICTIONARY.md."""

from __future__ import annotations

import html

from baicheng_report import datapackage, render, schemas
from baicheng_report.claims import dictionary_anchor
from baicheng_report.data_dictionary import rows as column_rows
from baicheng_report.registry import TABLE_NAMES
from baicheng_report.report.charts import header_cells, table_box
from baicheng_report.report.i18n import gettext

DOWNLOADS = "../_static/data"


def dictionary_html(lang: str = "en") -> str:
    """Every table's columns and rules. Field titles and descriptions are the schemas' own
    (English) text in every edition: the schemas are the single source of truth."""
    _ = gettext(lang)
    yes, no = render.yes_no(True, lang), render.yes_no(False, lang)
    head = header_cells(
        [
            _("Column"),
            _("Type"),
            _("Required"),
            _("Unit"),
            _("Title"),
            _("Description"),
            _("Constraints"),
            _("Foreign key"),
        ],
        lang,
    )
    parts = []
    for name in TABLE_NAMES:
        columns = column_rows(name)
        rows = "".join(
            f'<tr id="{dictionary_anchor(name, c["column"])}"><td><code>{c["column"]}</code></td>'
            f"<td>{c['type']}</td>"
            f"<td>{yes if c['required'] else no}</td>"
            f'<td lang="en">{html.escape(c["unit"])}</td>'
            + _title_cell(c, lang)
            + f'<td lang="en">{html.escape(c["description"])}</td>'
            f"<td>{html.escape(c['constraints'])}</td>"
            f"<td>{_reference(c['foreign_key'])}</td></tr>"
            for c in columns
        )
        notes = "".join(
            f'<li><code>{c["column"]}</code>: <span lang="en">{html.escape(c["note"])}</span></li>'
            for c in columns
            if c["note"]
        )
        rules = "".join(
            f'<li lang="en">{html.escape(r)}</li>' for r in datapackage.table_rules(name)
        )
        caption = _("Columns of {table}").format(table=name)
        parts.append(
            f'<section class="dictionary-table" id="table-{name}"><h3>{name}</h3>'
            f'<p><span lang="en">{html.escape(datapackage.table_description(name))}</span> '
            + _("Primary key: {key}. Download: {links}").format(
                key=f"<code>{schemas.primary_key(name)}</code>",
                links=f'<a href="{DOWNLOADS}/{name}.csv">CSV</a> · '
                f'<a href="{DOWNLOADS}/{name}.parquet">Parquet</a>',
            )
            + "</p>"
            + table_box(
                f'<table class="dictionary"><caption>{caption}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
            + (
                f'<div class="dictionary-caution"><p>{_("Read with care:")}</p>'
                f"<ul>{notes}</ul></div>"
                if notes
                else ""
            )
            + (f"<p>{_('Rules:')}</p><ul>{rules}</ul>" if rules else "")
            + "</section>"
        )
    return "".join(parts)


def _title_cell(column: dict[str, str], lang: str) -> str:
    """The column's title in the edition's language (the schemas title every column in both)."""
    if lang == "zh" and column["title_zh"]:
        return f'<td lang="zh-Hans">{html.escape(column["title_zh"])}</td>'
    return f'<td lang="en">{html.escape(column["title_en"])}</td>'


def _reference(key: str) -> str:
    """A foreign key as a link to the referenced column's row of this page."""
    if not key:
        return ""
    table, column = key.split(".")
    return f'<a href="#{dictionary_anchor(table, column)}"><code>{html.escape(key)}</code></a>'
