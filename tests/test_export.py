"""Exports: every format, every table, byte-identical on repeated runs."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import baicheng_report as br
from tests.conftest import run_cli


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json", "sqlite"])
def test_export_is_complete_and_deterministic(fmt: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run_cli("export", "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
    assert _digests(first) == _digests(second)
    tables = br.list_tables()
    if fmt == "sqlite":
        con = sqlite3.connect(first / "baicheng_report.sqlite")
        names = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        assert names == set(tables)
        assert con.execute("select count(*) from metrics").fetchone()[0] == len(br.load("metrics"))
        con.close()
        return
    assert sorted(p.stem for p in first.iterdir()) == sorted(tables)
    if fmt == "parquet":
        back = pd.read_parquet(first / "metrics.parquet")
        pd.testing.assert_frame_equal(back, br.load("metrics"), check_dtype=False)
    if fmt == "json":
        rows = json.loads((first / "quotes.json").read_text(encoding="utf-8"))
        assert rows[0]["text_zh"] == br.load("quotes")["text_zh"][0]
