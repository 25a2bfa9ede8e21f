"""Exports: every format, every table, byte-identical on repeated runs."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import baicheng_report as br
from tests.conftest import invoke


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json", "sqlite"])
def test_export_is_complete_and_deterministic(fmt: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = invoke("export", "--format", fmt, "--out", str(out))
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


def _state(folder: Path) -> dict[str, str | None]:
    """Every entry of a folder: a file's digest, None for a directory."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
        for p in sorted(folder.iterdir())
    }


def test_a_blocked_target_fails_before_any_file_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baicheng_report.publish import export

    out = tmp_path / "out"
    out.mkdir()
    (out / "metrics.json").write_text("[]\n", encoding="utf-8")  # an earlier export's file
    (out / "photos.json").mkdir()  # a target no file can replace, after four that could
    before = _state(out)
    result = invoke("export", "--format", "json", "--out", str(out))
    assert result.returncode == 1 and "photos.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert _state(out) == before
    real, moved = Path.replace, []

    def counted(self: Path, target: Path) -> Path:
        moved.append(self.name)
        return real(self, target)

    monkeypatch.setattr(Path, "replace", counted)
    with pytest.raises(export.ExportError, match="nothing was written"):
        export.export(br.data_path("metrics").parent, out, "json")
    assert moved == []


def test_a_move_that_fails_midway_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baicheng_report.publish import export

    out = tmp_path / "out"
    out.mkdir()
    for name in ("metrics.json", "quotes.json"):
        (out / name).write_text(f"old {name}\n", encoding="utf-8")
    before = _state(out)
    real, moves = Path.replace, []

    def failing(self: Path, target: Path) -> Path:  # the fifth new file cannot move in
        if self.parent.name == "new":
            moves.append(self.name)
            if len(moves) == 5:
                raise PermissionError(13, "Permission denied")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", failing)
    with pytest.raises(export.ExportError, match="left as it was"):
        export.export(br.data_path("metrics").parent, out, "json")
    monkeypatch.undo()
    assert len(moves) == 5
    assert _state(out) == before
