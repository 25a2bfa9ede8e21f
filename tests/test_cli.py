"""The console script as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import baicheng_report as br
from baicheng_report.cli import EXIT_MISSING_DEPENDENCY
from tests.conftest import CLI_ENV, run_cli


def test_validate_passes_on_the_packaged_data() -> None:
    result = run_cli("validate")
    assert result.returncode == 0 and result.stdout.startswith("valid")


def test_info_lists_tables_rows_version_and_hash() -> None:
    result = run_cli("info")
    assert result.returncode == 0
    assert br.__version__ in result.stdout
    assert "fd79a4995bfd34dd" in result.stdout
    for name in br.list_tables():
        assert f"{name} " in result.stdout
    assert f"{len(br.load('glossary')):>4} rows" in result.stdout


def test_locate_prints_offsets() -> None:
    result = run_cli("locate", "1+N")
    start, end = map(int, result.stdout.split())
    assert br.source_text("simplified")[start:end] == "1+N"
    assert run_cli("locate", "不存在的短语").returncode == 1


def test_version_and_help() -> None:
    assert br.__version__ in run_cli("--version").stdout
    assert "validate" in run_cli("--help").stdout


def test_locate_an_empty_phrase_is_a_usage_error() -> None:
    result = run_cli("locate", "")
    assert result.returncode == 2 and "PHRASE is empty" in result.stderr
    assert result.stdout == ""


def _without(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command run with `module` impossible to import, as when its extra is not installed."""
    code = (
        f"import sys; sys.modules[{module!r}] = None; sys.argv = ['baicheng-report', *{args!r}]; "
        "from baicheng_report.cli import main; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=CLI_ENV
    )


@pytest.mark.parametrize(
    ("module", "args"),
    [
        ("duckdb", ("export", "--format", "duckdb")),
        ("pyarrow", ("export", "--format", "parquet")),
    ],
)
def test_a_missing_extra_has_its_own_exit_code(
    module: str, args: tuple[str, ...], tmp_path: Path
) -> None:
    result = _without(module, *args, "--out", str(tmp_path / "out"))
    assert result.returncode == EXIT_MISSING_DEPENDENCY == 3
    assert "pip install 'baicheng-report[" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_backend_has_its_own_exit_code_too() -> None:
    """An ImportError that no command turned into a message still exits 3, not 1."""
    code = (
        "import sys; sys.modules['polars'] = None\n"
        "import click, baicheng_report as br\n"
        "from baicheng_report import cli\n"
        "@cli.cli.command('polars-rows')\n"
        "def rows() -> None:\n"
        "    click.echo(len(br.load('metrics', backend='polars')))\n"
        "sys.argv = ['baicheng-report', 'polars-rows']; cli.main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=CLI_ENV
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("missing optional dependency: backend='polars' needs polars")
