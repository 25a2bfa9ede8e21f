"""A table file's bytes and CSV: size, encoding, line endings, header and fields, read through
the guard (`guarded`) into a frame of strings indexed by line number."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from baicheng_report.dataset import guarded, schemas
from baicheng_report.dataset.validation.failure import Failure
from baicheng_report.dataset.validation.rules import declare

if TYPE_CHECKING:
    import _csv

MAX_TABLE_BYTES = guarded.MAX_TABLE_BYTES
TRUE, FALSE = {"true", "True", "TRUE"}, {"false", "False", "FALSE"}

# Applied by `guarded` as it opens a file; declared here, where the bytes are checked.
declare("file.missing", "the table file exists")
declare(
    "file.size_limit", f"a table file is at most {MAX_TABLE_BYTES:,} bytes (larger is not read)"
)
declare("file.not_regular", "a regular file: not a symbolic link, device, FIFO or directory")
EMPTY = declare("file.empty", "a table file is not empty")
BOM = declare("file.bom", "no UTF-8 byte-order mark")
BINARY = declare("file.binary", "no NUL byte")
ENCODING = declare("file.encoding", "UTF-8")
NEWLINE = declare("file.newline", "LF line endings")
HEADER = declare("csv.header", "the header is the schema's columns, in order")
FIELDS = declare("csv.fields", "every row has as many fields as the header")
ROWS = declare("csv.rows", "at least one data row")
BOOLEAN = declare(
    "csv.boolean", "a yes/no cell is true or false (or True, TRUE, False, FALSE), as load reads it"
)
FIELD_LIMIT = declare(
    "csv.field_limit", "no cell is over the CSV field limit (the row is named, the file not read)"
)


def refused(err: guarded.RefusedFile) -> Failure:
    """A file the guard would not read, named by its path and reason, never by its content."""
    return Failure(err.rel, None, None, err.reason, rule_id=err.rule_id)


def _line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data[:offset].count(newline) + 1  # type: ignore[arg-type]


def decode(data_dir: Path, rel: str, failures: list[Failure]) -> str | None:
    """The file's text, or None with the failure that stops it."""
    try:
        data = guarded.read_bytes(data_dir, rel, MAX_TABLE_BYTES)
    except guarded.RefusedFile as err:
        failures.append(refused(err))
        return None
    failure = _byte_failure(rel, data)
    if failure is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            at = f"byte 0x{data[err.start]:02X} at offset {err.start}"
            failure = ENCODING.fail(rel, _line_of(data, err.start), None, at, "not UTF-8")
        else:
            if "\r" not in text:
                return text
            failure = NEWLINE.fail(
                rel,
                _line_of(text, text.index("\r")),
                message="CRLF or CR line ending; LF is required",
            )
    failures.append(failure)
    return None


def _byte_failure(rel: str, data: bytes) -> Failure | None:
    if not data.strip():
        return EMPTY.fail(rel, message="file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return BOM.fail(rel, 1, message="starts with a UTF-8 byte-order mark (BOM)")
    if b"\x00" in data:
        return BINARY.fail(
            rel, _line_of(data, data.index(b"\x00")), message="binary data: NUL byte"
        )
    return None


def read_table(data_dir: Path, name: str, failures: list[Failure]) -> pd.DataFrame | None:
    """Parse one CSV as strings, indexed by line number, or report why it cannot be parsed."""
    file = f"{name}.csv"
    text = decode(data_dir, file, failures)
    if text is None:
        return None
    expected = schemas.columns(name)
    records, lines = _records(file, csv.reader(io.StringIO(text)), expected, failures)
    if records is None:
        return None
    if not records:
        failures.append(ROWS.fail(file, message="no data rows (header only)"))
        return None
    frame = pd.DataFrame(
        records, columns=expected, index=pd.Index(lines, name="line"), dtype=object
    )
    unreadable = len(failures)
    for column, col in schemas.MODELS[name].to_schema().columns.items():
        if str(col.dtype) in ("bool", "boolean"):
            # Not pandera's coercion: it makes any text True ("no" too), where load fails.
            for at, cell in frame[column].items():
                if cell is not None and cell not in TRUE | FALSE:
                    failures.append(BOOLEAN.fail(file, int(at), column, cell))
            frame[column] = frame[column].map(lambda v: v if v is None else v in TRUE)
    return None if len(failures) > unreadable else frame


def _field_limit(file: str, line: int) -> Failure:
    return FIELD_LIMIT.fail(
        file,
        line,
        message=f"a cell is larger than the CSV field limit of {csv.field_size_limit():,} "
        "characters; the rest of the file was not read",
    )


def _header_failure(file: str, header: list[str], expected: list[str]) -> Failure:
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    details = [f"missing {missing}" if missing else "", f"unexpected {extra}" if extra else ""]
    if not missing and not extra:
        details = [f"columns out of order; expected {expected}"]
    value = "; ".join(d for d in details if d)
    return HEADER.fail(file, 1, None, value, "header does not match the schema")


def _records(
    file: str, rows: _csv.Reader, expected: list[str], failures: list[Failure]
) -> tuple[list[list[str | None]] | None, list[int]]:
    """The data rows as cells (None for empty) and the line each starts on; None for the rows
    when the header is wrong or a cell is over the CSV field limit (the row is named)."""
    try:
        header: list[str] = next(rows, [])
    except csv.Error:
        failures.append(_field_limit(file, 1))
        return None, []
    if header != expected:
        failures.append(_header_failure(file, header, expected))
        return None, []
    records: list[list[str | None]] = []
    lines: list[int] = []
    end = rows.line_num
    while True:
        try:
            record = next(rows)
        except StopIteration:
            break
        except csv.Error:  # past the limit the parser cannot be trusted to find the next row
            failures.append(_field_limit(file, end + 1))
            return None, []
        # a quoted cell may span lines: a record is named by the line it starts on
        start, end = end + 1, rows.line_num
        if len(record) != len(expected):
            message = f"row has {len(record)} fields; the header has {len(expected)}"
            failures.append(FIELDS.fail(file, start, message=message))
            continue
        records.append([None if v == "" else v for v in record])
        lines.append(start)
    return records, lines
