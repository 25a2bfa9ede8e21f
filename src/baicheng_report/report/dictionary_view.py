"""Chapter 7: the data dictionary as HTML, from the same generator as DICTIONARY.md."""

from __future__ import annotations

import html

from baicheng_report import datapackage, schemas
from baicheng_report.tables import TABLE_NAMES

DOWNLOADS = "../_static/data"


def dictionary_html() -> str:
    parts = []
    for name in TABLE_NAMES:
        rows = "".join(
            f"<tr><td><code>{f['name']}</code></td><td>{f['type']}</td>"
            f"<td>{'yes' if f['constraints']['required'] else 'no'}</td>"
            f"<td>{html.escape(f['title'] or '')}</td>"
            f"<td>{html.escape(f['description'] or '')}</td>"
            f"<td>{html.escape(_constraints(f['constraints']))}</td></tr>"
            for f in datapackage.fields(name)
        )
        rules = "".join(f"<li>{html.escape(r)}</li>" for r in datapackage.table_rules(name))
        parts.append(
            f'<section class="dictionary-table" id="table-{name}"><h3>{name}</h3>'
            f"<p>{html.escape(datapackage.table_description(name))} Primary key: "
            f"<code>{schemas.primary_key(name)}</code>. Download: "
            f'<a href="{DOWNLOADS}/{name}.csv">CSV</a> · '
            f'<a href="{DOWNLOADS}/{name}.parquet">Parquet</a></p>'
            f'<div class="table-wrapper"><table class="dictionary"><caption>Columns of {name}'
            '</caption><thead><tr><th scope="col">Column</th><th scope="col">Type</th>'
            '<th scope="col">Required</th><th scope="col">Title</th><th scope="col">Description'
            '</th><th scope="col">Constraints</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
            + (f"<p>Rules:</p><ul>{rules}</ul>" if rules else "")
            + "</section>"
        )
    return "".join(parts)


def _constraints(constraints: dict[str, object]) -> str:
    shown = {k: v for k, v in constraints.items() if k != "required"}
    return "; ".join(
        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in shown.items()
    )
