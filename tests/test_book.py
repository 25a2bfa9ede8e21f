"""The built book: every page, valid charts with data, no CDN, every prose number from the data."""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from pathlib import Path

import altair as alt
import jsonschema
import pytest

import baicheng_report as br
from baicheng_report import schemas
from baicheng_report.report import prose, source_view
from baicheng_report.report.build import chapters
from tests.conftest import ROOT, book_build_args, run_cli

pytestmark = pytest.mark.slow
SPEC = re.compile(r'<script type="application/json" id="spec-([a-z-]+)">(.*?)</script>', re.S)
CLAIM = re.compile(
    r'<a class="claim" href="source\.html#([^"]+)" data-table="([^"]+)" '
    r'data-id="([^"]+)" data-column="([^"]+)"[^>]*>([^<]*)</a>'
)
KEYS = {name: schemas.primary_key(name) for name in source_view.EVIDENCE_TABLES}


def _pages(root: Path) -> dict[str, str]:
    site = root / "_build" / "html"
    return {
        stem: (site / "book" / f"{stem}.html").read_text(encoding="utf-8")
        for stem in chapters(root)
    }


def test_every_page_exists(built_book: Path) -> None:
    site = built_book / "_build" / "html"
    assert "book/overview.html" in (site / "index.html").read_text(encoding="utf-8")
    assert len(chapters(built_book)) == 8
    for stem in chapters(built_book):
        assert (site / "book" / f"{stem}.html").is_file(), stem


def test_every_chart_is_valid_vega_lite_and_carries_data(built_book: Path) -> None:
    schema = alt.vegalite.v6.schema.core.load_schema()  # type: ignore[attr-defined]
    found = {}
    for stem, page in _pages(built_book).items():
        for name, text in SPEC.findall(page):
            spec = json.loads(text)
            jsonschema.validate(spec, schema)
            rows = [r for values in spec.get("datasets", {}).values() for r in values]
            assert rows, f"{stem}: chart {name} has no data"
            assert spec["title"] and spec["description"], name
            assert f'id="vis-{name}"' in page and "Data table" in page
            found[name] = stem
    assert set(found) == {
        "safety-changes",
        "patrol-grid",
        "response-cases",
        "service-tiers",
        "co-governance",
    }


def test_no_page_references_a_cdn(built_book: Path) -> None:
    site = built_book / "_build" / "html"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag, url in re.findall(r'<(script|link|img|iframe)[^>]*?(?:src|href)="([^"]+)"', text):
            assert not re.match(r"(https?:)?//", url), f"{page.name}: {tag} loads {url}"
        assert not re.search(r"unpkg\.com|jsdelivr|cdnjs|googleapis", text), page.name
    bundle = site / "_static" / "vega-bundle.js"
    assert bundle.stat().st_size > 100_000
    assert all("vega-bundle.js" in p for p in _pages(built_book).values())


def test_every_prose_number_matches_the_dataset(built_book: Path) -> None:
    pages = _pages(built_book)
    anchors = set(re.findall(r'<li id="(ev-[^"]+)"', pages["source"]))
    tables = {name: br.load(name).set_index(KEYS[name], drop=False) for name in KEYS}
    mentions = br.load("numeric_mentions")
    claims = [c for page in pages.values() for c in CLAIM.findall(page)]
    assert len(claims) >= 30
    for anchor, table, row_id, column, text in claims:
        assert anchor == prose.anchor(table, row_id) and anchor in anchors, anchor
        row = tables[table].loc[html_lib.unescape(row_id)]
        shown = html_lib.unescape(text)
        value = row[column]
        if column == "evidence":  # a number the evidence states in words, e.g. 两户
            inside = mentions[
                (mentions["char_start"] >= row["char_start"])
                & (mentions["char_end"] <= row["char_end"])
            ]
            assert float(shown) in set(inside["value"]), (row_id, shown)
        elif isinstance(value, str):  # a literal such as 7×24 or the baseline year
            assert shown in value or shown in row["evidence"], (row_id, shown)
        else:
            assert shown == prose.number(value, row.get("unit"), row.get("qualifier")), row_id


def test_narrative_types_no_numbers(built_book: Path) -> None:
    terms = sorted(br.load("glossary")["term_zh"], key=len, reverse=True)
    for stem in chapters(built_book):
        text = (ROOT / "book" / f"{stem}.md").read_text(encoding="utf-8")
        prose_only = re.sub(r"```.*?```", "", text.split("---", 2)[2], flags=re.S)
        for term in terms:
            prose_only = prose_only.replace(term, "")
        assert not re.search(r"\d", prose_only), f"{stem}: a number typed by hand"


def test_parameter_cells_are_hidden(built_book: Path) -> None:
    for stem, page in _pages(built_book).items():
        assert "data_dir = None" not in page, stem  # the notebook's own parameters cell
        assert "# Parameters" not in page, stem  # papermill's injected cell
        assert str(built_book) not in page, stem  # no path of the building machine


def test_manifest_records_what_went_in(built_book: Path) -> None:
    site = built_book / "_build" / "html"
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert [n["name"] for n in manifest["notebooks"]] == chapters(built_book)
    assert manifest["dataset_version"] == br.__version__
    desc = json.loads(
        (Path(br.data_path("metrics")).parent / "datapackage.json").read_text(encoding="utf-8")
    )
    assert manifest["files"] == {r["path"]: r["hash"] for r in desc["resources"]}
    assert "jupyter-book" in manifest["dependencies"]
    page = _pages(built_book)["reproducibility"]
    assert manifest["source_sha256"] in page


def test_downloads_exist(built_book: Path) -> None:
    site = built_book / "_build" / "html"
    page = _pages(built_book)["dictionary"]
    for name in br.list_tables():
        for ext in ("csv", "parquet"):
            assert f"../_static/data/{name}.{ext}" in page
            assert (site / "_static" / "data" / f"{name}.{ext}").is_file()


def test_incremental_failing_and_atomic_builds(built_book: Path, tmp_path: Path) -> None:
    root = tmp_path / "book"
    shutil.copytree(built_book, root, symlinks=True)
    out = root / "_build" / "html"
    args = book_build_args(root)

    again = run_cli(*args)
    assert again.returncode == 0 and again.stdout.startswith("up to date")

    published = out.resolve()
    key = (out / ".site-key").read_text(encoding="utf-8")
    chapter = root / "book" / "co_governance.md"
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        original + "\n```{code-cell} ipython3\nraise RuntimeError('boom')\n```\n", encoding="utf-8"
    )
    failed = run_cli(*args)
    assert failed.returncode == 1
    assert "co_governance.md" in failed.stderr and "cell" in failed.stderr
    assert "RuntimeError: boom" in failed.stderr and "Traceback" not in failed.stderr
    assert out.resolve() == published and (out / ".site-key").read_text(encoding="utf-8") == key
    assert not list((root / "_build").glob(".stage-*"))

    chapter.write_text(original.replace("Named programmes", "Programmes by name"), encoding="utf-8")
    rebuilt = run_cli(*args)
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert "2 notebook(s) executed, 6 from cache" in rebuilt.stdout
    assert "Programmes by name" in (out / "book" / "co_governance.html").read_text(encoding="utf-8")
    assert out.resolve() != published and not published.exists()
