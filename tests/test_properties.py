"""Property tests: the repair, evidence matching, and the validator on generated input."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from baicheng_report.dataset import checks, schemas
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.dataset.validation import validate_dir
from baicheng_report.publish import package
from baicheng_report.source import text as source

# Characters of the article itself: GBK-encodable Han characters, as the accident met them.
HAN = sorted(
    {ch for ch in source.derive_from(package_data_dir()).clean if "\u4e00" <= ch <= "\u9fff"}
)
ALIGNER = "過"  # 0xDF 0x5E: out of phase its trail byte reads as ASCII "^" and re-aligns


def _garble(original: str) -> str | None:
    """The accident: GBK bytes decoded one byte late, fullwidth ! folded; None if undecodable."""
    try:
        shifted = original.encode("gbk")[1:].decode("gbk")
    except UnicodeDecodeError:
        return None
    return "?" + shifted.replace("！", "!")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HAN), min_size=1, max_size=30), st.sampled_from(["“", "”"]))
def test_repair_recovers_any_garbled_passage(body: list[str], quote: str) -> None:
    # Passages start with 。 and a quotation mark, both led by byte 0xA1: that is what makes the
    # "?!" marker (0xA1 lost, then 0xA3 0xA1 read as a fullwidth "!").
    original = "。" + quote + "".join(body) + ALIGNER
    garbled = _garble(original)
    assume(garbled is not None and "?" not in garbled[1:])
    assert garbled is not None
    raw = "前文" + garbled + "后文。"
    derived = source.derive(raw)
    change = derived.changes[0]
    assert change.kind == "mojibake" and raw[change.raw_start : change.raw_end] == change.raw_span
    assert "?" not in derived.clean and "!" not in derived.clean
    # The run may end early where an ASCII trail byte re-aligned the decoder; what follows is
    # already in phase. Only a stated inference ("inferred") may change a decoded character.
    if all(c.confidence == "exact" for c in derived.changes):
        assert derived.clean == "前文" + original + "后文。"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(HAN), min_size=1, max_size=20),
    st.lists(st.sampled_from(["(zhèn)", "(lián)", "(qū)"]), min_size=0, max_size=5),
)
def test_derivation_keeps_offsets(body: list[str], annotations: list[str]) -> None:
    text = "".join(
        ch + (annotations[i] if i < len(annotations) else "") for i, ch in enumerate(body)
    )
    derived = source.derive(text)
    assert "(" not in derived.clean
    assert len(derived.clean) == len(derived.simplified)
    for change, (start, end) in zip(derived.changes, derived.clean_spans, strict=True):
        assert derived.raw[change.raw_start : change.raw_end] == change.raw_span
        assert derived.clean[start:end] == change.replacement


@given(
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from(["", "余", "不到"]),
    st.sampled_from(["", "万"]),
    st.sampled_from(["人次", "元", "项", "个"]),
)
def test_evidence_matching_reads_qualified_values(n: int, word: str, mag: str, unit: str) -> None:
    written = f"不到{n}{mag}" if word == "不到" else f"{n}{word}{mag}"
    evidence = f"累计服务{written}{unit}"
    qualifier = {"": "exact", "余": "more_than", "不到": "less_than"}[word]
    value = float(n * (10_000 if mag else 1))
    frame = pd.DataFrame(
        {
            "value": [value, value + 1],
            "unit": ["count", "count"],
            "qualifier": [qualifier, qualifier],
            "value_text": [written, written],
            "evidence": [evidence, evidence],
        }
    )
    assert checks.value_stated_in_evidence(frame).tolist() == [True, False]


# The word after a figure, and the one unit it states.
WORDS = {"分钟": "minute", "小时": "hour", "人次": "person_time", "元": "yuan", "个": "count"}
WORDS |= {"项": "count", "家": "count", "": None, "年": None, "%": "percent"}


@given(
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from(sorted(WORDS)),
    st.sampled_from(["percent", "count", "minute", "hour", "person_time", "yuan"]),
)
def test_the_unit_is_the_one_the_word_after_the_figure_states(n: int, word: str, unit: str) -> None:
    written = f"{n}%" if word == "%" else str(n)
    frame = pd.DataFrame(
        {
            "unit": [unit],
            "value_text": [written],
            "evidence": [f"共{written}{'' if word == '%' else word}"],
        }
    )
    assert checks.unit_stated_in_evidence(frame).tolist() == [WORDS[word] == unit]


CELLS = st.one_of(
    st.text(max_size=12),
    st.integers().map(str),
    st.floats().map(str),
    st.sampled_from(["", "true", "-1", "1e309", "\u25a1", "NaN", "None", "0"]),
)
DATA = package_data_dir()
TABLES = [n for n in TABLE_NAMES if n not in ("sources", "source_repairs")]  # one row; generated


def _corrections_of(
    data: Path, table: str, rows: list[list[str]], row: int, column: str, *, original: str
) -> set[int]:
    """The lines of corrections.csv that correct this cell (as it was): an edit of a corrected
    cell is named there, by the correction whose new value no longer holds."""
    key = schemas.primary_key(table)
    row_id = original if column == key else rows[row][rows[0].index(key)]
    text = (data / "corrections.csv").read_text(encoding="utf-8")
    return {
        line
        for line, c in enumerate(csv.DictReader(io.StringIO(text)), start=2)
        if (c["table"], c["row_id"], c["column"]) == (table, row_id, column)
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.sampled_from(TABLES),
    row=st.integers(min_value=1, max_value=3),
    column=st.integers(min_value=0, max_value=20),
    value=st.one_of(CELLS, st.just(None)),
)
def test_an_edit_is_valid_or_named_by_its_row_and_column(
    table: str, row: int, column: int, value: str | None
) -> None:
    """The oracle for any one-cell edit: either the table stays valid, and then `package` followed
    by `validate` passes, or a failure names the edited row (and column, or the whole row for a
    table-wide rule); never only the stale hash, never an exception. An edited id may instead be
    named by the rows that point at it. `None` re-writes a cell of another row unchanged."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(DATA, data)
        path = data / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        col = column % len(rows[0])
        name, original = rows[0][col], rows[row][col]
        rows[row][col] = original if value is None else value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")

        failures = validate_dir(data)
        own = [f for f in failures if not f.rule_id.startswith("datapackage.")]
        if not own:
            assert package.run(data)[0] == []
            assert validate_dir(data) == []
            return
        line = row + 1
        corrected = _corrections_of(data, table, rows, row, name, original=original)
        named = [
            f
            for f in own
            if (f.file == path.name and f.row == line and f.column in (name, None))
            or (f.file != path.name and f.value == original)
            or (f.file == "corrections.csv" and f.row in corrected)
        ]
        assert named, f"{table}:{line} {name}={value!r}: {[str(f) for f in failures]}"
