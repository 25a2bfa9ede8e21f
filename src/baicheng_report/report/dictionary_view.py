"""Chapter 7: the data dictionary as HTML, from the same generator as DICTIONARY.md."""

from __future__ import annotations

import html

from baicheng_report import datapackage, schemas
from baicheng_report.claims import dictionary_anchor
from baicheng_report.registry import TABLE_NAMES
from baicheng_report.report.charts import header_cells, table_box
from baicheng_report.report.i18n import gettext

DOWNLOADS = "../_static/data"


def dictionary_html(lang: str = "en") -> str:
    """Every table's columns and rules. Field titles and descriptions are the schemas' own
    (English) text in every edition: the schemas are the single source of truth."""
    _ = gettext(lang)
    yes, no = _("yes"), _("no")
    head = header_cells(
        [_("Column"), _("Type"), _("Required"), _("Title"), _("Description"), _("Constraints")],
        lang,
    )
    parts = []
    for name in TABLE_NAMES:
        rows = "".join(
            f'<tr id="{dictionary_anchor(name, f["name"])}"><td><code>{f["name"]}</code></td>'
            f"<td>{f['type']}</td>"
            f"<td>{yes if f['constraints']['required'] else no}</td>"
            f'<td lang="en">{html.escape(f["title"] or "")}</td>'
            f'<td lang="en">{html.escape(f["description"] or "")}</td>'
            f"<td>{html.escape(_constraints(f['constraints']))}</td></tr>"
            for f in datapackage.fields(name)
        )
        rules = "".join(
            f'<li lang="en">{html.escape(r)}</li>' for r in datapackage.table_rules(name)
        )
        caption = _("Columns of {table}").format(table=name)
        parts.append(
            f'<section class="dictionary-table" id="table-{name}"><h3>{name}</h3>'
            f'<p><span lang="en">{html.escape(datapackage.table_description(name))}</span> '
            f"{_('Primary key:')} <code>{schemas.primary_key(name)}</code>. {_('Download:')} "
            f'<a href="{DOWNLOADS}/{name}.csv">CSV</a> · '
            f'<a href="{DOWNLOADS}/{name}.parquet">Parquet</a></p>'
            + table_box(
                f'<table class="dictionary"><caption>{caption}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
            + (f"<p>{_('Rules:')}</p><ul>{rules}</ul>" if rules else "")
            + "</section>"
        )
    return "".join(parts)


def _constraints(constraints: dict[str, object]) -> str:
    shown = {k: v for k, v in constraints.items() if k != "required"}
    return "; ".join(
        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in shown.items()
    )
