"""CREATE TABLE statements for the SQL exports, from a resource of datapackage.json: types, NOT
NULL, UNIQUE, primary and foreign keys, and CHECK constraints for enums, ranges, lengths and
patterns, so a row the schemas refuse is refused by the database too.

DuckDB checks every pattern with regexp_full_match. SQLite has no regular expressions, so a
pattern becomes a GLOB where it is a run of fixed characters and classes (`r\\d{3}`,
`[0-9a-f]{64}`) with at most one repeated class at the end (`[a-z][a-z0-9_]*`); the other
patterns (alternatives, `\\d+` in the middle) are left to `validate`.
"""

from __future__ import annotations

import re
from typing import Any, Literal

Dialect = Literal["sqlite", "duckdb"]
_TYPES: dict[Dialect, dict[str, str]] = {
    # a list cell is stored as written, its items joined by the field's delimiter
    "sqlite": {
        "string": "TEXT",
        "list": "TEXT",
        "integer": "INTEGER",
        "number": "REAL",
        "boolean": "INTEGER",
    },
    "duckdb": {
        "string": "VARCHAR",
        "list": "VARCHAR",
        "integer": "BIGINT",
        "number": "DOUBLE",
        "boolean": "BOOLEAN",
    },
}
# One atom of a pattern: a class, \d, an escaped or plain character; then a quantifier.
_ATOM = re.compile(r"(\[[^\]]+\]|\\d|\\.|[^\\\[\](){}*+?|^$])(\{\d+\}|[*+])?")


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    return quote(value) if isinstance(value, str) else repr(value)


def _glob_class(atom: str) -> str | None:
    """An atom as a GLOB character class or literal; None for what GLOB cannot say."""
    if atom == r"\d":
        return "[0-9]"
    if atom.startswith("["):
        inner = atom[1:-1].replace(r"\d", "0-9")
        return None if "\\" in inner or inner.startswith("^") else f"[{inner}]"
    char = atom[1:] if atom.startswith("\\") else atom
    return f"[{char}]" if char in "*?[]" else char


def sqlite_pattern(column: str, pattern: str) -> str | None:
    """A CHECK expression equal to the full match of `pattern`, or None when GLOB cannot say it."""
    atoms = list(_ATOM.finditer(pattern))
    if "".join(m.group(0) for m in atoms) != pattern:
        return None
    head: list[str] = []
    for i, match in enumerate(atoms):
        glob = _glob_class(match.group(1))
        if glob is None:
            return None
        quantifier = match.group(2) or "{1}"
        if quantifier in ("*", "+"):
            if i != len(atoms) - 1:
                return None
            chars = glob[1:-1] if glob.startswith("[") else glob
            fixed = len(head)
            tail = [f"substr({column}, {fixed + 1}) NOT GLOB {quote(f'*[^{chars}]*')}"]
            if quantifier == "+":
                tail.append(f"length({column}) > {fixed}")
            return " AND ".join([f"{column} GLOB {quote(''.join(head) + '*')}", *tail])
        head += [glob] * int(quantifier[1:-1])
    return f"{column} GLOB {quote(''.join(head))}"


def _checks(column: str, field: dict[str, Any], dialect: Dialect) -> list[str]:
    constraints = field.get("constraints", {})
    out = []
    if "enum" in constraints:
        out.append(f"{column} IN ({', '.join(_literal(v) for v in constraints['enum'])})")
    for key, op in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<=")):
        if key in constraints:
            out.append(f"{column} {op} {constraints[key]!r}")
    if "minLength" in constraints:
        out.append(f"length({column}) >= {constraints['minLength']}")
    if "pattern" in constraints:
        if dialect == "duckdb":
            out.append(f"regexp_full_match({column}, {quote(constraints['pattern'])})")
        elif (glob := sqlite_pattern(column, constraints["pattern"])) is not None:
            out.append(glob)
    if dialect == "sqlite" and field["type"] == "boolean":
        out.append(f"{column} IN (0, 1)")
    return out


def create_table(name: str, res: dict[str, Any], dialect: Dialect) -> str:
    """CREATE TABLE for one resource of datapackage.json."""
    schema = res["schema"]
    lines = []
    for field in schema["fields"]:
        column = _ident(field["name"])
        constraints = field.get("constraints", {})
        line = f"{column} {_TYPES[dialect][field['type']]}"
        if constraints.get("required"):
            line += " NOT NULL"
        if constraints.get("unique") and [field["name"]] != schema["primaryKey"]:
            line += " UNIQUE"
        line += "".join(f" CHECK ({check})" for check in _checks(column, field, dialect))
        lines.append(line)
    lines.append(f"PRIMARY KEY ({', '.join(map(_ident, schema['primaryKey']))})")
    lines += [
        f"FOREIGN KEY ({', '.join(map(_ident, fk['fields']))}) REFERENCES "
        f"{_ident(fk['reference']['resource'])} "
        f"({', '.join(map(_ident, fk['reference']['fields']))})"
        for fk in schema.get("foreignKeys", [])
    ]
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {_ident(name)} (\n  {body}\n)"
