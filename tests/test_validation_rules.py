"""The validator as a register of rules: each rule is registered once with its id and its
description, gets what it reads as an argument (no data directory is found through global state),
and the schemas, which declare the tables, import nothing of validation."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset import validation
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.dataset.validation import schema
from baicheng_report.dataset.validation.rules import CROSS_RULES, DECLARED, TABLE_RULES, declare
from tests.damage import cell, rehash

DATA = package_data_dir()
SRC = Path(validation.__file__).parents[1]
# The modules that declare the tables and the checks they call: they must read only the frame.
DECLARING = [*sorted((SRC / "schemas").glob("*.py")), SRC / "checks.py"]


def test_a_rule_is_registered_once_and_with_a_description() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        declare("file.bom", "no UTF-8 byte-order mark")
    with pytest.raises(ValueError, match="no description"):
        declare("glossary.made_up_rule", "")
    assert "glossary.made_up_rule" not in DECLARED
    assert all(rule.description.strip() for rule in DECLARED.values())
    # a registered rule is not also a check of a model: one place enforces it, one id names it
    assert set(DECLARED).isdisjoint(schema.rules())
    assert set(validation.rules()) == set(DECLARED) | set(schema.rules())


def test_every_table_and_cross_rule_is_a_registered_rule() -> None:
    functions = [rule for rules in TABLE_RULES.values() for rule, _ in rules]
    functions += [rule for rule, _ in CROSS_RULES]
    ids = [rule.id for rule in functions]
    assert len(ids) == len(set(ids))
    assert all(DECLARED[rule.id] is rule for rule in functions)


def _imports(path: Path) -> set[str]:
    """The baicheng_report modules a file imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            found |= {f"{base}.{a.name}" for a in node.names} | {base}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.startswith("baicheng_report")}


@pytest.mark.parametrize("path", DECLARING, ids=lambda p: p.name)
def test_the_schemas_read_no_data_directory(path: Path) -> None:
    """No context variable, no path of the package's data, no file read: a check of a model
    sees only the frame it is given."""
    text = path.read_text(encoding="utf-8")
    assert "ContextVar" not in text and "contextvars" not in text
    reaches = _imports(path)
    forbidden = [
        f"baicheng_report.{m}"
        for m in ("dataset.paths", "dataset.guarded", "source.text", "dataset.validation")
    ] + ["baicheng_report.dataset.tables"]
    assert not [m for m in reaches for f in forbidden if m == f or m.startswith(f + ".")], reaches


def test_checks_and_schemas_do_not_import_each_other() -> None:
    assert not any(
        m.startswith("baicheng_report.dataset.schemas") for m in _imports(SRC / "checks.py")
    )
    importers = [p for p in DECLARING if p.parent.name == "schemas"]
    assert any(
        "baicheng_report.dataset.checks" in _imports(p) for p in importers
    )  # the one direction


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_the_cache_never_hides_a_correction_broken_by_another_table(tmp_path: Path) -> None:
    """corrections.csv unchanged, a cell it corrects edited: the kept frame of corrections must
    not spare it its rule (it reads another table, so it runs every time)."""
    assert validation.validate_dir(DATA) == []  # corrections.csv is now kept, as valid
    corrections = pd.read_csv(DATA / "corrections.csv", dtype=str, keep_default_na=False)
    named = corrections[corrections["table"] == "glossary"].iloc[-1]
    data = _copy(tmp_path)
    cell("glossary", named["row_id"], named["column"], lambda v: v + " (edited)")(data)
    rehash(data)
    failures = validation.validate_dir(data)
    assert {f.rule_id for f in failures} >= {"corrections.new_value_holds"}


def test_load_with_validate_runs_the_rules_that_read_the_text(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    cell("quotes", 1, "speaker_zh", "王某")(data)  # not the speaker the text credits
    cell("quotes", 1, "speaker_en", "Wang")(data)
    rehash(data)
    br.load("quotes", data_dir=data)  # the bytes are vouched for: plain loading reads them
    with pytest.raises(ValueError, match="attribution_matches_source"):
        br.load("quotes", validate=True, data_dir=data)


def test_a_table_rule_that_cannot_read_a_cell_is_a_failure_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A frame that failed its schema may hold a cell a rule cannot read; the rule then says it
    did not judge the table, by its id, and the other rules of the table still run."""
    from baicheng_report.dataset.validation.context import Context, derive
    from baicheng_report.dataset.validation.rules import run_table

    def unreadable(rule: object, frame: pd.DataFrame, context: Context) -> list[object]:
        raise TypeError("boolean value of NA is ambiguous")

    rules = TABLE_RULES["photos"]
    broken = (rules[0][0], unreadable)
    monkeypatch.setitem(TABLE_RULES, "photos", [broken, *rules[1:]])
    frame = br.load("photos")
    failures = run_table("photos", frame, Context(tmp_path, derived=derive(DATA)))
    assert [(f.rule_id, f.file) for f in failures if "not checked" in f.rule] == [
        (rules[0][0].id, "photos.csv")
    ]


class _Reading(pd.DataFrame):
    """A frame that records each of its columns a check reads (`frame["x"]`, `frame[["x", "y"]]`);
    what it derives is a plain frame."""

    _metadata = ["read"]  # noqa: RUF012 - pandas' own protocol for subclass attributes

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def __getitem__(self, key: Any) -> Any:
        for name in key if isinstance(key, list) else [key]:
            if isinstance(name, str) and name in self.columns:
                self.read.add(name)
        return super().__getitem__(key)

    def iterrows(self) -> Any:  # a check that reads row by row: `row["x"]` is recorded too
        for index, row in super().iterrows():
            yield index, _ReadingRow(row, self.read)


class _ReadingRow:
    def __init__(self, row: pd.Series, read: set[str]) -> None:
        self.row, self.read = row, read

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self.row[key]


def _reads(check: Any, name: str) -> set[str]:
    frame = _Reading(br.load(name))
    frame.read = set()
    check(frame)
    return set(frame.read)


def test_every_rule_over_a_row_names_every_column_it_reads() -> None:
    """A table-wide check or table rule fails a row without naming one column: its description
    names each column it reads, so its failure shows the row's cells of all of them
    (`Failure.cells`), the one that broke it among them. What it reads is recorded as it runs."""
    from baicheng_report.dataset import schemas
    from baicheng_report.dataset.registry import TABLE_NAMES
    from baicheng_report.dataset.validation.context import Context, derive
    from baicheng_report.dataset.validation.failure import cells_named

    context = Context(DATA, {}, derive(DATA))
    unnamed = {}
    for name in TABLE_NAMES:
        columns = list(schemas.MODELS[name].to_schema().columns)
        row = dict.fromkeys(columns, 1)
        checks = [
            (c.description or "", c._check_fn) for c in schemas.MODELS[name].to_schema().checks
        ]
        checks += [
            (rule.description, lambda f, rule=rule, fn=fn: list(fn(rule, f, context)))
            for rule, fn in TABLE_RULES.get(name, [])
        ]
        for description, check in checks:
            read = _reads(check, name)
            assert read, f"{name}: {description}: read no column (is the recording broken?)"
            named = {column for column, _ in cells_named(description, row, columns)}
            if read - named:
                unnamed[f"{name}: {description}"] = sorted(read - named)
    assert unnamed == {}
