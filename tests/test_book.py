"""The built book: every page, valid charts with data, no CDN, every prose number from the data."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import altair as alt
import jsonschema
import pytest

import baicheng_report as br
from baicheng_report.dataset import registry, schemas
from baicheng_report.report import prose
from baicheng_report.report.build import chapters
from baicheng_report.report.i18n import HTML_LANG
from baicheng_report.report.publish import STAGE_PREFIX
from tests.conftest import (
    EDITIONS,
    ROOT,
    book_build_args,
    build_args,
    build_state,
    copy_book,
    copy_built,
    edition_site,
    run_cli,
)

pytestmark = pytest.mark.slow
SPEC = re.compile(r'<script type="application/json" id="spec-([a-z-]+)">(.*?)</script>', re.S)
CLAIM = re.compile(
    r'<a class="claim" href="source\.html#([^"]+)" data-table="([^"]+)" '
    r'data-id="([^"]+)" data-column="([^"]+)"[^>]*>([^<]*)</a>'
)
KEYS = {name: schemas.primary_key(name) for name in registry.ANCHORED_TABLES}


CJK = re.compile(r"[\u4e00-\u9fff]")
editions = pytest.mark.parametrize("lang", EDITIONS)


def _pages(root: Path, lang: str = "en") -> dict[str, str]:
    site = edition_site(root, lang)
    return {
        stem: (site / "book" / f"{stem}.html").read_text(encoding="utf-8")
        for stem in chapters(root)
    }


@editions
def test_every_page_of_each_edition_exists(built_book: Path, lang: str) -> None:
    site = edition_site(built_book, lang)
    index = (site / "index.html").read_text(encoding="utf-8")  # a redirect to the first page
    assert 'url=book/overview.html"' in index and f'<html lang="{HTML_LANG[lang]}"' in index
    assert len(chapters(built_book)) == len(list((ROOT / "book").glob("*.md")))  # none left out
    for stem in chapters(built_book):
        page = (site / "book" / f"{stem}.html").read_text(encoding="utf-8")
        assert f'<html lang="{HTML_LANG[lang]}"' in page, stem


def test_the_site_opens_on_the_english_edition_and_lists_both(built_book: Path) -> None:
    landing = (built_book / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'url=en/index.html"' in landing
    assert 'href="zh/index.html" hreflang="zh-Hans"' in landing


@editions
def test_every_page_links_to_its_counterpart(built_book: Path, lang: str) -> None:
    other = next(e for e in EDITIONS if e != lang)
    for stem, page in _pages(built_book, lang).items():
        href = f"../../{other}/book/{stem}.html"
        assert f'<a class="edition-link" href="{href}" hreflang="{HTML_LANG[other]}"' in page
        assert (edition_site(built_book, lang) / "book" / href).resolve().is_file()


def test_chinese_pages_are_in_chinese(built_book: Path) -> None:
    zh = _pages(built_book, "zh")
    for stem, page in zh.items():
        title = re.search(r"<h1>(.*?)<a", page, re.S)
        assert title and CJK.search(title.group(1)), stem
    assert "白城警务改革" in zh["overview"]
    shown = re.sub(r"<pre>.*?</pre>", "", zh["public_safety"], flags=re.S)  # not the code
    assert "Since the start of this year" not in shown
    assert "年同期相比分别下降" in shown
    assert "显示代码" in zh["public_safety"] and "Show the code" not in zh["public_safety"]


def test_chinese_in_english_prose_is_marked_as_chinese(built_book: Path) -> None:
    page = _pages(built_book, "en")["overview"]
    assert '<span lang="zh-Hans">白城市公安局</span>' in page
    assert '<span lang="zh-Hans">警地融合</span>' in page
    assert '<h1>Overview<a class="headerlink"' in page  # titles stay plain text


def test_the_chinese_edition_quotes_the_simplified_text_with_lost_characters(
    built_book: Path,
) -> None:
    page = _pages(built_book, "zh")["overview"]
    quotes = br.load("quotes")
    lost = quotes[quotes["has_lost_chars"]]
    assert len(lost) >= 1
    for text in quotes["text_zh"]:
        assert html_lib.escape(text) in page
    assert "□" in page
    assert not any(text in page for text in quotes["text_en"])


@editions
def test_every_chart_is_valid_vega_lite_and_carries_data(built_book: Path, lang: str) -> None:
    schema = alt.vegalite.v6.schema.core.load_schema()  # type: ignore[attr-defined]
    found = {}
    for stem, page in _pages(built_book, lang).items():
        for name, text in SPEC.findall(page):
            spec = json.loads(text)
            jsonschema.validate(spec, schema)
            rows = [r for values in spec.get("datasets", {}).values() for r in values]
            assert rows, f"{stem}: chart {name} has no data"
            assert spec["title"] and spec["description"], name
            assert f'id="vis-{name}"' in page
            assert ("数据表" if lang == "zh" else "Data table") in page
            if lang == "zh":  # title, axis titles and category labels in Chinese
                assert CJK.search(spec["title"]), name
                labels = json.dumps(spec, ensure_ascii=False)
                assert len(CJK.findall(labels)) > 20, name
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
    assert len(list(site.rglob("*.html"))) >= 2 * len(chapters(built_book))
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag, url in re.findall(r'<(script|link|img|iframe)[^>]*?(?:src|href)="([^"]+)"', text):
            assert not re.match(r"(https?:)?//", url), f"{page.name}: {tag} loads {url}"
        assert not re.search(r"unpkg\.com|jsdelivr|cdnjs|googleapis", text), page.name
    for lang in EDITIONS:
        bundle = edition_site(built_book, lang) / "_static" / "vega-bundle.js"
        assert bundle.stat().st_size > 100_000
        for stem, page in _pages(built_book, lang).items():  # the bundle only where it draws
            assert ("vega-bundle.js" in page) == ('class="vega-chart"' in page), stem


@editions
def test_every_prose_number_matches_the_dataset(built_book: Path, lang: str) -> None:
    pages = _pages(built_book, lang)
    anchors = set(re.findall(r'<li id="(ev-[^"]+)"', pages["source"]))
    tables = {name: br.load(name).set_index(KEYS[name], drop=False) for name in KEYS}
    texts = {
        (c["table"], c["row_id"], c["column"]): c[f"text_{lang}"]
        for c in br.claims().to_dict(orient="records")
    }
    claims = [c for page in pages.values() for c in CLAIM.findall(page)]
    assert len(claims) >= 30
    for anchor, table, row_id, column, text in claims:
        assert anchor == prose.anchor(table, row_id) and anchor in anchors, anchor
        row = tables[table].loc[html_lib.unescape(row_id)]
        shown = html_lib.unescape(text)
        value = row[column]
        if isinstance(value, str):  # a literal such as 7×24, with its unit, as the text has it
            assert value in shown and shown.replace(" hours", "小时") in row["evidence"], shown
        # as the one renderer writes the claim (tests/test_render.py checks its words)
        assert shown == texts[(table, html_lib.unescape(row_id), column)], row_id


def test_every_page_names_an_icon_the_site_serves(built_book: Path) -> None:
    """A page that names no icon makes the browser ask the server's root for /favicon.ico: a
    404 on a reader's first visit, outside the site when it is published under a path. Each
    edition's index.html too, which Jupyter Book writes as a bare redirect."""
    site = built_book / "_build" / "html"
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 20 and all(site / lang / "index.html" in pages for lang in EDITIONS)
    for page in pages:
        icons = re.findall(r'<link rel="icon" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(icons) == 1 and (page.parent / icons[0]).is_file(), page


@editions
def test_parameter_cells_are_hidden(built_book: Path, lang: str) -> None:
    for stem, page in _pages(built_book, lang).items():
        assert "data_dir = None" not in page, stem  # the notebook's own parameters cell
        assert "# Parameters" not in page, stem  # papermill's injected cell
        assert str(built_book) not in page, stem  # no path of the building machine


@editions
def test_manifest_records_what_went_in(built_book: Path, lang: str) -> None:
    site = edition_site(built_book, lang)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"] == lang
    assert [n["name"] for n in manifest["notebooks"]] == chapters(built_book)
    assert manifest["dataset_version"] == br.__version__
    desc = json.loads(
        (Path(br.data_path("metrics")).parent / "datapackage.json").read_text(encoding="utf-8")
    )
    assert manifest["files"] == {r["path"]: r["hash"] for r in desc["resources"]}
    assert "jupyter-book" in manifest["dependencies"]
    page = _pages(built_book, lang)["reproducibility"]
    assert manifest["source_sha256"] in page


# A yes/no cell as each edition writes it, spelled here rather than taken from the renderer.
YES_NO = {"en": ("no", "yes"), "zh": ("否", "是")}


@editions
def test_the_timings_name_each_chapter_by_its_title_and_the_cache_in_words(
    built_book: Path, lang: str
) -> None:
    """The reproducibility chapter lists the chapters before it by the heading their pages show
    (not their file names) and says yes or no for the cache in the edition's words (not False)."""
    pages = _pages(built_book, lang)
    table = TIMINGS.search(pages["reproducibility"])
    assert table, lang
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]
    cells = [
        [html_lib.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows
    ]
    headings = [
        re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))  # type: ignore[union-attr]
        for stem, page in pages.items()
        if stem != "reproducibility"
    ]
    assert [c[0] for c in cells] == headings
    manifest = json.loads((edition_site(built_book, lang) / "manifest.json").read_text("utf-8"))
    # the chapters before the last, which the table reports (the last reports itself nowhere)
    cached = [YES_NO[lang][n["cached"]] for n in manifest["notebooks"]][: len(cells)]
    assert [c[2] for c in cells] == cached


@editions
def test_no_unit_is_written_twice(built_book: Path, lang: str) -> None:
    """A value reaches the prose with its unit from the renderer: the prose around it never
    writes the unit again (7×24 hours hours, 7×24小时小时)."""
    from baicheng_report.vocabulary import render

    joiner = "" if lang == "zh" else " "
    for stem, page in _pages(built_book, lang).items():
        # the words a reader reads: no code (the dictionary shows `yuan` beside its word yuan)
        text = re.sub(r"<[^>]+>", "", re.sub(r"<code[^>]*>.*?</code>", "", page, flags=re.S))
        for _, plural in render.UNIT_WORDS[lang].values():  # a word, not the end of a code
            twice = re.escape(f"{plural}{joiner}{plural}")
            assert not re.search(rf"(?<!\w){twice}", text), (stem, plural)


@editions
def test_downloads_exist(built_book: Path, lang: str) -> None:
    site = edition_site(built_book, lang)
    page = _pages(built_book, lang)["dictionary"]
    for name in br.list_tables():
        for ext in ("csv", "parquet"):
            assert f"../_static/data/{name}.{ext}" in page
            assert (site / "_static" / "data" / f"{name}.{ext}").is_file()


def test_incremental_failing_and_atomic_builds(small_built_book: Path, tmp_path: Path) -> None:
    # a small book: what is tested is what a rebuild runs and publishes
    root = copy_built(small_built_book, tmp_path)
    out = root / "_build" / "html"
    args = build_args(root)

    again = run_cli(*args)
    assert again.returncode == 0 and again.stdout.startswith("up to date")

    published = out.resolve()
    key = (out / ".site-key").read_text(encoding="utf-8")
    chapter = root / "book" / "co_governance.md"
    original = chapter.read_text(encoding="utf-8")

    def fails_untouched(text: str, *expected: str, executed: bool = True) -> None:
        chapter.write_text(text, encoding="utf-8")
        failed = run_cli(*args)
        assert failed.returncode == 1
        assert "Traceback" not in failed.stderr
        assert ("executing " in failed.stderr) is executed, failed.stderr[-2000:]
        for part in expected:
            assert part in failed.stderr, failed.stderr[-2000:]
        assert out.resolve() == published
        assert (out / ".site-key").read_text(encoding="utf-8") == key
        assert not list(build_state(root).glob(f"{STAGE_PREFIX}*"))

    setup = "from baicheng_report.report import chapter, charts, figures\n"
    assert setup in original
    boom = "\n```{code-cell} ipython3\nraise RuntimeError('boom')\n```\n"
    fails_untouched(original + boom, "co_governance.md (en)", "cell", "RuntimeError: boom")
    # English text without a Chinese translation stops the build before any chapter executes
    # and names every such text: a heading, and a chart title passed through _()
    untranslated_title = '\n```{code-cell} ipython3\n_("A title not yet translated")\n```\n'
    fails_untouched(
        original.replace("## Named programmes", "## Programmes by name") + untranslated_title,
        "co_governance.md (zh)",
        "locale/zh.yml has no entry for '## Programmes by name'",
        "locale/zh.yml has no entry for 'A title not yet translated'",
        executed=False,
    )

    marker = "# edited for the incremental test"
    edited = original.replace(setup, f"{setup.rstrip()}  {marker}\n", 1)
    chapter.write_text(edited, encoding="utf-8")
    rebuilt = run_cli(*args)
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    cached = 2 * (len(chapters(root)) - 2)  # it and the manifest's chapter run again, twice
    assert f"4 notebook(s) executed, {cached} from cache" in rebuilt.stdout
    for lang in EDITIONS:
        page = (edition_site(root, lang) / "book" / "co_governance.html").read_text(
            encoding="utf-8"
        )
        assert marker in page
    assert out.resolve() != published and not published.exists()


# What may differ between two clean builds from the same inputs, as the reproducibility chapter
# says: execution times (in the manifest, on that chapter and so in the search index), the build
# time, and the PDF (which records its creation time).
TIMINGS = re.compile(
    r'<table class="chart-data"><caption>(Per-chapter|各章执行时间).*?</table>', re.S
)


def _comparable(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        # DuckDB writes a fresh random id into every database file it creates
        if name.endswith((".pdf", "searchindex.js", ".site-key", ".duckdb")):
            continue
        data = path.read_bytes()
        if name.endswith("manifest.json"):
            record = json.loads(data)
            for key in ("built_at", "build_seconds"):
                record.pop(key)
            record["notebooks"] = [n["name"] for n in record["notebooks"]]
            data = json.dumps(record, sort_keys=True).encode()
        elif name.endswith("reproducibility.html"):
            data = TIMINGS.sub("", data.decode("utf-8")).encode()
        files[name] = data
    return files


def test_two_clean_builds_of_every_chapter_differ_only_in_documented_timings(
    built_book: Path, tmp_path: Path
) -> None:
    root = copy_book(tmp_path / "again")
    # The same flags as the first build: pages that print a PDF name it (citation_pdf_url).
    result = run_cli(*book_build_args(root))
    assert result.returncode == 0, result.stderr[-2000:]
    first = _comparable(built_book / "_build" / "html")
    second = _comparable(root / "_build" / "html")
    assert len(first) > 100
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
