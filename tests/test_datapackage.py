"""The descriptor follows the schemas and passes `frictionless validate`; that it is current is
checked with every other generated file in test_metadata.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

import baicheng_report as br
from baicheng_report import hashing
from baicheng_report.dataset import registry, schemas
from baicheng_report.publish import datapackage
from baicheng_report.publish.metadata.columns import Column, columns


def test_descriptor_follows_the_schemas(data_dir: Path) -> None:
    desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: r for r in desc["resources"] if r.get("type") == "table"}
    assert set(tables) == set(schemas.MODELS)
    for name, res in tables.items():
        assert [f["name"] for f in res["schema"]["fields"]] == schemas.columns(name)
        assert res["schema"]["primaryKey"] == [schemas.primary_key(name)]
        assert all(f["title"] and f["description"] for f in res["schema"]["fields"])
        assert res["hash"] == "sha256:" + hashing.sha256((data_dir / res["path"]).read_bytes())
    units = next(f for f in tables["metrics"]["schema"]["fields"] if f["name"] == "unit")
    assert units["constraints"]["enum"] == [
        "percent",
        "count",
        "minute",
        "hour",
        "person_time",
        "yuan",
    ]


def test_frictionless_validates_the_package(data_dir: Path) -> None:
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(exe), "validate", "--json", str(data_dir / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], result.stdout[:2000]
    assert len(report["tasks"]) == len(schemas.MODELS) + len(datapackage.TEXT_RESOURCES)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_ASCII_WORDS = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # three words: English prose


def _titled(table: str) -> list[tuple[Column, pd.Series]]:
    frame = br.load(table)  # type: ignore[arg-type]
    return [(c, frame[c.name].dropna()) for c in columns(table)]


def test_a_title_says_what_its_values_are() -> None:
    """In both languages: the language of a text column's cells, a code as a code, a list as a
    list, and the unit of a number (7×24 is days a week × hours a day)."""
    wrong = []
    for table in registry.TABLE_NAMES:
        for column, cells in _titled(table):
            text = cells.astype(str)
            said = f"{column.title} / {column.title_zh}"
            where = f"{table}.{column.name}: {said}"
            prose = len(text) > 0 and text.map(lambda v: bool(_ASCII_WORDS.search(v))).all()
            chinese = len(text) > 0 and text.map(lambda v: bool(_HAN.search(v))).all()
            if column.type == "string" and prose and not chinese:
                ok = "(en)" in column.title and "英文" in column.title_zh
            elif column.type == "string" and chinese and not text.str.contains("[A-Za-z]").any():
                ok = "(zh)" in column.title and "中文" in column.title_zh
            elif "enum" in column.constraints:
                ok = ("code" in column.title or "name" in column.title) and (
                    "代码" in column.title_zh or "名" in column.title_zh
                )
            elif column.type == "list":
                ok = "list" in column.title and "列表" in column.title_zh
            elif column.unit and column.type in ("integer", "number"):
                named = column.unit.removeprefix("given by ")
                ok = named in column.title.lower()
            else:
                continue
            if not ok:
                wrong.append(where)
    assert wrong == []
    tiers = {c.name: c for c in columns("service_tiers")}
    assert "days a week × hours a day" in tiers["self_service"].title
    assert "每周天数×每天小时数" in tiers["self_service"].title_zh


def test_the_dictionary_file_says_what_each_code_means_in_both_languages(data_dir: Path) -> None:
    """DICTIONARY.md, under each table with coded columns: every code with its English words and,
    in brackets, its Chinese ones (the registry's, which `trace` and the book show)."""
    text = (data_dir / "DICTIONARY.md").read_text(encoding="utf-8")
    for table in registry.TABLES:
        section = text[text.index(f"## `{table.name}`") :]
        section = section[: section.find("\n## ", 1)]
        for column, codes in table.codes.items():
            line = next(x for x in section.splitlines() if x.startswith(f"- **`{column}`**: "))
            for code, words in codes.items():
                assert f"`{code}` {words['en']} ({words['zh']})" in line, (table.name, code)


def test_the_dictionary_file_gives_the_version_that_added_a_column(data_dir: Path) -> None:
    text = (data_dir / "DICTIONARY.md").read_text(encoding="utf-8")
    row = next(x for x in text.splitlines() if x.startswith("| `area_zh` |"))
    assert "(Added in 0.3.0; replaces `area`.)" in row
    assert "Added in" not in next(x for x in text.splitlines() if x.startswith("| `metric_id` |"))
