"""The register of rules: each rule is declared once, with its id and description, and a failure
of it is made by the rule itself (`Rule.fail`), so its words are never written twice.

Three kinds run with explicit context: a table rule checks one table's typed frame against the
source text or the other files (`table_rule`); a cross rule checks the tables together
(`cross_rule`); the byte, CSV, source and descriptor guards are declared here and applied where
the bytes are read (`declare`). The pandera checks of the models are rules too (`schema.rules`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from baicheng_report.dataset.validation.failure import Failure

if TYPE_CHECKING:
    import pandas as pd

    from baicheng_report.dataset.validation.context import Context


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    table: str | None = None  # a table rule's table: its failures read like a pandera check's
    # A rule that reads the article's text is not run without it: the source's own failure
    # names the cause once, rather than every row failing a comparison with nothing.
    reads_text: bool = False

    def fail(
        self,
        file: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        message: str | None = None,
    ) -> Failure:
        """A failure of this rule; its words are the description unless the case adds facts."""
        if message is None and self.table is not None:
            message = f"{self.id.removeprefix(self.table + '.')}: {self.description}"
        return Failure(file, row, column, message or self.description, value, self.id)


TableCheck = Callable[[Rule, "pd.DataFrame", "Context"], Iterable[Failure]]
CrossCheck = Callable[[Rule, "Context"], Iterable[Failure]]

DECLARED: dict[str, Rule] = {}
TABLE_RULES: dict[str, list[tuple[Rule, TableCheck]]] = {}
CROSS_RULES: list[tuple[Rule, CrossCheck]] = []


def declare(
    rule_id: str, description: str, table: str | None = None, *, reads_text: bool = False
) -> Rule:
    """Register a rule's id and description; an id is registered once."""
    if rule_id in DECLARED:
        raise ValueError(f"rule {rule_id} is registered twice")
    if not description:
        raise ValueError(f"rule {rule_id} has no description")
    DECLARED[rule_id] = rule = Rule(rule_id, description, table, reads_text)
    return rule


def table_rule(
    table: str, check: str, description: str, *, reads_text: bool = False
) -> Callable[[TableCheck], TableCheck]:
    """Register `check(rule, frame, context)` as rule `table.check` of one table's typed frame;
    `reads_text`: it compares the rows with the article's text."""

    def register(fn: TableCheck) -> TableCheck:
        rule = declare(f"{table}.{check}", description, table, reads_text=reads_text)
        TABLE_RULES.setdefault(table, []).append((rule, fn))
        return fn

    return register


def cross_rule(rule_id: str, description: str) -> Callable[[CrossCheck], CrossCheck]:
    """Register `check(rule, context)` as a rule over the valid tables together."""

    def register(fn: CrossCheck) -> CrossCheck:
        CROSS_RULES.append((declare(rule_id, description), fn))
        return fn

    return register


def run_table(name: str, frame: pd.DataFrame, context: Context) -> list[Failure]:
    out: list[Failure] = []
    for rule, fn in TABLE_RULES.get(name, []):
        if rule.reads_text and context.derived is None:
            continue
        try:
            out += list(fn(rule, frame, context))
        except (TypeError, ValueError, IndexError, KeyError):
            # A frame that failed its schema may hold an empty cell a rule cannot read; the
            # schema's failure names that cell, and this rule says it could not judge the table,
            # as pandera does for a check that raises.
            out.append(
                rule.fail(f"{name}.csv", message=f"{rule.id}: not checked (an unreadable cell)")
            )
    return out


def run_cross(context: Context, only: str | None = None) -> list[Failure]:
    """Every cross rule (or the one named `only`) over the context's tables."""
    return [
        f for rule, fn in CROSS_RULES if only is None or rule.id == only for f in fn(rule, context)
    ]
