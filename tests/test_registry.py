"""The table registry: its records agree with the models, it loads without pandas, and no other
module lists tables."""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import get_args

import pytest

import baicheng_report as br
from baicheng_report.dataset import registry, schemas
from baicheng_report.dataset.registry import TABLE_NAMES, TABLES, TableName
from tests.conftest import ROOT, loaded_by

# Where the product's code lives: the package, the book's extensions and chapters, benchmarks.
CODE = [ROOT / "src", ROOT / "book" / "_ext", ROOT / "benchmarks"]
CHAPTERS = ROOT / "book"
REGISTRY = Path(registry.__file__)


def test_the_literal_names_the_registered_tables_in_order() -> None:
    assert get_args(TableName) == TABLE_NAMES == tuple(t.name for t in TABLES)
    assert len(set(TABLE_NAMES)) == len(TABLE_NAMES)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_each_model_is_found_by_its_path_and_is_the_one_validation_uses(name: str) -> None:
    model = registry.model(name)
    assert model is schemas.MODELS[name]
    assert (
        model.__module__ == f"baicheng_report.dataset.schemas.{name}"
    )  # each in its table's module


def test_an_unknown_table_is_refused_with_the_names_there_are() -> None:
    with pytest.raises(KeyError, match="unknown table 'nope'; choose one of: sources, "):
        registry.table("nope")
    with pytest.raises(KeyError, match=r"unknown table 'metric' \(did you mean 'metrics'\?\); "):
        br.load("metric")  # what a researcher types


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_column_a_record_names_is_a_column_of_its_model(name: str) -> None:
    facts = registry.table(name)
    schema = schemas.MODELS[name].to_schema()
    columns = schemas.columns(name)
    # the key: the first unique column, as the descriptor has always derived it
    assert facts.key == next(c for c in columns if schema.columns[c].unique)
    named = [
        *facts.foreign_keys,
        *facts.counts,
        *(f"{base}_{lang}" for base in facts.counts.values() for lang in ("en", "zh")),
        *(c for c in (facts.value, facts.unit, facts.qualifier) if c),
        *facts.fixed_units,
        *facts.literal_units,
        *facts.search,
        *facts.codes,
        *facts.names_tables,
    ]
    assert set(named) <= set(columns), set(named) - set(columns)
    numeric = {c for c in columns if str(schema.columns[c].dtype).lower().startswith(("int", "f"))}
    assert {c for c in (facts.value, *facts.fixed_units) if c} <= numeric
    assert not set(facts.literal_units) & numeric  # a literal is text: 7×24
    if facts.unit or facts.qualifier:
        assert facts.value is not None  # a unit or qualifier is the figure's
    assert facts.value is None or facts.value in facts.counts  # a figure says what it counts


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_foreign_keys_name_earlier_tables_and_source_id_wherever_a_table_has_it(
    name: str,
) -> None:
    facts = registry.table(name)
    for target in facts.foreign_keys.values():
        assert TABLE_NAMES.index(target) < TABLE_NAMES.index(name)  # dependency order
    has_source = "source_id" in schemas.columns(name) and name != "sources"
    assert (facts.foreign_keys.get("source_id") == "sources") == has_source


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_a_table_with_evidence_is_one_whose_rows_state_facts_with_their_phrase(name: str) -> None:
    facts = registry.table(name)
    if facts.evidence or facts.covers is not None:
        assert issubclass(schemas.MODELS[name], schemas.Evidenced)
    if facts.covers is not None:
        assert facts.evidence


def test_the_registry_imports_no_data_stack_and_a_model_only_when_asked_for() -> None:
    heavy = {"pandas", "numpy", "pandera", "altair", "jupyter_book"}
    statement = (
        "from baicheng_report.dataset import registry; "
        "[registry.table(n) for n in registry.TABLE_NAMES]"
    )
    assert loaded_by(statement, heavy) == []
    # a model is imported when asked for, and brings pandera with it
    asked = "from baicheng_report.dataset import registry; registry.model('glossary')"
    assert loaded_by(asked, heavy) == [
        "numpy",
        "pandas",
        "pandera",
    ]


# --- No other module lists tables ---------------------------------------------------------------


def table_lists(source: str, names: Collection[str]) -> list[tuple[int, list[str]]]:
    """(line, tables) of each literal collection in `source` that names two tables or more: a
    list, tuple or set whose items are table names, or the keys of a dict; an item may also be a
    tuple that begins with a name, as in {("metrics", "value"): "unit"}."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items: list[ast.expr] = node.elts
        elif isinstance(node, ast.Dict):
            items = [key for key in node.keys if key is not None]
        else:
            continue
        named = [table for item in items if (table := _table_named(item, names))]
        if len(set(named)) >= 2:
            found.append((node.lineno, named))
    return found


def _table_named(node: ast.expr, names: Collection[str]) -> str | None:
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]
    if isinstance(node, ast.Constant) and node.value in names:
        return str(node.value)
    return None


def _sources() -> Iterator[tuple[str, str]]:
    """(where, Python source) of every module of the product and every chapter's code cells."""
    import jupytext

    for folder in CODE:
        for path in sorted(folder.rglob("*.py")):
            if path != REGISTRY:
                yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted(CHAPTERS.glob("*.md")):
        notebook = jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst")
        cells = [c.source for c in notebook.cells if c.cell_type == "code"]
        yield str(path.relative_to(ROOT)), "\n".join(cells)


@pytest.mark.parametrize(
    ("code", "lists"),
    [
        ('EVIDENCE = ("metrics", "quotes")', [(1, ["metrics", "quotes"])]),
        ('if name in {"photos", "glossary"}:\n    pass', [(1, ["photos", "glossary"])]),
        (
            'LABELS = {"metrics": "indicator", "service_tiers": "venue"}',
            [(1, ["metrics", "service_tiers"])],
        ),
        (
            'UNITS = {("metrics", "value"): "unit", ("response_cases", "d"): "u"}',
            [(1, ["metrics", "response_cases"])],
        ),
        ('Name = Literal["sources", "corrections"]', [(1, ["sources", "corrections"])]),
        ('ROWS = [("quotes", "a"), ("photos", "b")]', [(1, ["quotes", "photos"])]),
        # one table at a time is how code uses a table, not a list of them
        ('quotes, photos = frames.get("quotes"), frames.get("photos")', []),
        ('KEY = ("metrics", "value")', []),
        ('PAIR = ("metrics", "metrics")', []),
        ('WORDS = ("value", "unit", "area")', []),
    ],
)
def test_the_list_finder_finds_lists_of_tables_and_nothing_else(
    code: str, lists: list[tuple[int, list[str]]]
) -> None:
    assert table_lists(code, TABLE_NAMES) == lists


def test_no_module_outside_the_registry_lists_tables() -> None:
    sources = dict(_sources())
    assert len(sources) > 40 and any(where.endswith(".md") for where in sources)
    # the registry's own list is one the finder sees
    assert table_lists(REGISTRY.read_text(encoding="utf-8"), TABLE_NAMES)
    found = {
        where: lists
        for where, source in sources.items()
        if (lists := table_lists(source, TABLE_NAMES))
    }
    assert found == {}, "list tables in the registry (src/baicheng_report/dataset/registry.py) only"


def test_every_table_the_source_chapter_lists_has_a_title_in_each_edition() -> None:
    """The source chapter heads each table's rows with what a reader calls it, never its code."""
    from baicheng_report.report import source_view
    from baicheng_report.vocabulary import render

    for name in registry.ANCHORED_TABLES:
        for lang in render.LANGUAGES:
            title = registry.table(name).title.get(lang, "")
            assert title.strip() and name not in title, (name, lang)
    tables = {name: br.load(name) for name in registry.ANCHORED_TABLES}
    text = br.source_text()
    for lang in render.LANGUAGES:
        headings = re.findall(r"<h3>(.*?)</h3>", source_view.evidence_list(text, tables, lang))
        expected = [registry.table(n).title[lang] for n in registry.ANCHORED_TABLES]
        assert [html.unescape(h) for h in headings] == expected


def _allowed(name: str, column: str) -> set[str]:
    """The codes a model's column allows (its `isin` check)."""
    checks = schemas.MODELS[name].to_schema().columns[column].checks
    found = [
        set(c.statistics["allowed_values"]) for c in checks if "allowed_values" in c.statistics
    ]
    assert found, f"{name}.{column} has no isin check"
    return found[0]


CODE_COLUMNS = [(t.name, column) for t in TABLES for column in (*t.codes, *t.names_tables)]


@pytest.mark.parametrize(("name", "column"), CODE_COLUMNS)
def test_every_code_a_column_allows_has_words_in_each_edition(name: str, column: str) -> None:
    """`trace` and `cite` show a code in words: every code the model allows has them, and they
    are words, not a code (Chinese ones in Chinese)."""
    from baicheng_report.vocabulary import render

    for code in _allowed(name, column):
        for lang in render.LANGUAGES:
            words = registry.code_words(name, column, code, lang)
            assert words and "_" not in words, (name, column, code, lang)  # (slogan is a word)
            if lang == "zh":
                assert re.search(r"[\u4e00-\u9fff]", words), (name, column, code)
    assert set(registry.table(name).codes.get(column, _allowed(name, column))) == _allowed(
        name, column
    )  # and no word for a code the model does not allow


def test_every_column_with_codes_has_words_for_them() -> None:
    """A column of a fact table that holds codes (an `isin` check) other than a unit or a
    qualifier, which the renderer words, is in the registry's `codes` or `names_tables`."""
    worded = set(CODE_COLUMNS)
    for name in registry.ANCHORED_TABLES:
        facts = registry.table(name)
        schema = schemas.MODELS[name].to_schema()
        for column, spec in schema.columns.items():
            if column in (facts.unit, facts.qualifier, "source_id"):
                continue
            if any("allowed_values" in c.statistics for c in spec.checks):
                assert (name, column) in worded, f"{name}.{column} has codes without words"
