"""Bad input: each kind of damage is reported by file, row, column and rule, never a traceback,
and `export` and `package` refuse the directory and write nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from baicheng_report.validate import validate_dir
from tests.conftest import run_cli


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _cell(table: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        rows = _rows(d / f"{table}.csv")
        rows[row][rows[0].index(column)] = value
        _write(d / f"{table}.csv", rows)

    return damage


def _bytes(table: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        path = d / f"{table}.csv"
        path.write_bytes(edit(path.read_bytes()))

    return damage


def _huge(table: str, size: int) -> Callable[[Path], None]:
    """Grow a file to `size` bytes without writing them (a sparse file): the validator must
    refuse it by its size, in bounded time and memory."""

    def damage(d: Path) -> None:
        with (d / f"{table}.csv").open("r+b") as handle:
            handle.truncate(size)

    return damage


def _columns(
    table: str, edit: Callable[[list[list[str]]], list[list[str]]]
) -> Callable[[Path], None]:
    def damage(d: Path) -> None:
        _write(d / f"{table}.csv", edit(_rows(d / f"{table}.csv")))

    return damage


# (damage, file named, row named or None, column named or None, words of the rule)
CASES: dict[str, tuple[Callable[[Path], None], str, int | None, str | None, str]] = {
    "empty file": (_bytes("metrics", lambda b: b""), "metrics.csv", None, None, "empty"),
    "header only": (
        _bytes("photos", lambda b: b.split(b"\n")[0] + b"\n"),
        "photos.csv",
        None,
        None,
        "header only",
    ),
    "truncated row": (
        _bytes("quotes", lambda b: b[: b.rindex(b",", 0, len(b) - 40)] + b"\n"),
        "quotes.csv",
        6,
        None,
        "fields",
    ),
    "missing column": (
        _columns("metrics", lambda r: [x[:-1] for x in r]),
        "metrics.csv",
        1,
        None,
        "missing ['char_end']",
    ),
    "extra column": (
        _columns("glossary", lambda r: [[*x, "extra"] for x in r]),
        "glossary.csv",
        1,
        None,
        "unexpected",
    ),
    "renamed column": (
        _columns(
            "photos",
            lambda r: [[("title" if c == "caption_zh" else c) for c in r[0]], *r[1:]],
        ),
        "photos.csv",
        1,
        None,
        "missing ['caption_zh']",
    ),
    "wrong type": (_cell("metrics", 3, "value", "many"), "metrics.csv", 4, "value", "coerce"),
    "negative count": (
        _cell("service_tiers", 1, "item_count", "-129"),
        "service_tiers.csv",
        2,
        "item_count",
        "greater_than",
    ),
    "percent out of range": (
        _cell("metrics", 1, "value", "-150"),
        "metrics.csv",
        2,
        None,
        "percent_in_range",
    ),
    "unknown enum value": (
        _cell("metrics", 2, "unit", "furlong"),
        "metrics.csv",
        3,
        "unit",
        "isin",
    ),
    "duplicate id": (
        _cell("metrics", 2, "metric_id", "criminal_incidents_change"),
        "metrics.csv",
        3,
        "metric_id",
        "unique",
    ),
    "broken foreign key": (
        _cell("photos", 1, "source_id", "0000000000000000"),
        "photos.csv",
        2,
        "source_id",
        "foreign key",
    ),
    "offsets do not match evidence": (
        _cell("glossary", 4, "char_start", "10"),
        "glossary.csv",
        5,
        None,
        "offsets_span_evidence",
    ),
    "evidence not in the source": (
        _cell(
            "photos",
            2,
            "evidence",
            "民警深入快递公司宣传讲解反诈知识,严防犯罪分子利用物流快递公司实施违法犯罪活动!",
        ),
        "photos.csv",
        3,
        None,
        "evidence_round_trips",
    ),
    "value not stated by its evidence": (
        _cell("metrics", 7, "value", "22"),
        "metrics.csv",
        8,
        None,
        "value_stated_in_evidence",
    ),
    "wrong qualifier": (
        _cell("metrics", 20, "qualifier", "exact"),
        "metrics.csv",
        21,
        None,
        "value_stated_in_evidence",
    ),
    "uncaptured numeral": (
        _columns("numeric_mentions", lambda r: [x for x in r if x[0] != "n012"]),
        "numeric_mentions.csv",
        None,
        None,
        "uncaptured numeral",
    ),
    "mention outside its row": (
        _cell("numeric_mentions", 12, "captured_id", "workstation_hours_per_day"),
        "numeric_mentions.csv",
        13,
        "char_start",
        "outside the evidence",
    ),
    "UTF-8 BOM": (
        _bytes("sources", lambda b: b"\xef\xbb\xbf" + b),
        "sources.csv",
        1,
        None,
        "byte-order mark",
    ),
    "CRLF line endings": (
        _bytes("glossary", lambda b: b.replace(b"\n", b"\r\n")),
        "glossary.csv",
        1,
        None,
        "CRLF",
    ),
    "GBK-encoded file": (
        _bytes("quotes", lambda b: b.decode("utf-8").encode("gbk")),
        "quotes.csv",
        2,
        None,
        "not UTF-8",
    ),
    "binary garbage": (
        _bytes("photos", lambda b: bytes(range(256)) * 4),
        "photos.csv",
        1,
        None,
        "NUL byte",
    ),
    "source hash changed": (
        lambda d: (d / "source" / "000_fa7bd7b7798f17a9.txt").write_bytes(
            b"x" + (d / "source" / "000_fa7bd7b7798f17a9.txt").read_bytes()
        ),
        "source/000_fa7bd7b7798f17a9.txt",
        None,
        None,
        "archived source changed",
    ),
    "stale datapackage.json": (
        _bytes("glossary", lambda b: b.replace(b"volunteer police", b"volunteer officers", 1)),
        "datapackage.json",
        None,
        None,
        "stale",
    ),
    "lost flag wrong": (
        _cell("quotes", 2, "has_lost_chars", "false"),
        "quotes.csv",
        3,
        None,
        "lost_flag_matches",
    ),
    "workstations disagree": (
        _cell("service_tiers", 2, "venue_count", "8"),
        "service_tiers.csv",
        3,
        None,
        "figures_in_evidence",
    ),
    "circles reversed": (
        _cell("service_tiers", 3, "service_circle_minutes", "5"),
        "service_tiers.csv",
        4,
        None,
        "figures_in_evidence",
    ),
    "bad boolean": (
        _cell("photos", 1, "file_photo", "maybe"),
        "photos.csv",
        2,
        "file_photo",
        "coerce",
    ),
    "repair log edited": (
        _cell("source_repairs", 100, "replacement", "X"),
        "source_repairs.csv",
        101,
        None,
        "matches_derivation",
    ),
    "very large file": (
        _huge("glossary", 300 * 1024 * 1024),
        "glossary.csv",
        None,
        None,
        "limit",
    ),
}


def test_packaged_data_is_valid(data_dir: Path) -> None:
    assert validate_dir(data_dir) == []


@pytest.mark.parametrize("case", list(CASES))
def test_damage_is_named(case: str, data_copy: Path) -> None:
    damage, file, row, column, words = CASES[case]
    damage(data_copy)
    failures = validate_dir(data_copy)
    hits = [f for f in failures if f.file == file and words in f.rule + str(f.value)]
    assert hits, f"{case}: expected {file} / {words!r}, got {[str(f) for f in failures]}"
    assert any(f.row == row for f in hits) or row is None
    assert any(f.column == column for f in hits) or column is None


REPRESENTATIVE = (
    "GBK-encoded file",
    "duplicate id",
    "source hash changed",
    "truncated row",
    "uncaptured numeral",
    "very large file",
)


@pytest.mark.parametrize("case", list(CASES))
def test_cli_exits_1_and_commands_refuse(case: str, data_copy: Path, tmp_path: Path) -> None:
    CASES[case][0](data_copy)
    before = (data_copy / "datapackage.json").read_bytes()
    result = run_cli("validate", "--data-dir", str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert CASES[case][1] in result.stdout
    out = tmp_path / "out"
    exported = run_cli("export", "--format", "csv", "--out", str(out), "--data-dir", str(data_copy))
    assert exported.returncode == 1 and not out.exists()
    assert "Traceback" not in exported.stderr
    if case in REPRESENTATIVE:  # build refuses through the same validate_dir call as export
        site = tmp_path / "site" / "html"
        built = run_cli("build", "--data-dir", str(data_copy), "--out", str(site))
        assert built.returncode == 1 and not site.parent.exists()
        assert "Traceback" not in built.stderr
    if case in REPRESENTATIVE:
        packaged = run_cli("package", "--data-dir", str(data_copy))
        assert packaged.returncode == 1
        assert (data_copy / "datapackage.json").read_bytes() == before


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("validate", "--data-dir", str(tmp_path / "nope")).returncode == 2
    assert run_cli("export", "--format", "xls", "--out", str(tmp_path)).returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_package_regenerates_after_an_edit(data_copy: Path) -> None:
    _bytes("glossary", lambda b: b.replace(b"volunteer police", b"volunteer officers", 1))(
        data_copy
    )
    assert any("stale" in f.rule for f in validate_dir(data_copy))
    result = run_cli("package", "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert "datapackage.json" in result.stdout
    assert validate_dir(data_copy) == []
