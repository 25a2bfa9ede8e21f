"""What validation reports: one `Failure` per problem, naming file, row, column, rule and value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    file: str
    row: int | None  # line number in the file (the header is line 1)
    column: str | None
    rule: str
    value: str | None = None
    rule_id: str = ""  # the rule's key in `rules()`, stable for tests and tools

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row is not None else "")
        col = f" column {self.column}:" if self.column else ""
        val = f" (value: {self.value!r})" if self.value is not None else ""
        return f"{where}:{col} {self.rule}{val}"


def line(index: object) -> int | None:
    """The line number a frame's index holds (validated frames are indexed by line)."""
    return int(str(index)) if str(index).isdigit() else None
