"""The command line: in process (`invoke`), and once end to end as a user runs it (`run_cli`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

import baicheng_report as br
from baicheng_report import cli
from baicheng_report.cli import EXIT_MISSING_DEPENDENCY
from tests.conftest import CLI_ENV, invoke, run_cli


def test_the_console_script_validates_the_packaged_data_end_to_end() -> None:
    result = run_cli("validate")
    assert result.returncode == 0 and result.stdout.startswith("valid")


def test_info_lists_tables_rows_version_and_hash() -> None:
    result = invoke("info")
    assert result.returncode == 0
    assert br.__version__ in result.stdout
    assert "fd79a4995bfd34dd" in result.stdout
    for name in br.list_tables():
        assert f"{name} " in result.stdout
    assert f"{len(br.load('glossary')):>4} rows" in result.stdout


def test_locate_prints_offsets() -> None:
    result = invoke("locate", "1+N")
    start, end = map(int, result.stdout.split())
    assert br.source_text("simplified")[start:end] == "1+N"
    missing = invoke("locate", "不存在的短语")
    assert missing.returncode == 1 and missing.stderr.strip().endswith("not in the simplified text")


def test_locate_says_where_a_phrase_it_cannot_find_is() -> None:
    """Typed with Chinese punctuation (the article's text has ASCII), or in traditional script
    (the clean text), a phrase that is there is not a bare "not found": the hint is the phrase
    as the text writes it, or the variant that holds it, and following it finds the phrase."""
    typed = invoke("locate", "白天见警车，晚上见警灯")
    assert typed.returncode == 1
    written = re.search(r"ASCII punctuation: '(.+)'", typed.stderr)
    assert written and invoke("locate", written.group(1)).returncode == 0
    traditional = invoke("locate", "白天見警車")
    assert traditional.returncode == 1 and "add --variant clean" in traditional.stderr
    assert invoke("locate", "白天見警車", "--variant", "clean").returncode == 0


def test_version_and_help() -> None:
    assert br.__version__ in invoke("--version").stdout
    assert "validate" in invoke("--help").stdout


def test_locate_an_empty_phrase_is_a_usage_error() -> None:
    result = invoke("locate", "")
    assert result.returncode == 2 and "PHRASE is empty" in result.stderr
    assert result.stdout == ""


def test_a_missing_extra_has_its_own_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # impossible to import, as when not installed
    result = invoke("export", "--format", "duckdb", "--out", str(tmp_path / "out"))
    assert result.returncode == EXIT_MISSING_DEPENDENCY == 3
    assert "pip install 'baicheng-report[duckdb]'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_a_missing_pyarrow_has_its_own_exit_code_end_to_end(tmp_path: Path) -> None:
    """In a new interpreter: pandas decides once, at import, whether pyarrow is there, so only a
    process that never had it shows what a user without the extra sees."""
    code = (
        "import sys; sys.modules['pyarrow'] = None; "
        "sys.argv = ['baicheng-report', 'export', '--format', 'parquet', '--out', sys.argv[1]]; "
        "from baicheng_report.cli import main; main()"
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        capture_output=True,
        text=True,
        check=False,
        env=CLI_ENV,
    )
    assert result.returncode == EXIT_MISSING_DEPENDENCY == 3
    assert "pip install 'baicheng-report[parquet]'" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_missing_backend_has_its_own_exit_code_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ImportError that no command turned into a message still exits 3, not 1."""
    monkeypatch.setitem(sys.modules, "polars", None)

    @click.command("polars-rows")
    def rows() -> None:
        click.echo(len(br.load("metrics", backend="polars")))

    monkeypatch.setitem(cli.cli.commands, "polars-rows", rows)
    result = invoke("polars-rows")
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("missing optional dependency: backend='polars' needs polars")
