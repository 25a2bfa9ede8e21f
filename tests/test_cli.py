"""The console script as a user runs it."""

from __future__ import annotations

import baicheng_report as br
from tests.conftest import run_cli


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
