"""`load` reads with dtypes resolved once per descriptor, and a changed descriptor is read anew."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset.tables import DESCRIPTOR


def test_load_hands_pandas_dtype_objects_not_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dtype name costs pandas a lookup through every registered dtype on every call; `load`
    passes the objects it resolved when it first read the descriptor."""
    br.load("metrics")  # the descriptor read and resolved once
    seen: list[dict[str, Any]] = []
    read_csv = pd.read_csv

    def spy(*args: Any, **kwargs: Any) -> pd.DataFrame:
        seen.append(kwargs["dtype"])
        return read_csv(*args, **kwargs)

    monkeypatch.setattr(pd, "read_csv", spy)
    frame = br.load("metrics")
    assert len(seen) == 1 and set(seen[0]) == set(frame.columns)
    names = {column: dtype for column, dtype in seen[0].items() if isinstance(dtype, str)}
    assert names == {}
    assert seen[0]["char_start"] == frame["char_start"].dtype == "int64"


def test_a_changed_descriptor_is_resolved_again(data_copy: Path) -> None:
    """The resolved dtypes belong to one descriptor: edit its fields and the next load reads
    with the new ones (the table's own bytes, and so its hash, stay)."""
    assert br.load("metrics", data_dir=data_copy)["char_start"].dtype == "int64"
    path = data_copy / DESCRIPTOR
    desc = json.loads(path.read_text(encoding="utf-8"))
    (metrics,) = [r for r in desc["resources"] if r["name"] == "metrics"]
    (field,) = [f for f in metrics["schema"]["fields"] if f["name"] == "char_start"]
    field["type"] = "string"
    path.write_text(json.dumps(desc, indent=2), encoding="utf-8")
    assert br.load("metrics", data_dir=data_copy)["char_start"].dtype == pd.StringDtype(
        na_value=float("nan")
    )


def test_bytes_once_verified_are_not_hashed_again_but_a_change_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SHA-256 is skipped only for bytes equal to ones that matched the descriptor: an edit
    that keeps the file's size (and so its look from outside) is still refused."""
    import shutil

    from baicheng_report.dataset import tables
    from baicheng_report.dataset.paths import package_data_dir

    data = tmp_path / "data"
    shutil.copytree(package_data_dir(), data)
    br.load("glossary", data_dir=data)  # verified and remembered
    hashed: list[int] = []
    digest = tables.sha256
    monkeypatch.setattr(tables, "sha256", lambda b: hashed.append(len(b)) or digest(b))
    br.load("glossary", data_dir=data)
    assert hashed == []  # the same bytes: compared, not hashed
    csv = data / "glossary.csv"
    text = csv.read_bytes()
    csv.write_bytes(text.replace(b"one_door", b"one_dooR", 1))
    with pytest.raises(tables.IntegrityError):
        br.load("glossary", data_dir=data)
    assert hashed  # changed bytes were hashed, and refused
