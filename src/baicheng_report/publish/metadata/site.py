"""What the published book says about the dataset to machines: schema.org `Dataset` JSON-LD
whose downloads are the files the site serves, `citation_*` tags, and the sitemap index. Used by
the Sphinx extension `book/_ext/dataset_metadata.py` and by the site's landing page."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.meta import DATASET
from baicheng_report.publish.export import DUCKDB_FILE, SQLITE_FILE, Format
from baicheng_report.publish.metadata import csvw_tables, ro_crate, schema_org

# The export formats served beside each edition, in _static/data/ (one database file for all).
SITE_EXPORTS: tuple[Format, ...] = ("csv", "parquet", "json", "sqlite", "duckdb")
DATABASE_FILES = {"sqlite": SQLITE_FILE, "duckdb": DUCKDB_FILE}
DOWNLOADS = "_static/data"
PDF = "baicheng-report.pdf"  # where `build --pdf` prints each edition
# Served beside the exports (report/downloads.py writes them): the metadata as packaged, every
# number the book states, and the whole data package as one zip.
METADATA_DOWNLOADS = ("datapackage.json", csvw_tables.FILE, ro_crate.FILE, "DICTIONARY.md")
CLAIMS_CSV = "claims.csv"
PACKAGE_ZIP = "baicheng-report-data.zip"


def edition_url(lang: str) -> str:
    return DATASET.edition_url(lang)


def download_paths() -> list[str]:
    """Every file the site serves for download, relative to an edition's root."""
    paths = []
    for fmt in SITE_EXPORTS:
        if fmt in DATABASE_FILES:
            paths.append(f"{DOWNLOADS}/{DATABASE_FILES[fmt]}")
        else:
            paths += [f"{DOWNLOADS}/{name}.{fmt}" for name in TABLE_NAMES]
    extras = (*METADATA_DOWNLOADS, CLAIMS_CSV, PACKAGE_ZIP)
    return paths + [f"{DOWNLOADS}/{name}" for name in extras]


def dataset_script(lang: str) -> str:
    urls = [edition_url(lang) + path for path in download_paths()]
    return schema_org.script_tag(schema_org.dataset(schema_org.downloads(urls)))


def citation_tags(lang: str, pdf: bool) -> str:
    return schema_org.citation_meta_tags(edition_url(lang) + PDF if pdf else None)


def sphinx_config(lang: str, pdf: bool) -> dict[str, str]:
    """What the book's `dataset_metadata` extension writes on an edition's pages, as the
    configuration values it reads: the build stages them, and a plain `jupyter-book build` of
    the book makes them in the extension. citation_pdf_url names the PDF only when printed."""
    return {
        "br_edition_url": edition_url(lang),
        "br_citation_tags": citation_tags(lang, pdf),
        "br_dataset_script": dataset_script(lang),
    }


def sitemap_index(langs: Sequence[str]) -> str:
    """The site's sitemap.xml: it points at each edition's own sitemap (sphinx-sitemap)."""
    entries = "".join(
        f"<sitemap><loc>{escape(edition_url(lang) + 'sitemap.xml')}</loc></sitemap>"
        for lang in langs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>\n"
    )
