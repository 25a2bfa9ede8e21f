"""The descriptor follows the schemas and passes `frictionless validate`; that it is current is
checked with every other generated file in test_metadata.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from baicheng_report import datapackage, hashing, schemas


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
