"""The data dictionary, a row per column, from the schemas: what `br.describe(name)` returns,
and what DICTIONARY.md and the book's dictionary chapter show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baicheng_report.dataset.tables import check_name

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "column",
    "type",
    "required",
    "unit",
    "unit_zh",
    "title_en",
    "title_zh",
    "description",
    "constraints",
    "primary_key",
    "foreign_key",
    "note",
    "note_zh",
    "added_in",
    "replaces",
)


def constraint_text(constraints: dict[str, Any]) -> str:
    """A column's constraints but `required` (which has its own column), as one line."""
    shown = {k: v for k, v in constraints.items() if k != "required"}
    return "; ".join(
        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in shown.items()
    )


def rows(name: str) -> list[dict[str, Any]]:
    """One dict per column of the table, in file order, with the keys of COLUMNS."""
    from baicheng_report.dataset import schemas  # pandera: only when describing
    from baicheng_report.publish import datapackage
    from baicheng_report.publish.metadata.columns import columns

    references = {
        key["fields"][0]: f"{key['reference']['resource']}.{key['reference']['fields'][0]}"
        for key in datapackage.foreign_keys(check_name(name))
    }
    primary = schemas.primary_key(name)
    return [
        {
            "column": column.name,
            "type": column.type,
            "required": bool(column.constraints.get("required", False)),
            "unit": column.unit,
            "unit_zh": column.unit_zh,
            "title_en": column.title,
            "title_zh": column.title_zh,
            "description": column.description,
            "constraints": constraint_text(column.constraints),
            "primary_key": column.name == primary,
            "foreign_key": references.get(column.name, ""),
            "note": column.note,
            "note_zh": column.note_zh,
            "added_in": column.added_in,
            "replaces": column.replaces,
        }
        for column in columns(name)
    ]


def code_meanings(name: str) -> dict[str, dict[str, dict[str, str]]]:
    """column -> code -> its words per edition, for each column of the table that holds codes a
    reader reads in words (a unit, a qualifier, a section, a category, a table's name): every
    code the schema allows, worded as `trace` words it."""
    from baicheng_report.dataset import registry
    from baicheng_report.publish.metadata.columns import columns
    from baicheng_report.vocabulary.render import LANGUAGES
    from baicheng_report.vocabulary.tracing import code_words

    record = registry.table(check_name(name))
    coded = [*(c for c in (record.unit, record.qualifier) if c), *record.classified]
    allowed = {c.name: c.constraints["enum"] for c in columns(name) if c.name in coded}
    return {
        column: {
            code: {lang: code_words(name, column, code, lang) for lang in LANGUAGES}
            for code in allowed[column]
        }
        for column in coded
    }


def describe(name: str) -> pd.DataFrame:
    """The data dictionary of one table as a DataFrame; `attrs` holds the table's title."""
    import pandas as pd

    from baicheng_report.publish import datapackage

    frame = pd.DataFrame(rows(name), columns=list(COLUMNS))
    frame.attrs.update(
        table=name,
        title=datapackage.table_title(name),
        description=datapackage.table_description(name),
    )
    return frame
