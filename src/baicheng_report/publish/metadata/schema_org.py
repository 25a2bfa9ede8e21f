"""schema.org `Dataset` JSON-LD, for search engines (Google Dataset Search) and catalogues:
the facts record, the archived source with its SHA-256, a `variableMeasured` per column of the
schemas, and a `DataDownload` per file the site serves."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from baicheng_report.meta import DATASET
from baicheng_report.publish.metadata.columns import all_columns
from baicheng_report.source import text as source

MEDIA_TYPES = {
    ".csv": "text/csv",
    ".parquet": "application/vnd.apache.parquet",
    ".json": "application/json",
    ".sqlite": "application/vnd.sqlite3",
    ".duckdb": "application/vnd.duckdb",
    ".md": "text/markdown",
    ".zip": "application/zip",
}


def creators() -> list[dict[str, Any]]:
    return [{"@type": "Organization", "name": name} for name in DATASET.creators]


def archived_source() -> dict[str, Any]:
    """The article the dataset is based on, identified by the SHA-256 of its archived bytes."""
    return {
        "@type": "CreativeWork",
        "name": DATASET.source_title,
        "inLanguage": "zh",
        "identifier": {
            "@type": "PropertyValue",
            "propertyID": "sha256",
            "value": source.RAW_SHA256,
        },
    }


def variables() -> list[dict[str, Any]]:
    return [
        {
            "@type": "PropertyValue",
            "name": f"{c.table}.{c.name}",
            "alternateName": [c.title, c.title_zh],
            "description": c.description,
        }
        for c in all_columns()
    ]


def downloads(urls: Iterable[str]) -> list[dict[str, Any]]:
    """A DataDownload per URL whose suffix is an export format; others are skipped."""
    out = []
    for url in urls:
        suffix = PurePosixPath(url).suffix
        if suffix in MEDIA_TYPES:
            out.append(
                {
                    "@type": "DataDownload",
                    "name": PurePosixPath(url).name,
                    "encodingFormat": MEDIA_TYPES[suffix],
                    "contentUrl": url,
                }
            )
    return out


def dataset(distribution: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": DATASET.title,
        "description": DATASET.description,
        "version": DATASET.version,
        "datePublished": DATASET.date_released,
        "license": DATASET.licence.url,
        "creator": creators(),
        "keywords": list(DATASET.keywords),
        "inLanguage": list(DATASET.languages),
        "url": DATASET.site_url,
        "sameAs": DATASET.repository,
        "isAccessibleForFree": True,
        "isBasedOn": archived_source(),
        "variableMeasured": variables(),
        "distribution": distribution,
    }


def script_tag(record: dict[str, Any]) -> str:
    """The record as a <script> element; `<` is escaped so no value can close the element."""
    text = json.dumps(record, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>'


def citation_meta_tags(pdf_url: str | None) -> str:
    """Highwire Press `citation_*` tags, read by Zotero and Google Scholar."""
    tags = [("citation_title", DATASET.title)]
    tags += [("citation_author", name) for name in DATASET.creators]
    tags += [
        ("citation_publication_date", DATASET.date_released.replace("-", "/")),
        ("citation_publisher", DATASET.publisher),
    ]
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return "\n".join(f'<meta name="{name}" content="{html.escape(value)}">' for name, value in tags)
