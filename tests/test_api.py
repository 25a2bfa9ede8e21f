"""The public API: names, typed loads, integrity check, texts, citation; and a light import."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset.tables import IntegrityError
from tests.conftest import ROOT, loaded_by


def test_list_tables_matches_the_descriptor(data_dir: Path) -> None:
    desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r["name"] for r in desc["resources"] if r.get("type") == "table"]
    assert br.list_tables() == tables


@pytest.mark.parametrize("name", br.list_tables())
def test_load_is_typed_and_passes_its_schema(name: br.TableName) -> None:
    frame = br.load(name, validate=True)
    assert not frame.empty
    schema = br.schema(name).to_schema()
    assert set(frame.columns) == set(schema.columns)
    for column, spec in schema.columns.items():
        dtype = str(frame[column].dtype)
        if str(spec.dtype).startswith(("int", "Int")):
            assert dtype in ("int64", "Int64"), (column, dtype)
        elif str(spec.dtype) == "float64":
            assert dtype == "float64", (column, dtype)


def test_load_rejects_unknown_names() -> None:
    with pytest.raises(KeyError, match="unknown table"):
        br.load("nope")  # type: ignore[arg-type]


def test_the_references_table_of_tables_gives_each_tables_row_count() -> None:
    """docs/reference.md lists every table with its rows: a count that goes stale misleads."""
    text = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    stated = {m[1]: int(m[2]) for m in re.finditer(r"^\| `(\w+)` \| (\d+) \|", text, re.M)}
    assert stated == {name: len(br.load(name)) for name in br.list_tables()}


@pytest.mark.parametrize("name", [3, ["metrics"], None], ids=["int", "list", "None"])
def test_a_name_of_the_wrong_type_is_a_type_error_that_says_so(name: object) -> None:
    with pytest.raises(TypeError, match=r"^a table name is a str such as 'metrics', not \w+$"):
        br.load(name)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"^a table name is a str"):
        br.describe(name)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^an address is a str, table\.row\.column, not \w+$"):
        br.trace(name)  # type: ignore[arg-type]


def test_a_missing_data_directory_is_named_as_such(tmp_path: Path) -> None:
    gone = tmp_path / "nowhere"
    with pytest.raises(br.DescriptorError, match=f"^{re.escape(str(gone))}: no such data dir"):
        br.load("metrics", data_dir=gone)
    # a directory without its descriptor (a folder of exported CSVs): the descriptor is named,
    # and the directory, as not a data directory, with what makes one
    exported = tmp_path / "exported"
    exported.mkdir()
    shutil.copyfile(br.data_path("metrics"), exported / "metrics.csv")
    missing = f"^datapackage\\.json: file is missing: {re.escape(str(exported))} is not a data dir"
    with pytest.raises(br.DescriptorError, match=missing) as err:
        br.load("metrics", data_dir=exported)
    assert "baicheng-report package" in str(err.value)


def test_load_with_validate_says_what_validate_says(data_copy: Path) -> None:
    """The same lines, numbered by the file's lines, with the cause a rule depends on: here the
    archived source is gone, so the rules that read it are not run (no row fails a comparison
    with no text), and a value its evidence does not state is still named."""
    from baicheng_report.dataset.validation import validate_dir
    from baicheng_report.source.text import RAW_FILE
    from tests.damage import rehash

    (data_copy / RAW_FILE).unlink()
    metrics = data_copy / "metrics.csv"
    metrics.write_text(metrics.read_text("utf-8").replace(",-29,percent", ",-30,percent"), "utf-8")
    rehash(data_copy)  # the descriptor vouches for the edit: validation, not the hash, judges it
    with pytest.raises(ValueError, match=RAW_FILE) as err:
        br.load("metrics", validate=True, data_dir=data_copy)
    lines = str(err.value).splitlines()
    assert lines[0].startswith(f"{RAW_FILE}: ")
    assert [line.split(": ")[1] for line in lines[1:]] == ["value_stated_in_evidence"]
    assert set(lines) <= {str(f) for f in validate_dir(data_copy)}


def test_load_refuses_bytes_that_did_not_pass_validation(data_copy: Path) -> None:
    path = data_copy / "photos.csv"
    path.write_bytes(path.read_bytes().replace("李涛".encode(), "李滔".encode(), 1))
    with pytest.raises(br.IntegrityError, match=r"photos\.csv"):
        br.load("photos", data_dir=data_copy)
    assert br.IntegrityError is IntegrityError  # the class the data layer raises, made public


def test_every_headline_figure_is_in_the_data() -> None:
    metrics = br.load("metrics").set_index("metric_id")["value"]
    assert metrics["criminal_incidents_change"] == -22
    assert metrics["public_order_incidents_change"] == -63
    changes = metrics[[i for i in metrics.index if i.startswith("traffic_")]]
    assert sorted(changes) == [-49, -36, -29, -13]
    assert metrics["people_served_total"] == 600_000
    tiers = br.load("service_tiers").set_index("tier_id")
    assert tiers["item_count"].to_dict() == {"hall": 129, "workstations": 26, "stations": 97}
    cases = br.load("response_cases").set_index("case_id")
    assert cases["duration_value"].dropna().to_dict() == {
        "changqingqiao_alert": 3.0,
        "economic_zone_pursuit": 13.0,
    }


def test_evidence_round_trips_in_every_table() -> None:
    text = br.source_text("simplified")
    for name in br.list_tables():
        frame = br.load(name)
        if "evidence" not in frame:
            continue
        for row in frame[frame["evidence"].notna()].itertuples():  # some tables date by a phrase
            assert text[int(row.char_start) : int(row.char_end)] == row.evidence, (name, row)


def test_source_text_variants() -> None:
    raw, clean, simple = (br.source_text(v) for v in ("raw", "clean", "simplified"))
    assert "(zhèn)" in raw and "(zhèn)" not in clean
    assert clean.startswith("鎮賚縣") and simple.startswith("镇赉县")
    with pytest.raises(ValueError, match="variant"):
        br.source_text("pinyin")  # type: ignore[arg-type]


def test_data_path_points_at_the_csv() -> None:
    frame = pd.read_csv(br.data_path("glossary"))
    assert len(frame) == len(br.load("glossary"))


def test_citation_styles() -> None:
    assert br.citation("bibtex").startswith("@misc{") and br.__version__ in br.citation("bibtex")
    assert "[Data set]" in br.citation("apa")
    with pytest.raises(ValueError, match="style"):
        br.citation("mla")  # type: ignore[arg-type]


def test_load_imports_no_report_or_validation_stack() -> None:
    # pyarrow is not listed: pandas 3 imports it itself for its string dtype.
    heavy = {"pandera", "altair", "papermill", "jupyter_book", "nbformat", "opencc", "click"}
    assert loaded_by("import baicheng_report as br; br.load('metrics')", heavy | {"IPython"}) == []


def test_a_no_change_build_check_imports_no_data_or_report_stack() -> None:
    """`baicheng-report build` with nothing changed only hashes its inputs: the build module
    must not pull in pandas, pandera or the Jupyter stack before it knows there is work."""
    heavy = {"pandas", "pandera", "altair", "papermill", "jupyter_book", "sphinx", "playwright"}
    assert loaded_by("import baicheng_report.report.build", heavy) == []


def test_dir_shows_the_api_and_nothing_it_imports() -> None:
    assert dir(br) == sorted(br.__all__)
    for helper in ("Path", "Literal", "read", "resolve", "check_name", "TYPE_CHECKING"):
        assert helper not in dir(br)


def test_the_default_source_text_is_the_one_offsets_index() -> None:
    text = br.source_text()
    assert text == br.source_text("simplified")
    row = br.load("metrics").iloc[0]
    assert text[int(row["char_start"]) : int(row["char_end"])] == row["evidence"]


@pytest.mark.parametrize("name", br.list_tables())
def test_describe_is_the_descriptor_with_both_titles(name: br.TableName, data_dir: Path) -> None:
    desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in desc["resources"] if r["name"] == name)
    fields = resource["schema"]["fields"]
    table = br.describe(name)
    assert list(table["column"]) == [f["name"] for f in fields]
    assert list(table["type"]) == [f["type"] for f in fields]
    assert list(table["title_en"]) == [f["title"] for f in fields]
    assert list(table["required"]) == [f["constraints"]["required"] for f in fields]
    assert table["title_zh"].str.len().min() > 0  # every column is titled in Chinese too
    assert list(table.loc[table["primary_key"], "column"]) == resource["schema"]["primaryKey"]
    references = {
        fk["fields"][0]: "{resource}.{fields[0]}".format(**fk["reference"])
        for fk in resource["schema"].get("foreignKeys", [])
    }
    assert dict(zip(table["column"], table["foreign_key"], strict=True)) == {
        f["name"]: references.get(f["name"], "") for f in fields
    }
    assert (
        table.attrs
        == br.load(name).attrs
        == {
            "table": name,
            "title": resource["title"],
            "description": resource["description"],
        }
    )


def test_describe_gives_units_and_warns_where_a_sum_misleads() -> None:
    tiers = br.describe("service_tiers").set_index("column")
    assert tiers.loc["item_count", "unit"] == "count"
    assert "Do not add" in tiers.loc["item_count", "note"]
    assert tiers.loc["service_circle_minutes", "unit"] == "minute"
    assert br.describe("metrics").set_index("column").loc["value", "unit"] == "given by unit"
    assert br.describe("metric_readings").set_index("column").loc["metric_id", "foreign_key"] == (
        "metrics.metric_id"
    )


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_load_all_takes_the_backend_load_takes(backend: br.Backend) -> None:
    tables = br.load_all(backend=backend)
    assert list(tables) == br.list_tables()
    for name, table in tables.items():
        assert type(table) is type(br.load(name, backend=backend))
        assert table.shape == br.load(name, backend=backend).shape
