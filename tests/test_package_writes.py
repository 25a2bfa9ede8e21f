"""What `package` and `export` write into a folder that may come from a stranger: a link in a
file's place is replaced, never read through; a folder in a file's place stops the command
before any write, in one line; a new file is readable by whoever reads the folder."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

import baicheng_report as br
from baicheng_report.atomic import write_atomic
from baicheng_report.dataset.validation import validate_dir
from baicheng_report.publish.metadata.files import DATA_FILES
from baicheng_report.publish.package import DERIVED_FILES
from tests.damage import cell
from tests.test_hostile_dirs import run_main

DATA = br.data_path("metrics").parent


@pytest.fixture
def package(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[[Path], tuple[int, str]]:
    """`baicheng-report package --data-dir DIR`, in this process: (exit code, what it printed)."""
    return lambda data: run_main(capsys, monkeypatch, "package", "--data-dir", str(data))


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def test_a_link_is_replaced_even_when_its_target_holds_the_same_bytes(tmp_path: Path) -> None:
    """Equal bytes behind a link are not the file: comparing them would read wherever the link
    points (any size, any place), and keeping the link leaves a file validate refuses."""
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"same")
    link = tmp_path / "file.txt"
    link.symlink_to(target)
    assert write_atomic(link, b"same")
    assert not link.is_symlink() and link.read_bytes() == b"same"
    assert target.read_bytes() == b"same"
    assert not write_atomic(link, b"same")  # now a regular file with those bytes: left alone


def test_a_new_file_is_made_as_any_file_and_a_replaced_one_keeps_its_mode(
    tmp_path: Path,
) -> None:
    mask = os.umask(0o022)
    try:
        new = tmp_path / "new.csv"
        write_atomic(new, b"a\n")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not mkstemp's 0600
        old = tmp_path / "old.csv"
        old.write_bytes(b"a\n")
        old.chmod(0o640)
        write_atomic(old, b"b\n")
        assert stat.S_IMODE(old.stat().st_mode) == 0o640 and old.read_bytes() == b"b\n"
    finally:
        os.umask(mask)


@pytest.mark.parametrize(
    "rel", ["source_repairs.csv", "ro-crate-metadata.json", "datapackage.json"]
)
def test_package_replaces_a_link_in_a_files_place_and_validate_then_passes(
    rel: str, tmp_path: Path, package: Callable[[Path], tuple[int, str]]
) -> None:
    data = _data(tmp_path)
    outside = tmp_path / "outside"
    outside.write_bytes((data / rel).read_bytes())  # the very bytes package would write
    (data / rel).unlink()
    (data / rel).symlink_to(outside)
    code, said = package(data)
    assert code == 0 and f"wrote {rel}" in said, said
    assert not (data / rel).is_symlink()
    assert outside.read_bytes() == (DATA / rel).read_bytes()
    assert validate_dir(data) == []


@pytest.mark.parametrize("rel", [*DERIVED_FILES, *DATA_FILES])
def test_package_stops_before_any_write_at_a_folder_in_a_files_place(
    rel: str, tmp_path: Path, package: Callable[[Path], tuple[int, str]]
) -> None:
    data = _data(tmp_path)
    # an edit that leaves every metadata file stale: each would be written, were any written
    cell("glossary", 1, "definition_en", lambda v: f"{v} Edited.")(data)
    (data / rel).unlink()
    (data / rel).mkdir()
    before = {p: p.stat().st_mtime_ns for p in data.rglob("*") if p.is_file()}
    code, said = package(data)
    assert code == 1 and "Traceback" not in said
    first = said.splitlines()[0]  # validate's line for a text it reads, package's own otherwise
    assert rel in first and "directory" in first.lower(), said
    assert {p: p.stat().st_mtime_ns for p in data.rglob("*") if p.is_file()} == before


def test_export_to_a_place_it_cannot_make_says_where_and_why_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine", encoding="utf-8")
    out = afile / "sub"
    code, said = run_main(capsys, monkeypatch, "export", "--format", "csv", "--out", str(out))
    assert code == 1
    assert said.splitlines() == [f"error: {out}: {os.strerror(20)}"]  # ENOTDIR
    assert afile.read_text(encoding="utf-8") == "mine"
