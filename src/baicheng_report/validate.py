"""Validate a data directory: bytes, headers and rows, every schema lazily, cross-table rules.

Every problem becomes a `Failure` naming file, row, column, rule and value; nothing raises.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pandera.pandas as pa

from baicheng_report import checks, descriptor_check, guarded, registry, schemas, source
from baicheng_report.registry import TABLE_NAMES
from baicheng_report.schemas.metric_readings import items as schema_items
from baicheng_report.tables import DESCRIPTOR, DescriptorError, descriptor

if TYPE_CHECKING:
    import _csv

MAX_TABLE_BYTES = guarded.MAX_TABLE_BYTES
TRUE, FALSE = {"true", "True", "TRUE"}, {"false", "False", "FALSE"}


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


def _refused(err: guarded.RefusedFile) -> Failure:
    """A file the guard would not read, named by its path and reason, never by its content."""
    return Failure(err.rel, None, None, err.reason, rule_id=err.rule_id)


def _decode(data_dir: Path, rel: str, failures: list[Failure]) -> str | None:
    name = rel
    try:
        data = guarded.read_bytes(data_dir, rel, MAX_TABLE_BYTES)
    except guarded.RefusedFile as err:
        failures.append(_refused(err))
        return None
    if not data.strip():
        failures.append(Failure(name, None, None, "file is empty", rule_id="file.empty"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        failures.append(
            Failure(name, 1, None, "starts with a UTF-8 byte-order mark (BOM)", rule_id="file.bom")
        )
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        failures.append(Failure(name, line, None, "binary data: NUL byte", rule_id="file.binary"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        failures.append(
            Failure(
                name,
                line,
                None,
                "not UTF-8",
                f"byte 0x{data[err.start]:02X} at offset {err.start}",
                rule_id="file.encoding",
            )
        )
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        failures.append(
            Failure(
                name, line, None, "CRLF or CR line ending; LF is required", rule_id="file.newline"
            )
        )
        return None
    return text


def read_table(data_dir: Path, name: str, failures: list[Failure]) -> pd.DataFrame | None:
    """Parse one CSV as strings, indexed by line number, or report why it cannot be parsed."""
    path = Path(f"{name}.csv")
    text = _decode(data_dir, path.name, failures)
    if text is None:
        return None
    expected = schemas.columns(name)
    records, lines = _records(path, csv.reader(io.StringIO(text)), expected, failures)
    if records is None:
        return None
    if not records:
        failures.append(
            Failure(path.name, None, None, "no data rows (header only)", rule_id="csv.rows")
        )
        return None
    frame = pd.DataFrame(
        records, columns=expected, index=pd.Index(lines, name="line"), dtype=object
    )
    for column, col in schemas.MODELS[name].to_schema().columns.items():
        if str(col.dtype) in ("bool", "boolean"):
            frame[column] = frame[column].map(
                lambda v: True if v in TRUE else False if v in FALSE else v
            )
    return frame


def _field_limit(file: str, line: int) -> Failure:
    return Failure(
        file,
        line,
        None,
        f"a cell is larger than the CSV field limit of {csv.field_size_limit():,} characters; "
        "the rest of the file was not read",
        rule_id="csv.field_limit",
    )


def _records(
    path: Path, rows: _csv.Reader, expected: list[str], failures: list[Failure]
) -> tuple[list[list[str | None]] | None, list[int]]:
    """The data rows as cells (None for empty) and the line each starts on; None for the rows
    when the header is wrong or a cell is over the CSV field limit (the row is named)."""
    try:
        header: list[str] = next(rows, [])
    except csv.Error:
        failures.append(_field_limit(path.name, 1))
        return None, []
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        rule = "header does not match the schema"
        details = [f"missing {missing}" if missing else "", f"unexpected {extra}" if extra else ""]
        if not missing and not extra:
            details = [f"columns out of order; expected {expected}"]
        failures.append(
            Failure(
                path.name, 1, None, rule, "; ".join(d for d in details if d), rule_id="csv.header"
            )
        )
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
            failures.append(_field_limit(path.name, end + 1))
            return None, []
        # a quoted cell may span lines: a record is named by the line it starts on
        start, end = end + 1, rows.line_num
        if len(record) != len(expected):
            failures.append(
                Failure(
                    path.name,
                    start,
                    None,
                    f"row has {len(record)} fields; the header has {len(expected)}",
                    rule_id="csv.fields",
                )
            )
            continue
        records.append([None if v == "" else v for v in record])
        lines.append(start)
    return records, lines


def _rules(name: str) -> dict[str, str]:
    schema = schemas.MODELS[name].to_schema()
    found = {c.name: c.description or c.name for c in schema.checks}
    for col in schema.columns.values():
        found.update({c.name: c.description or c.name for c in col.checks})
    return found


# Rules that are not pandera checks: byte and CSV guards, the source, cross-table and cross-file
# rules, the descriptor. `rules()` adds one entry per pandera check of each model.
GUARD_RULES = {
    "file.missing": "the table file exists",
    "file.size_limit": f"a table file is at most {MAX_TABLE_BYTES:,} bytes (larger is not read)",
    "file.empty": "a table file is not empty",
    "file.bom": "no UTF-8 byte-order mark",
    "file.binary": "no NUL byte",
    "file.encoding": "UTF-8",
    "file.newline": "LF line endings",
    "csv.header": "the header is the schema's columns, in order",
    "csv.fields": "every row has as many fields as the header",
    "csv.rows": "at least one data row",
    "csv.field_limit": "no cell is over the CSV field limit (the row is named, the file not read)",
    "file.not_regular": "a regular file: not a symbolic link, device, FIFO or directory",
    "column.dtype": "every cell converts to its column's type",
    "column.not_nullable": "a required cell is not empty",
}
SOURCE_RULES = {
    "source.missing": "the archived source exists",
    "source.hash": "the archived source has its pinned SHA-256",
    "source.derived": "the clean and simplified texts are the ones derived from the archive",
}


def foreign_key_rule(table: str, column: str) -> str:
    """The rule id of a foreign key: one rule for `source_id`, which nearly every table has."""
    return "source_id.foreign_key" if column == "source_id" else f"{table}.{column}.foreign_key"


CROSS_RULES = {
    **{
        foreign_key_rule(t.name, column): f"every {column} is a row of {target}.csv"
        for t in registry.TABLES
        for column, target in t.foreign_keys.items()
    },
    "numeric_mentions.captured_id.foreign_key": "a mention's captured_id is a row of its table",
    "numeric_mentions.within_evidence": "a captured numeral lies inside its row's evidence",
    "numeric_mentions.coverage": "every numeral of the text is a row of numeric_mentions",
    "claims.labelled": "a value the book shows says what it counts, in English and Chinese",
    "service_tiers.workstations_match_metrics": (
        "the workstation tier counts as many venues as metrics.police_workstations"
    ),
    "service_tiers.urban_circle_smaller": "the urban service circle is smaller than the rural one",
    "quotes.coverage": "every quotation of the text is a row of quotes",
    "response_cases.coverage": "every dated case of the text (今年N月) is a row of response_cases",
    "photos.coverage": "every photo credit of the text (name 摄) follows a row of photos",
    "metric_readings.covers_metrics": "every metric of metrics.csv has its reading",
    "metric_readings.kind_change": (
        "kind change_without_base is exactly a percent metric with a baseline"
    ),
    "metric_readings.kind_total": (
        "kind cumulative_total is exactly a metric whose evidence says 累计"
    ),
    "metric_readings.stated_by_matches_text": (
        "stated_by agrees with where the metric's evidence lies: a quotation, a caption or neither"
    ),
    "metric_readings.dating_in_sentence": (
        "the dating phrase is in the sentence that states the metric"
    ),
    "metric_readings.relies_on_unstated": "a fact relied on as unstated is empty in sources.csv",
}
PACKAGE_RULES = {
    "datapackage.readable": "datapackage.json is a regular file under its size cap and parses",
    **descriptor_check.RULES,
    "datapackage.resource": "datapackage.json lists every file",
    "datapackage.hash": "datapackage.json holds each file's SHA-256",
}
_GENERIC_CHECKS = {
    "coerce_dtype": "column.dtype",
    "dtype": "column.dtype",
    "not_nullable": "column.not_nullable",
}


def rules() -> dict[str, str]:
    """Every rule the validator enforces, by id: each pandera check of each model (as
    `table.column.check` or `table.check`), uniqueness, and the rules above."""
    found = {**GUARD_RULES, **SOURCE_RULES}
    for name in TABLE_NAMES:
        schema = schemas.MODELS[name].to_schema()
        for column, col in schema.columns.items():
            for check in col.checks:
                found[f"{name}.{column}.{check.name}"] = check.description or check.name
            if col.unique:
                found[f"{name}.{column}.unique"] = "no two rows share a value"
        for check in schema.checks:
            found[f"{name}.{check.name}"] = check.description or check.name
    return {**found, **CROSS_RULES, **PACKAGE_RULES}


def _rule_id(table: str, column: object, check: str) -> str:
    name = check.split("(", 1)[0]
    if name in _GENERIC_CHECKS:
        return _GENERIC_CHECKS[name]
    if name == "field_uniqueness":
        name = "unique"
    return f"{table}.{name}" if column is None else f"{table}.{column}.{name}"


def _schema_failures(
    name: str, frame: pd.DataFrame, data_dir: Path
) -> tuple[pd.DataFrame | None, list[Failure]]:
    """The validated (typed) frame, or the failures that stop it."""
    try:
        with checks.checking(data_dir):
            return schemas.MODELS[name].validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as err:
        return None, _from_failure_cases(name, err.failure_cases, _rules(name))


def _from_failure_cases(table: str, cases: pd.DataFrame, rules: dict[str, str]) -> list[Failure]:
    coerced = {(r.column, r.index) for r in cases.itertuples() if str(r.check).startswith("coerce")}
    seen: set[tuple[object, ...]] = set()
    out = []
    for r in cases.itertuples():
        check = str(r.check)
        if check.startswith("dtype(") and (r.column, r.index) in coerced:
            continue  # the coercion failure already names this cell
        if coerced and r.schema_context == "DataFrameSchema":
            continue  # table-wide checks ran on untyped data: fix the types first
        column = None if r.schema_context == "DataFrameSchema" else r.column
        key = (r.index, column, check)
        if key in seen:
            continue
        seen.add(key)
        rule = check if check not in rules or rules[check] == check else f"{check}: {rules[check]}"
        row = _line(r.index)
        value = None if r.failure_case is None or column is None else str(r.failure_case)
        out.append(
            Failure(
                f"{table}.csv",
                row,
                None if column is None else str(column),
                rule,
                value,
                rule_id=_rule_id(table, column, check),
            )
        )
    return out


def _line(index: object) -> int | None:
    """The line number pandera reports as a row index (the frame is indexed by line)."""
    return int(str(index)) if str(index).isdigit() else None


def _source_failures(data_dir: Path) -> list[Failure]:
    try:  # hashed in a stream: only a file with the pinned hash is then read whole
        digest = guarded.sha256(data_dir, source.RAW_FILE, guarded.MAX_TEXT_BYTES)
    except guarded.RefusedFile as err:
        if err.rule_id != "file.missing":
            return [_refused(err)]
        return [
            Failure(
                source.RAW_FILE, None, None, "archived source is missing", rule_id="source.missing"
            )
        ]
    if digest != source.RAW_SHA256:
        return [
            Failure(
                source.RAW_FILE,
                None,
                None,
                "archived source changed: SHA-256 is not the archived one",
                digest,
                rule_id="source.hash",
            )
        ]
    out = []
    derived = source.derive_from(data_dir.resolve())
    for rel, want in (
        (source.CLEAN_FILE, derived.clean),
        (source.SIMPLIFIED_FILE, derived.simplified),
    ):
        try:
            text = guarded.read_bytes(data_dir, rel, guarded.MAX_TEXT_BYTES).decode(
                "utf-8", errors="replace"
            )
        except guarded.RefusedFile as err:
            if err.rule_id != "file.missing":
                out.append(_refused(err))
                continue
            text = None
        if text != want:
            out.append(
                Failure(
                    rel,
                    None,
                    None,
                    "stale derived text: differs from the text derived "
                    "from the archived source (run `baicheng-report package`)",
                    rule_id="source.derived",
                )
            )
    return out


def _cross_table(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    out = _key_failures(frames)
    out += _mention_failures(frames)
    out += _tier_failures(frames)
    out += _coverage_failures(frames)
    out += _reading_failures(frames)
    out += _claim_label_failures(frames)
    return out


def _claim_label_failures(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    """Each value the book shows (claims.SHOWN) has its row's labels (registry: `counts`), so
    the book never shows a number without saying what it counts."""
    from baicheng_report.claims import EDITIONS, SHOWN

    out = []
    for shown in SHOWN:
        facts, frame = registry.table(shown.table), frames.get(shown.table)
        base = facts.counts.get(shown.column)
        if frame is None or base is None:
            continue  # a claim without label columns is the registry's error (a test checks)
        for line, row in frame[frame[facts.key] == shown.row_id].iterrows():
            for column in (f"{base}_{lang}" for lang in EDITIONS):
                if pd.isna(row[column]) or not str(row[column]).strip():
                    out.append(
                        Failure(
                            f"{shown.table}.csv",
                            _line(line),
                            column,
                            CROSS_RULES["claims.labelled"],
                            rule_id="claims.labelled",
                        )
                    )
    return out


def _coverage_failures(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    """What of the article must have its row (registry: `covers`), as numeric_mentions does for
    numerals: each match in the text lies where the table says, relative to a row's evidence."""
    derived = checks._derived()
    if derived is None:
        return []
    out = []
    for table in registry.TABLES:
        frame, covers = frames.get(table.name), table.covers
        if frame is None or covers is None:
            continue
        spans = list(zip(frame["char_start"], frame["char_end"], strict=True))
        for match in re.finditer(covers.pattern, derived.simplified):
            if covers.lies == "is_evidence":
                covered = (match.start(), match.end()) in spans
            elif covers.lies == "after_evidence":
                covered = any(end == match.start() for _, end in spans)
            else:
                covered = any(s <= match.start() and match.end() <= e for s, e in spans)
            if not covered:
                out.append(
                    Failure(
                        f"{table.name}.csv",
                        None,
                        None,
                        f"{covers.what} at offset {match.start()} of the simplified text has "
                        "no row",
                        match.group().strip()[:40],
                        rule_id=f"{table.name}.coverage",
                    )
                )
    return out


def _mention_failures(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    mentions = frames.get("numeric_mentions")
    if mentions is None:
        return []
    out = []
    spans: dict[str, dict[object, list[tuple[int, int]]]] = {}
    for table in set(mentions["captured_table"].dropna()) & set(frames):
        target = frames[table]
        by_id: dict[object, list[tuple[int, int]]] = {}
        key = schemas.primary_key(table)
        for rid, start, end in zip(
            target[key], target["char_start"], target["char_end"], strict=True
        ):
            by_id.setdefault(rid, []).append((start, end))
        spans[table] = by_id
    for line, table, cid, start, end in zip(
        mentions.index,
        mentions["captured_table"],
        mentions["captured_id"],
        mentions["char_start"],
        mentions["char_end"],
        strict=True,
    ):
        if pd.isna(table) or table not in spans:
            continue
        hit = spans[table].get(cid)
        if not hit:
            out.append(
                Failure(
                    "numeric_mentions.csv",
                    _line(line),
                    "captured_id",
                    f"foreign key: no row of {table}.csv has this id",
                    str(cid),
                    rule_id="numeric_mentions.captured_id.foreign_key",
                )
            )
        elif not any(s <= start and end <= e for s, e in hit):
            out.append(
                Failure(
                    "numeric_mentions.csv",
                    _line(line),
                    "char_start",
                    f"the numeral lies outside the evidence of {table}.{cid}",
                    str(start),
                    rule_id="numeric_mentions.within_evidence",
                )
            )
    derived = checks._derived()
    if derived is not None:
        listed = set(zip(mentions["char_start"], mentions["char_end"], strict=True))
        text = derived.simplified
        for match in re.finditer(r"\d+", text):
            if (match.start(), match.end()) not in listed:
                out.append(
                    Failure(
                        "numeric_mentions.csv",
                        None,
                        None,
                        f"uncaptured numeral at offset {match.start()} of the "
                        f"simplified text: neither captured nor excused",
                        match.group(),
                        rule_id="numeric_mentions.coverage",
                    )
                )
    return out


def _number(value: object) -> float | None:
    """A cell as a float, or None when it is missing."""
    text = str(value)
    return None if value is None or text in ("nan", "<NA>", "None") else float(text)


def _tier_failures(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    tiers, metrics = frames.get("service_tiers"), frames.get("metrics")
    out: list[Failure] = []
    if tiers is None:
        return out
    by_id = tiers.set_index("tier_id")
    if metrics is not None and "workstations" in by_id.index:
        stations = metrics.loc[metrics["metric_id"] == "police_workstations", "value"].tolist()
        venues = _number(by_id.loc["workstations", "venue_count"])
        if not stations or venues is None or float(stations[0]) != venues:
            out.append(
                Failure(
                    "service_tiers.csv",
                    None,
                    "venue_count",
                    "the workstation tier must serve as many workstations as "
                    "metrics.police_workstations counts",
                    str(venues),
                    rule_id="service_tiers.workstations_match_metrics",
                )
            )
    if {"workstations", "stations"} <= set(by_id.index):
        urban = _number(by_id.loc["workstations", "service_circle_minutes"])
        rural = _number(by_id.loc["stations", "service_circle_minutes"])
        if urban is None or rural is None or not urban < rural:
            out.append(
                Failure(
                    "service_tiers.csv",
                    None,
                    "service_circle_minutes",
                    "the urban service circle must be smaller than the rural one",
                    f"{urban} vs {rural}",
                    rule_id="service_tiers.urban_circle_smaller",
                )
            )
    return out


def _key_failures(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    """Columns that name a row of another table (registry: `foreign_keys`) must name one."""
    out = []
    for table in registry.TABLES:
        for column, target in table.foreign_keys.items():
            if table.name not in frames or target not in frames:
                continue
            key = registry.table(target).key
            known = set(frames[target][key])
            for line, value in frames[table.name][column].items():
                if value not in known:
                    out.append(
                        Failure(
                            f"{table.name}.csv",
                            _line(line),
                            column,
                            f"foreign key: not a {key} of {target}.csv",
                            str(value),
                            rule_id=foreign_key_rule(table.name, column),
                        )
                    )
    return out


_SENTENCE_END = re.compile(r"[。！？\n]")


def _stated_by(start: int, end: int, frames: dict[str, pd.DataFrame]) -> str | None:
    """Where a span of the text sits: in a quotation, in a photo caption, or in neither; None
    when the quotes or the captions are missing or invalid (their own failures say so)."""
    quotes, photos = frames.get("quotes"), frames.get("photos")
    if quotes is None or quotes.empty or photos is None or photos.empty:
        return None
    for rows, where in ((quotes, "bureau_officer_quoted"), (photos, "photo_caption")):
        if ((rows["char_start"] <= start) & (end <= rows["char_end"])).any():
            return where
    return "article_unattributed"


def _reading_failures(frames: dict[str, pd.DataFrame]) -> list[Failure]:
    """Each figure has its reading, and the reading agrees with the figure, the other tables and
    the text: the kind with unit, baseline and 累计, stated_by with the quotes and captions, the
    dating phrase with the figure's sentence, and the facts it relies on with `sources`."""
    readings, metrics = frames.get("metric_readings"), frames.get("metrics")
    if readings is None or metrics is None:
        return []
    file, out = "metric_readings.csv", []
    for mid in sorted(set(metrics["metric_id"]) - set(readings["metric_id"])):
        out.append(
            Failure(
                file,
                None,
                "metric_id",
                "no reading for this metric of metrics.csv",
                mid,
                rule_id="metric_readings.covers_metrics",
            )
        )
    by_id = metrics.set_index("metric_id")
    sources = frames.get("sources")
    derived = checks._derived()
    for line, r in readings.iterrows():
        if r["metric_id"] not in by_id.index:
            continue  # reported as a foreign key
        m = by_id.loc[r["metric_id"]]
        is_change = m["unit"] == "percent" and not pd.isna(m["baseline"])
        if (r["kind"] == "change_without_base") != is_change:
            rule = "kind: change_without_base is exactly a percent metric with a baseline"
            out.append(
                Failure(
                    file, _line(line), "kind", rule, str(r["kind"]), "metric_readings.kind_change"
                )
            )
        if (r["kind"] == "cumulative_total") != ("累计" in m["evidence"]):
            rule = "kind: cumulative_total is exactly a metric whose evidence says 累计"
            out.append(
                Failure(
                    file, _line(line), "kind", rule, str(r["kind"]), "metric_readings.kind_total"
                )
            )
        where = _stated_by(int(m["char_start"]), int(m["char_end"]), frames)
        if (
            where is not None
            and r["stated_by"] != where
            and not (where == "article_unattributed" and r["stated_by"] == "named_outside_source")
        ):
            rule = f"stated_by must be {where}, by where the metric's evidence lies"
            out.append(
                Failure(
                    file,
                    _line(line),
                    "stated_by",
                    rule,
                    str(r["stated_by"]),
                    "metric_readings.stated_by_matches_text",
                )
            )
        if not pd.isna(r["evidence"]) and derived is not None:
            first = min(int(r["char_start"]), int(m["char_start"]))
            last = max(int(r["char_end"]), int(m["char_end"]))
            if _SENTENCE_END.search(derived.simplified[first:last]):
                rule = "the dating phrase is not in the sentence that states the metric"
                out.append(
                    Failure(
                        file,
                        _line(line),
                        "evidence",
                        rule,
                        str(r["evidence"]),
                        "metric_readings.dating_in_sentence",
                    )
                )
        if sources is not None:
            source = sources[sources["source_id"] == r["source_id"]]
            for fact in schema_items(r["relies_on_sources"]):
                if not source.empty and not pd.isna(source.iloc[0][fact]):
                    rule = f"relies on sources.{fact}, which the source states"
                    out.append(
                        Failure(
                            file,
                            _line(line),
                            "relies_on_sources",
                            rule,
                            fact,
                            "metric_readings.relies_on_unstated",
                        )
                    )
    return out


def stale_package(data_dir: Path) -> list[Failure]:
    """datapackage.json as the schemas generate it (names, paths, fields, keys), with the hash
    of every file as it is now."""
    try:
        desc = descriptor(data_dir)
    except DescriptorError as err:
        reason = str(err).removeprefix(f"{DESCRIPTOR}: ")
        return [
            Failure(
                DESCRIPTOR,
                None,
                None,
                f"{reason} (run `baicheng-report package`)",
                rule_id="datapackage.readable",
            )
        ]
    out = [
        Failure(DESCRIPTOR, None, None, d.text, rule_id=d.rule_id)
        for d in descriptor_check.differences(desc)
    ]
    for name, want in descriptor_check.expected_resources().items():
        rel = want["path"]
        found = [
            r
            for r in desc["resources"]
            if isinstance(r, dict) and r.get("name") == name and r.get("path") == rel
        ]
        try:
            digest = guarded.sha256(data_dir, rel, guarded.MAX_TEXT_BYTES)
        except guarded.RefusedFile as err:
            if err.rule_id != "file.missing":
                continue  # refused already, by the file's own check; never read to hash it
            digest = None
        if not found or digest is None:
            out.append(
                Failure(
                    DESCRIPTOR,
                    None,
                    None,
                    f"stale: no resource for {rel}",
                    rule_id="datapackage.resource",
                )
            )
        elif found[0].get("hash") != f"sha256:{digest}":
            out.append(
                Failure(
                    DESCRIPTOR,
                    None,
                    None,
                    f"stale: the hash of {rel} differs (run `baicheng-report package`)",
                    rule_id="datapackage.hash",
                )
            )
    return out


# A table validates the same way while its bytes and the archived source are unchanged, so the
# typed frames of valid tables are kept: `package` validates twice, and tools that validate many
# edited copies pay for the edited table only. Failures are never kept. `sources` is left out: its
# check reads the file its row names.
_VALID: dict[tuple[str, str, str], pd.DataFrame] = {}
_VALID_LIMIT = 128


def _cache_key(name: str, data_dir: Path, raw_sha: str) -> tuple[str, str, str] | None:
    if name == "sources":
        return None
    try:
        return name, guarded.sha256(data_dir, f"{name}.csv", MAX_TABLE_BYTES), raw_sha
    except guarded.RefusedFile:
        return None


def validate_dir(data_dir: Path, check_package: bool = True) -> list[Failure]:
    """Every failure in the data directory; an empty list means valid."""
    failures = _source_failures(data_dir)
    try:
        raw_sha = guarded.sha256(data_dir, source.RAW_FILE, guarded.MAX_TEXT_BYTES)
    except guarded.RefusedFile:
        raw_sha = ""
    frames: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        key = _cache_key(name, data_dir, raw_sha)
        if key is not None and key in _VALID:
            frames[name] = _VALID[key].copy()
            continue
        before = len(failures)
        frame = read_table(data_dir, name, failures)
        if frame is None:
            continue
        typed, found = _schema_failures(name, frame, data_dir)
        failures += found
        if typed is not None:
            frames[name] = typed
            if key is not None and len(failures) == before:  # a skipped row is a failure too
                if len(_VALID) >= _VALID_LIMIT:
                    del _VALID[next(iter(_VALID))]
                _VALID[key] = typed.copy()
    with checks.checking(data_dir):
        failures += _cross_table(frames)
    if check_package:
        failures += stale_package(data_dir)
    return failures
