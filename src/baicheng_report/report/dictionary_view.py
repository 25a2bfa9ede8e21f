"""Chapter 7: the data dictionary as HTML, from the same generator as DICTIONARY.md."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from baicheng_report.dataset import schemas
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.publish import datapackage
from baicheng_report.publish.data_dictionary import code_meanings
from baicheng_report.publish.data_dictionary import rows as column_rows
from baicheng_report.report.charts import header_cells, table_box
from baicheng_report.report.i18n import HTML_LANG, gettext
from baicheng_report.vocabulary import render
from baicheng_report.vocabulary.claims import dictionary_anchor

DOWNLOADS = "../_static/data"


def dictionary_html(lang: str = "en") -> str:
    """Every table's columns and rules. Titles, units and cautions are in the edition's
    language (the schemas give each in both); descriptions and rules are the schemas' own
    English in every edition: the schemas are the single source of truth."""
    _ = gettext(lang)
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
    return "".join(_table_section(name, head, lang) for name in TABLE_NAMES)


def _table_section(name: str, head: str, lang: str) -> str:
    """One table: what it is, its key and downloads, its columns, cautions and rules."""
    _ = gettext(lang)
    columns = column_rows(name)
    rows = "".join(_column_row(name, c, lang) for c in columns)
    rules = "".join(f'<li lang="en">{html.escape(r)}</li>' for r in datapackage.table_rules(name))
    caption = _("Columns of {table}").format(table=name)
    return (
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
        + _cautions(columns, lang, _)
        + _code_meanings(name, lang, _)
        + (f"<p>{_('Rules:')}</p><ul>{rules}</ul>" if rules else "")
        + "</section>"
    )


def _column_row(table: str, c: dict[str, Any], lang: str) -> str:
    """A column's row: its anchor, type, whether required, unit, title, description, rules."""
    required = render.yes_no(c["required"], lang)
    return (
        f'<tr id="{dictionary_anchor(table, c["column"])}"><td><code>{c["column"]}</code></td>'
        f"<td>{c['type']}</td><td>{required}</td>"
        + _worded_cell(c["unit"], c["unit_zh"], lang)
        + _worded_cell(c["title_en"], c["title_zh"], lang)
        + _description_cell(c, lang)
        + f"<td>{html.escape(c['constraints'])}</td>"
        f"<td>{_reference(c['foreign_key'])}</td></tr>"
    )


def _description_cell(c: dict[str, Any], lang: str) -> str:
    """The schema's description (English in every edition) and, for a column a later data
    version added, that version and the column it took over, in the edition's language."""
    _ = gettext(lang)
    description = f'<span lang="en">{html.escape(c["description"])}</span>'
    if not c["added_in"]:
        return f"<td>{description}</td>"
    since = (
        _("(added in {version}; replaces {column})").format(
            version=c["added_in"], column=f"<code>{c['replaces']}</code>"
        )
        if c["replaces"]
        else _("(added in {version})").format(version=c["added_in"])
    )
    return f'<td>{description} <span class="since">{since}</span></td>'


def _cautions(columns: list[dict[str, Any]], lang: str, _: Callable[[str], str]) -> str:
    """Where adding up or comparing a column's values misleads, the schema's caution."""
    notes = "".join(
        f"<li><code>{c['column']}</code>{_(': ')}{_worded(c['note'], c['note_zh'], lang)}</li>"
        for c in columns
        if c["note"]
    )
    if not notes:
        return ""
    return f'<div class="dictionary-caution"><p>{_("Read with care:")}</p><ul>{notes}</ul></div>'


def _code_meanings(name: str, lang: str, _: Callable[[str], str]) -> str:
    """What each code of the table's coded columns means, in the edition's words (what `trace`
    and `cite` show for them)."""
    coded = code_meanings(name)
    if not coded:
        return ""
    items = "".join(
        f"<li><code>{column}</code>{_(': ')}"
        + _("; ").join(
            f"<code>{code}</code> {html.escape(words[lang])}" for code, words in codes.items()
        )
        + "</li>"
        for column, codes in coded.items()
    )
    return f"<p>{_('What the codes mean:')}</p><ul>{items}</ul>"


def _worded(english: str, chinese: str, lang: str) -> str:
    """The schema's words in the edition's language (its Chinese where it gives them), marked
    with their language."""
    if lang == "zh" and chinese:
        return f'<span lang="{HTML_LANG["zh"]}">{html.escape(chinese)}</span>'
    return f'<span lang="en">{html.escape(english)}</span>' if english else ""


def _worded_cell(english: str, chinese: str, lang: str) -> str:
    """A cell of the schema's words (a title, a unit) in the edition's language."""
    if lang == "zh" and chinese:
        return f'<td lang="{HTML_LANG["zh"]}">{html.escape(chinese)}</td>'
    return f'<td lang="en">{html.escape(english)}</td>'


def _reference(key: str) -> str:
    """A foreign key as a link to the referenced column's row of this page."""
    if not key:
        return ""
    table, column = key.split(".")
    return f'<a href="#{dictionary_anchor(table, column)}"><code>{html.escape(key)}</code></a>'
