"""Every metadata file is generated from the facts record and the schemas, is current, and passes
the validator of its standard, offline: Data Package v2 (the official JSON Schema profiles),
CSVW (`csvw`), RO-Crate 1.1 (`roc-validator`, `rocrate`)."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import warnings
from importlib.metadata import version as dist_version
from importlib.resources import files
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

import baicheng_report as br
from baicheng_report.dataset import schemas
from baicheng_report.meta import DATASET
from baicheng_report.publish import datapackage
from baicheng_report.publish.metadata import citation_files, csvw_tables, ro_crate, schema_org
from baicheng_report.publish.metadata import files as metadata_files
from baicheng_report.publish.metadata.columns import all_columns
from baicheng_report.report.build import chapters
from baicheng_report.source import text as source
from tests.conftest import EDITIONS, PDF_FLAGS, ROOT, edition_site, invoke

GENERATED = [*metadata_files.data_files(ROOT / "data"), *metadata_files.repo_files()]


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# Staleness -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", GENERATED)
def test_generated_file_is_current(rel: str, data_dir: Path) -> None:
    expected = {**metadata_files.data_files(data_dir), **metadata_files.repo_files()}[rel]
    where = data_dir / rel if rel in metadata_files.data_files(data_dir) else ROOT / rel
    assert where.read_bytes() == expected, f"{rel} is stale: run `baicheng-report package`"


def test_package_writes_every_generated_file(data_copy: Path, data_dir: Path) -> None:
    for rel in metadata_files.data_files(data_dir):
        (data_copy / rel).unlink()
    result = invoke("package", "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    for rel in metadata_files.data_files(data_dir):
        assert f"wrote {rel}" in result.stdout
        # Paths inside the crate and the descriptors are relative, so a copy describes itself
        # with the same bytes.
        assert (data_copy / rel).read_bytes() == (data_dir / rel).read_bytes(), rel
    # A folder that is not a source checkout gets no repository files.
    assert not (data_copy.parent / citation_files.ZENODO).exists()


def test_every_view_states_the_same_facts(data_dir: Path) -> None:
    package = _json(data_dir / "datapackage.json")
    crate = {e["@id"]: e for e in _json(data_dir / ro_crate.FILE)["@graph"]}
    zenodo = _json(ROOT / citation_files.ZENODO)
    cff = yaml.safe_load((ROOT / citation_files.CFF).read_text(encoding="utf-8"))
    tables = _json(data_dir / csvw_tables.FILE)
    jsonld = schema_org.dataset([])
    installed = dist_version("baicheng-report")
    versions = {
        package["version"],
        crate["./"]["version"],
        zenodo["version"],
        cff["version"],
        tables["dc:hasVersion"],
        jsonld["version"],
    }
    assert versions == {installed}
    titles = {package["title"], crate["./"]["name"], zenodo["title"], cff["title"], jsonld["name"]}
    assert titles == {tables["dc:title"]}
    assert package["licenses"][0]["path"] == crate["./"]["license"]["@id"] == jsonld["license"]
    assert zenodo["license"] == cff["license"].lower() == package["licenses"][0]["name"].lower()


# Data Package v2 -----------------------------------------------------------------------------

PROFILES = files("dplib") / "profiles" / "2.0"


# The `list` field of Table Schema v2 (frictionlessdata/datapackage-v2-draft#38): items of one
# type in one cell, split by `delimiter`; only required, minLength and maxLength constrain it.
# dplib-py 1.1.0 (the latest) ships the profiles from before it was added, so it is added here,
# as the specification and Frictionless (its ListField) define it.
LIST_FIELD = {
    "type": "object",
    "title": "List Field",
    "required": ["name", "type"],
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "type": {"enum": ["list"]},
        "delimiter": {"type": "string", "minLength": 1},
        "itemType": {
            "enum": ["string", "integer", "boolean", "number", "datetime", "date", "time"]
        },
        "constraints": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "required": {"type": "boolean"},
                "minLength": {"type": "integer"},
                "maxLength": {"type": "integer"},
            },
        },
    },
}


def _with_list_field(node: Any) -> Any:
    """The profile with the list field beside the others wherever the field types are listed."""
    if isinstance(node, list):
        return [_with_list_field(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _with_list_field(value) for key, value in node.items()}
    types = out.get("oneOf")
    if isinstance(types, list) and any(
        isinstance(t, dict) and t.get("title") == "String Field" for t in types
    ):
        out["oneOf"] = [*types, LIST_FIELD]
    return out


def _v2_validator() -> jsonschema.Draft7Validator:
    """The official v2 profiles as shipped by dplib-py (MIT), every $ref resolved from those
    files (dplib's own check_package would fetch them from the network), with the list field."""
    registry: Registry[Any] = Registry()
    for name in ("datapackage", "dataresource", "tableschema", "tabledialect"):
        raw = json.loads((PROFILES / f"{name}.json").read_text(encoding="utf-8"))
        contents = _with_list_field(raw)
        uri = f"https://datapackage.org/profiles/2.0/{name}.json"
        registry = registry.with_resource(uri, Resource.from_contents(contents, DRAFT7))
    profile = registry.contents("https://datapackage.org/profiles/2.0/datapackage.json")
    return jsonschema.Draft7Validator(profile, registry=registry)


def test_descriptor_passes_the_data_package_v2_profiles(data_dir: Path) -> None:
    descriptor = _json(data_dir / "datapackage.json")
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    errors = [e.message for e in _v2_validator().iter_errors(descriptor)]
    assert errors == []


def _list_field(descriptor: dict[str, Any]) -> dict[str, Any]:
    fields = (f for r in descriptor["resources"] for f in r.get("schema", {}).get("fields", []))
    found: dict[str, Any] = next(f for f in fields if f["type"] == "list")
    return found


def test_multi_valued_cells_are_list_fields_that_frictionless_splits(data_dir: Path) -> None:
    """Every '; '-separated cell is a v2 list field with its delimiter; Frictionless reading the
    descriptor as it is gives the items, and CSVW has the same separator."""
    import frictionless

    descriptor = _json(data_dir / "datapackage.json")
    lists = {
        (r["name"], f["name"]): f
        for r in descriptor["resources"]
        for f in r.get("schema", {}).get("fields", [])
        if f["type"] == "list"
    }
    generated = {
        (table, f["name"]): f
        for table in schemas.MODELS
        for f in datapackage.fields(table)
        if f["type"] == "list"
    }
    assert generated == lists
    assert set(lists) == {
        ("sources", "unstated"),
        ("metric_readings", "check_needs"),
        ("metric_readings", "unstated"),
        ("metric_readings", "relies_on_sources"),
    }
    assert all(f["delimiter"] == "; " and f["itemType"] == "string" for f in lists.values())
    limit = csv.field_size_limit()  # Frictionless's CSV parser raises the process-wide limit
    try:
        package = frictionless.Package(str(data_dir / "datapackage.json"))
        read = {table: package.get_resource(table).read_rows() for table, _ in lists}
    finally:
        csv.field_size_limit(limit)  # validate's own limit rule must still see the default
    for (table, column), field in lists.items():
        frame = br.load(table)  # type: ignore[arg-type]
        rows = read[table]
        for row, cell in zip(rows, frame[column], strict=True):
            expected = cell.split(field["delimiter"]) if isinstance(cell, str) else None
            assert row[column] == expected, (table, column)
    csvw = {
        (t["url"].removesuffix(".csv"), c["name"]): c.get("separator")
        for t in _json(data_dir / csvw_tables.FILE)["tables"]
        for c in t["tableSchema"]["columns"]
    }
    assert {key for key, sep in csvw.items() if sep} == set(lists)
    assert all(csvw[key] == "; " for key in lists)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d["resources"][2]["schema"]["fields"][0].update(type="text"), "text"),
        (
            lambda d: d["resources"][1]["schema"]["fields"][0]["constraints"].update(required="y"),
            "'y'",
        ),
        (lambda d: d.update(licenses=[{"title": "no name or path"}]), "name"),
        (lambda d: d["resources"][0].pop("path"), "is not valid under any of the given schemas"),
        (lambda d: _list_field(d)["constraints"].update(pattern="a"), "is not valid under any"),
        (lambda d: _list_field(d).update(itemType="text"), "is not valid under any"),
    ],
    ids=[
        "unknown field type",
        "required not boolean",
        "licence without name",
        "no path",
        "list with a pattern",
        "list of an unknown item type",
    ],
)
def test_the_v2_profiles_catch_a_damaged_descriptor(
    data_dir: Path, damage: Any, message: str
) -> None:
    descriptor = _json(data_dir / "datapackage.json")
    damage(descriptor)
    errors = " ".join(str(e.message) for e in _v2_validator().iter_errors(descriptor))
    assert message in errors


def test_bytes_and_hash_of_every_resource_rechecked(data_dir: Path) -> None:
    descriptor = _json(data_dir / "datapackage.json")
    on_disk = {
        p.relative_to(data_dir).as_posix()
        for p in data_dir.rglob("*")
        if p.is_file() and (p.suffix == ".csv" or p.parent.name == "source")
    }
    assert {r["path"] for r in descriptor["resources"]} == on_disk
    for res in descriptor["resources"]:
        data = (data_dir / res["path"]).read_bytes()
        assert res["bytes"] == len(data), res["path"]
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), res["path"]


# CSVW ----------------------------------------------------------------------------------------


def _csvw_problems(folder: Path) -> list[str]:
    """What the csvw package finds wrong; it reports problems as warnings."""
    from csvw import CSVW

    with warnings.catch_warnings():
        warnings.simplefilter("always")  # recorded by csvw, not raised by pytest's filter
        checked = CSVW(str(folder / csvw_tables.FILE), validate=True)
        try:
            valid = checked.is_valid
        except ValueError as err:  # its referential-integrity pass raises on a bad cell
            return [str(w.message) for w in checked.warnings] + [str(err)]
    problems = [str(w.message) for w in checked.warnings]
    assert valid == (not problems)
    return problems


def test_csvw_metadata_is_valid_for_the_csvs(data_dir: Path) -> None:
    from csvw import CSVW

    import baicheng_report as br

    assert _csvw_problems(data_dir) == []
    checked = CSVW(str(data_dir / csvw_tables.FILE))
    rows = {t.url.string: sum(1 for _ in t.iterdicts()) for t in checked.tables}

    assert rows == {f"{n}.csv": len(br.load(n)) for n in br.list_tables()}


def test_csvw_titles_are_bilingual_and_keys_come_from_the_schemas(data_dir: Path) -> None:
    group = _json(data_dir / csvw_tables.FILE)
    by_table = {t["url"].removesuffix(".csv"): t["tableSchema"] for t in group["tables"]}
    assert list(by_table) == list(schemas.MODELS)
    for name, table in by_table.items():
        assert [c["name"] for c in table["columns"]] == schemas.columns(name)
        assert table["primaryKey"] == schemas.primary_key(name)
        model = schemas.MODELS[name].to_schema()
        for column in table["columns"]:
            spec = model.columns[column["name"]]
            assert column["titles"] == {"en": spec.title, "zh-Hans": spec.metadata["title_zh"]}
            assert column["required"] is not spec.nullable


def test_every_column_has_a_chinese_title() -> None:
    missing = [f"{c.table}.{c.name}" for c in all_columns() if not c.title_zh.strip()]
    assert missing == [], "add metadata={'title_zh': ...} to these Fields"


@pytest.mark.parametrize(
    ("table", "old", "new"),
    [
        ("metrics.csv", ",percent,", ",furlong,"),  # not in the unit enum
        ("sources.csv", ",6419,", ",many,"),  # not an integer
        ("photos.csv", ",True,", ",yes,"),  # not a boolean
    ],
)
def test_csvw_catches_damaged_data(data_copy: Path, table: str, old: str, new: str) -> None:
    path = data_copy / table
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert any(new.strip(",") in p for p in _csvw_problems(data_copy))


# RO-Crate ------------------------------------------------------------------------------------


class _Context:
    """A response carrying the RO-Crate JSON-LD context that the `rocrate` package ships."""

    status_code = 200
    ok = True
    from_cache = True
    headers = {"Content-Type": "application/ld+json"}  # noqa: RUF012

    def __init__(self) -> None:
        shipped = json.loads((files("rocrate") / "data" / "ro-crate.jsonld").read_text("utf-8"))
        self._doc = {"@context": shipped["@context"]}
        self.text = json.dumps(self._doc)
        self.content = self.text.encode()

    def json(self) -> Any:
        return self._doc

    def raise_for_status(self) -> None:
        return None


# rdflib, inside the validator, warns about its own deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_ro_crate_passes_roc_validator_offline(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rocrate_validator import services
    from rocrate_validator.utils.http import HttpRequester

    requested: list[str] = []

    def offline_get(self: object, url: str, *args: object, **kwargs: object) -> _Context:
        requested.append(url)
        if url != ro_crate.CONTEXT:
            raise ConnectionError(f"no network: {url}")
        return _Context()

    # Its requester answers every method through __getattr__; these win over it.
    for method in ("get", "head", "fetch_fresh"):
        monkeypatch.setattr(HttpRequester, method, offline_get, raising=False)
    settings = services.ValidationSettings(
        rocrate_uri=str(data_dir),
        profile_identifier="ro-crate-1.1",
        requirement_severity="RECOMMENDED",
        offline=True,
        skip_availability_check=True,
    )
    result = services.validate(settings)
    assert result.passed(), [i.message for i in result.get_issues()]
    assert set(requested) == {ro_crate.CONTEXT}


def test_ro_crate_describes_files_and_derivation(data_dir: Path) -> None:
    from rocrate.rocrate import ROCrate

    crate = ROCrate(str(data_dir))
    entities = {e.id: e for e in crate.data_entities}
    expected = {r["path"] for r in _json(data_dir / "datapackage.json")["resources"]}
    assert expected | set(ro_crate.DESCRIPTORS) == set(entities)
    for rel, entity in entities.items():
        data = (data_dir / rel).read_bytes()
        if rel not in ro_crate.DESCRIPTORS:
            assert entity["sha256"] == hashlib.sha256(data).hexdigest(), rel
            assert entity["contentSize"] == str(len(data)), rel
    assert entities[source.RAW_FILE]["sha256"] == source.RAW_SHA256

    def ids(value: Any) -> list[str]:
        return [v.id for v in (value if isinstance(value, list) else [value])]

    steps = {}
    for action_id in ("#repair-text", "#simplify-text", "#curate-tables", "#describe-tables"):
        action = crate.dereference(action_id)
        assert action.type == "CreateAction"
        assert all(i.type == "SoftwareApplication" for i in ids_entities(action["instrument"]))
        steps[action_id] = (ids(action["object"]), ids(action["result"]))
    # raw → clean → simplified → tables → descriptors, each step consuming the last one's result
    assert steps["#repair-text"][0] == [source.RAW_FILE]
    assert source.CLEAN_FILE in steps["#repair-text"][1]
    assert steps["#simplify-text"] == ([source.CLEAN_FILE], [source.SIMPLIFIED_FILE])
    assert steps["#curate-tables"][0] == [source.SIMPLIFIED_FILE]
    produced = set(steps["#curate-tables"][1]) | set(steps["#repair-text"][1])
    assert {f"{n}.csv" for n in schemas.MODELS} <= produced
    assert set(steps["#describe-tables"][1]) == set(ro_crate.DESCRIPTORS)


def ids_entities(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# schema.org, Zenodo, CFF ---------------------------------------------------------------------


def test_schema_org_dataset_comes_from_the_schemas_and_the_source(data_dir: Path) -> None:
    import baicheng_report as br

    record = schema_org.dataset(schema_org.downloads(["a/metrics.csv", "a/x.sqlite", "a/y.png"]))
    names = [v["name"] for v in record["variableMeasured"]]
    assert names == [f"{t}.{c}" for t in schemas.MODELS for c in schemas.columns(t)]
    archived = br.load("sources")["sha256"][0]
    assert record["isBasedOn"]["identifier"]["value"] == archived
    assert record["inLanguage"] == ["en", "zh-Hans"]
    assert [d["encodingFormat"] for d in record["distribution"]] == [
        "text/csv",
        "application/vnd.sqlite3",
    ]
    tag = schema_org.script_tag({"x": "</script><b>"})
    assert tag.count("</script") == 1 and tag.endswith("</script>")
    inner = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner) == {"x": "</script><b>"}


def test_zenodo_names_both_languages_in_the_form_zenodo_reads() -> None:
    """Zenodo's legacy deposit schema takes `language` as one ISO 639 code (a list is refused,
    a `languages` key dropped): the article's Chinese there, and both languages in the notes."""
    zenodo = citation_files.zenodo()
    assert _json(ROOT / citation_files.ZENODO)["language"] == zenodo["language"]
    assert zenodo["language"] == "zho"  # the source: sources.language, as ISO 639-3
    assert "languages" not in zenodo
    assert {s.split("-")[0] for s in DATASET.languages} == {"zh", "en"}
    assert "Chinese (zho:" in zenodo["notes"] and "English (eng:" in zenodo["notes"]
    assert br.load("sources")["language"].tolist() == ["zh"]


def test_zenodo_and_cff_hold_what_zenodo_and_github_need() -> None:
    zenodo = _json(ROOT / citation_files.ZENODO)
    assert zenodo["upload_type"] == "dataset"
    assert {"title", "creators", "description", "license", "version"} <= set(zenodo)
    assert all(c["name"] for c in zenodo["creators"])
    assert {r["identifier"] for r in zenodo["related_identifiers"]} == {
        DATASET.repository,
        DATASET.site_url,
    }
    cff = yaml.safe_load((ROOT / citation_files.CFF).read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["date-released"] == DATASET.date_released


# The published book --------------------------------------------------------------------------

_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
_META = re.compile(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"')


def _local(site: Path, url: str) -> Path:
    """The file in the built site that an absolute URL of the published site names."""
    assert url.startswith(DATASET.site_url), url
    return site / url.removeprefix(DATASET.site_url)


def _head(page: Path) -> tuple[list[Any], dict[str, list[str]]]:
    text = page.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for name, content in _META.findall(text):
        meta.setdefault(name, []).append(html.unescape(content))
    return [json.loads(m) for m in _JSONLD.findall(text)], meta


@pytest.mark.slow
def test_landing_and_overviews_carry_the_dataset_json_ld(built_book: Path) -> None:
    site = built_book / "_build" / "html"
    pages = [site / "index.html", *(site / lang / "book" / "overview.html" for lang in EDITIONS)]
    variables = [f"{c.table}.{c.name}" for c in all_columns()]
    for page in pages:
        records, _ = _head(page)
        assert len(records) == 1, page
        record = records[0]
        assert record["@type"] == "Dataset" and record["version"] == DATASET.version
        assert record["isBasedOn"]["identifier"]["value"] == source.RAW_SHA256
        assert record["inLanguage"] == ["en", "zh-Hans"]
        assert [v["name"] for v in record["variableMeasured"]] == variables
        formats = {d["encodingFormat"] for d in record["distribution"]}
        assert formats == set(schema_org.MEDIA_TYPES.values())
        for download in record["distribution"]:
            assert _local(site, download["contentUrl"]).is_file(), download
    # The site serves every export the record lists, and nothing the record leaves out.
    served = {p.name for p in (edition_site(built_book, "en") / "_static" / "data").iterdir()}
    listed = {d["name"] for d in records[0]["distribution"]}
    assert served == listed
    # Other pages do not repeat the record.
    assert _head(edition_site(built_book, "en") / "book" / "source.html")[0] == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", EDITIONS)
def test_every_page_is_citable_and_has_open_graph_tags(built_book: Path, lang: str) -> None:
    site = built_book / "_build" / "html"
    pages = sorted((edition_site(built_book, lang) / "book").glob("*.html"))
    assert [p.stem for p in pages] == sorted(chapters(built_book))
    for page in pages:
        _, meta = _head(page)
        assert meta["citation_title"] == [DATASET.title], page.name
        assert meta["citation_author"] == list(DATASET.creators)
        assert meta["citation_publication_date"] == [DATASET.date_released.replace("-", "/")]
        assert meta["citation_publisher"] == [DATASET.publisher]
        if PDF_FLAGS:
            assert _local(site, meta["citation_pdf_url"][0]).is_file()
        url = meta["og:url"][0]
        assert _local(site, url) == page
        assert meta["og:title"] and meta["og:site_name"] != ["Project name not set"]
        # Chinese runs in English prose reach the description as text, not as a gap.
        assert "()" not in meta["og:description"][0], page.name


@pytest.mark.slow
def test_sitemaps_list_every_page_of_every_edition(built_book: Path) -> None:
    site = built_book / "_build" / "html"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.parse(site / "sitemap.xml").getroot()
    maps = [_local(site, loc.text or "") for loc in index.findall("s:sitemap/s:loc", ns)]
    assert maps == [edition_site(built_book, lang) / "sitemap.xml" for lang in EDITIONS]
    for lang, sitemap in zip(EDITIONS, maps, strict=True):
        urls = ElementTree.parse(sitemap).getroot().findall("s:url/s:loc", ns)
        listed = {_local(site, u.text or "") for u in urls}
        chapters = set((edition_site(built_book, lang) / "book").glob("*.html"))
        assert chapters <= listed, lang
        assert all(p.is_file() for p in listed), lang
