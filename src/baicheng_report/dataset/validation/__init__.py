"""Validate a data directory: bytes, headers and rows, every schema lazily, then the rules that
read beyond a table (the source text, other files) and the rules over the tables together.

Every problem becomes a `Failure` naming file, row, column, rule and value; nothing raises. Each
rule is registered once with its id and description (`rules`); rules get what they read (the
tables, the source text, the directory) as a `Context`, never from global state.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.dataset.validation import archive, cache, cross, readings, schema, table_rules
from baicheng_report.dataset.validation.context import Context, derive
from baicheng_report.dataset.validation.descriptor import PACKAGE_RULES, stale_package
from baicheng_report.dataset.validation.failure import Failure
from baicheng_report.dataset.validation.files import MAX_TABLE_BYTES, read_table
from baicheng_report.dataset.validation.rules import DECLARED, TABLE_RULES, run_cross, run_table

__all__ = [
    "MAX_TABLE_BYTES",
    "PACKAGE_RULES",
    "Context",
    "Failure",
    "derive",
    "read_table",
    "rules",
    "rules_of_table",
    "stale_package",
    "validate_dir",
    "validate_table",
]
_RULE_MODULES = (archive, cross, readings, table_rules)  # each registers its rules on import


def rules() -> dict[str, str]:
    """Every rule the validator enforces, by id: each pandera check of each model, uniqueness,
    and every registered rule (byte and CSV guards, source, table, cross-table, descriptor)."""
    return {**schema.rules(), **{r.id: r.description for r in DECLARED.values()}}


def rules_of_table(name: str) -> list[tuple[str, str]]:
    """(check, description) of each rule of one table that reads beyond its cells, in order."""
    return [
        (rule.id.removeprefix(f"{name}."), rule.description)
        for rule, _ in TABLE_RULES.get(name, [])
    ]


def _typed(
    context: Context, name: str, failures: list[Failure]
) -> tuple[pd.DataFrame | None, bool]:
    """The table's frame typed by its schema (kept while its bytes are unchanged), or None when
    it cannot be typed; and whether it passed the schema."""
    key = cache.key(name, context.data_dir)
    kept = cache.get(key)
    if kept is not None:
        return kept, True
    before = len(failures)
    frame = read_table(context.data_dir, name, failures)
    if frame is None:
        context.unread.add(name)
        return None, False
    typed, found = schema.validate(name, frame)
    failures += found
    if typed is not None and len(failures) == before:  # a skipped row is a failure too
        cache.keep(key, typed)
    return typed, not found


def validate_table(data_dir: Path, name: str) -> list[Failure]:
    """What `validate_dir` finds in one table, with the archive's own failures (a rule that reads
    the text then names its cause): the same lines, numbered by the file's lines."""
    failures = archive.failures(data_dir)
    context = Context(data_dir, {}, derive(data_dir))
    typed, _ = _typed(context, name, failures)
    if typed is not None:
        failures += run_table(name, typed, context)
    return failures


def validate_dir(data_dir: Path, check_package: bool = True) -> list[Failure]:
    """Every failure in the data directory; an empty list means valid."""
    failures = archive.failures(data_dir)
    context = Context(data_dir, {}, derive(data_dir))
    for name in TABLE_NAMES:
        typed, passed = _typed(context, name, failures)
        if typed is None:
            continue
        found = run_table(name, typed, context)
        failures += found
        if passed and not found:
            context.frames[name] = typed
    failures += run_cross(context)
    if check_package:
        failures += stale_package(data_dir)
    return failures
