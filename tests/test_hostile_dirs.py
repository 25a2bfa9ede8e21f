"""Every hostile directory of tests/hostile.py through every command that reads a data directory:
`validate` names it, the readers (`load`, `source_text`, `info`) refuse what they would read,
`export` writes nothing, and no command prints the planted secret or a traceback."""

from __future__ import annotations

import builtins
import io
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

import baicheng_report as br
from baicheng_report import cli
from baicheng_report.dataset.guarded import RefusedFile
from baicheng_report.dataset.tables import DescriptorError, IntegrityError
from baicheng_report.dataset.validation import validate_dir
from tests import hostile
from tests.conftest import ROOT
from tests.damage import edit_bytes

DATA = br.data_path("metrics").parent
# What each case must stop a reader from reading: a table (load) or a text (source_text).
# The others describe the tables wrongly without naming other bytes: `validate` answers them.
READS: dict[str, tuple[str, str]] = {
    "duplicate resource pointing outside": ("table", "metrics"),
    "resource path with ..": ("table", "metrics"),
    "absolute resource path": ("table", "quotes"),
    "descriptor is a symlink": ("table", "sources"),
    "descriptor of 200 MB": ("table", "sources"),
    "descriptor not JSON": ("table", "sources"),
    "descriptor without a version": ("table", "sources"),
    "table without a title": ("table", "metrics"),
    "hash that is a list": ("table", "metrics"),
    "constraints that are not an object": ("table", "metrics"),
    "id typed as a number": ("table", "metrics"),
    "descriptor nested too deep": ("table", "sources"),
    "descriptor in UTF-16": ("table", "sources"),
    "table is a symlink to a file outside": ("table", "metrics"),
    "table is a symlink to /dev/zero": ("table", "photos"),
    "table is a FIFO": ("table", "glossary"),
    "table of 200 MB": ("table", "glossary"),
    "source folder is a symlink": ("text", "raw"),
    "simplified text cut short": ("text", "simplified"),
    "simplified text in GB18030": ("text", "simplified"),
    "archived source of 200 MB": ("text", "raw"),
}


def _damaged(name: str, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    hostile.CASES[name].damage(data)
    return data


def run_main(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str]:
    """The console script's entry point, in this process: (exit code, stdout + stderr)."""
    monkeypatch.setattr(sys, "argv", ["baicheng-report", *args])
    try:
        cli.main()
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_every_command_refuses_and_never_echoes(
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _damaged(name, tmp_path)
    case = hostile.CASES[name]
    code, said = run_main(capsys, monkeypatch, "validate", "--data-dir", str(data))
    assert code == 1
    assert any(line.startswith(f"{case.file}:") for line in said.splitlines()), said
    printed = [said]
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("kept", encoding="utf-8")
    code, said = run_main(
        capsys, monkeypatch, "export", "--format", "csv", "--out", str(out), "--data-dir", str(data)
    )
    assert code == 1 and sorted(p.name for p in out.iterdir()) == ["keep.txt"], said
    printed.append(said)
    code, said = run_main(capsys, monkeypatch, "info", "--data-dir", str(data))
    if READS.get(name, ("",))[0] == "table":  # info reads every table
        assert code == 1 and "invalid data:" in said, said
    printed.append(said)
    code, said = run_main(
        capsys, monkeypatch, "cite", "metrics.police_workstations.value", "--data-dir", str(data)
    )
    assert code in (0, 1), said
    printed.append(said)
    code, said = run_main(capsys, monkeypatch, "locate", "白城", "--data-dir", str(data))
    assert code in (0, 1), said
    printed.append(said)
    site = tmp_path / "site" / "html"
    code, said = run_main(
        capsys, monkeypatch, "build", "--book-dir", str(ROOT), "--out", str(site),
        "--data-dir", str(data),
    )  # fmt: skip
    assert code == 1 and "nothing was built" in said and not site.parent.exists(), said
    printed.append(said)
    for text in printed:
        assert hostile.SECRET not in text and "Traceback" not in text
        assert not re.search(r"^error: \w+(Error|Exception):", text, re.M), text  # the catch-all
        assert "fabricated" not in text


@pytest.mark.parametrize("name", list(READS))
def test_readers_refuse_by_name(name: str, tmp_path: Path) -> None:
    data = _damaged(name, tmp_path)
    kind, what = READS[name]
    read = br.load if kind == "table" else br.source_text
    with pytest.raises((RefusedFile, DescriptorError, IntegrityError)) as err:
        read(what, data_dir=data)  # type: ignore[operator]
    message = str(err.value)
    assert hostile.SECRET not in message
    assert message.startswith(("datapackage.json:", f"{what}.csv:", "source/")), message


def test_a_table_over_the_cap_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused by its size alone: no open() of any kind reaches the 200 MB file."""
    data = _damaged("table of 200 MB", tmp_path)
    opened: list[str] = []
    for module, name in ((os, "open"), (builtins, "open"), (io, "open")):
        real = getattr(module, name)

        def spy(path: object, *args: object, _real: object = real, **kwargs: object) -> object:
            opened.append(os.fspath(path) if isinstance(path, str | os.PathLike) else "")
            return _real(path, *args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(module, name, spy)
    failures = validate_dir(data)
    monkeypatch.undo()
    assert [f.rule_id for f in failures if f.file == "glossary.csv"] == ["file.size_limit"]
    assert not [p for p in opened if p.endswith("glossary.csv")]


def test_descriptor_difference_reads_as_the_issue_says(tmp_path: Path) -> None:
    data = _damaged("field type changed", tmp_path)
    index = br.list_tables().index("metrics")
    assert [str(f) for f in validate_dir(data)] == [
        f"datapackage.json: resources[{index}] (metrics): field value: type string, "
        "the schema says number"
    ]


def test_a_cell_over_the_field_limit_leaves_the_other_failures_reported(tmp_path: Path) -> None:
    data = _damaged("cell over the CSV field limit", tmp_path)
    edit_bytes("metrics.csv", lambda b: b"")(data)
    named = {(f.file, f.row, f.rule_id) for f in validate_dir(data)}
    assert ("glossary.csv", hostile.GLOSSARY_END + 1, "csv.field_limit") in named
    assert ("metrics.csv", None, "file.empty") in named


def test_a_file_is_hashed_in_a_stream(tmp_path: Path) -> None:
    """Hashing a file under the cap holds a chunk at a time, never the whole file."""
    import hashlib
    import tracemalloc

    from baicheng_report.dataset import guarded

    size = 16 * 1024 * 1024
    with (tmp_path / "article.txt").open("wb") as handle:
        handle.truncate(size)  # sparse: zeros without writing them
    tracemalloc.start()
    try:
        digest = guarded.sha256(tmp_path, "article.txt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert digest == hashlib.sha256(bytes(size)).hexdigest()
    assert peak < size // 4


@pytest.mark.parametrize("rel", ["../outside.csv", "/etc/passwd", "source/../../outside.csv", ""])
def test_paths_that_leave_the_directory_are_refused(rel: str, tmp_path: Path) -> None:
    from baicheng_report.dataset import guarded

    data = tmp_path / "data"
    data.mkdir()
    hostile.outside(data)
    with pytest.raises(RefusedFile) as err:
        guarded.read_bytes(data, rel)
    assert err.value.rule_id == "file.outside" and hostile.SECRET not in str(err.value)


def test_a_folder_swapped_for_a_link_after_the_check_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baicheng_report.dataset import guarded

    data = tmp_path / "data"
    (data / "source").mkdir(parents=True)
    (data / "source" / "a.txt").write_text("inside\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text(hostile.SECRET, encoding="utf-8")
    real = guarded.locate

    def then_swap(*args: object) -> object:
        found = real(*args)  # type: ignore[arg-type]
        (data / "source" / "a.txt").unlink()
        (data / "source").rmdir()
        (data / "source").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        return found

    monkeypatch.setattr(guarded, "locate", then_swap)
    with pytest.raises(RefusedFile) as err:
        guarded.read_bytes(data, "source/a.txt")
    assert err.value.rule_id == "file.not_regular" and hostile.SECRET not in str(err.value)
