"""RO-Crate 1.1 metadata (`ro-crate-metadata.json`) for the data directory: every data file and
the archived source with sizes and SHA-256, and the derivation raw → clean → simplified →
tables → descriptors as `CreateAction`s, each with the instrument that performed it."""

from __future__ import annotations

from importlib.metadata import version as dist_version  # the instruments as installed (locked)
from pathlib import Path
from typing import Any

from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.meta import DATASET
from baicheng_report.publish import datapackage
from baicheng_report.publish.metadata import csvw_tables
from baicheng_report.publish.metadata.source_facts import file_facts
from baicheng_report.source import text as source

FILE = "ro-crate-metadata.json"
CONTEXT = "https://w3id.org/ro/crate/1.1/context"
PROFILE = "https://w3id.org/ro/crate/1.1"
CREATORS = "#creators"
DESCRIPTORS = ("datapackage.json", csvw_tables.FILE, "DICTIONARY.md")


def _ref(entity_id: str) -> dict[str, str]:
    return {"@id": entity_id}


def _refs(entity_ids: list[str]) -> dict[str, str] | list[dict[str, str]]:
    """RO-Crate 1.1 prefers a single value to a one-element list."""
    refs = [_ref(i) for i in entity_ids]
    return refs[0] if len(refs) == 1 else refs


def _file(data_dir: Path, rel: str, name: str, description: str, media: str) -> dict[str, Any]:
    facts = file_facts(data_dir, rel)
    return {
        "@id": rel,
        "@type": "File",
        "name": name,
        "description": description,
        "encodingFormat": media,
        "contentSize": str(facts.bytes),
        "sha256": facts.sha256,
    }


def _software(entity_id: str, name: str, version: str, url: str, what: str) -> dict[str, Any]:
    return {
        "@id": entity_id,
        "@type": "SoftwareApplication",
        "name": name,
        "version": version,
        "url": url,
        "description": what,
    }


def _action(
    entity_id: str, name: str, instruments: list[str], inputs: list[str], outputs: list[str]
) -> dict[str, Any]:
    return {
        "@id": entity_id,
        "@type": "CreateAction",
        "name": name,
        "agent": _ref(CREATORS),
        "instrument": _refs(instruments),
        "object": _refs(inputs),
        "result": _refs(outputs),
    }


PACKAGE_SOFTWARE = "#baicheng-report"


def crate(data_dir: Path) -> dict[str, Any]:
    """The crate's JSON-LD. Descriptor files are listed without hashes: they are written in the
    same step as this file."""
    files = _files(data_dir)
    actions = _actions()
    descriptor = {
        "@id": FILE,
        "@type": "CreativeWork",
        "conformsTo": _ref(PROFILE),
        "about": _ref("./"),
    }
    graph = [descriptor, _root(files, actions), *files, *actions, *_context_entities()]
    return {"@context": CONTEXT, "@graph": graph}


def _files(data_dir: Path) -> list[dict[str, Any]]:
    """The archived article, its two repaired texts, every table and the descriptor files."""
    return [
        {
            **_file(
                data_dir,
                source.RAW_FILE,
                "The archived article",
                "The article as received, byte for byte: traditional script, inline pinyin, six "
                "garbled passages. " + DATASET.source_title + ".",
                "text/plain",
            ),
            "inLanguage": "zh",
        },
        _file(
            data_dir,
            source.CLEAN_FILE,
            "The repaired text",
            "Pinyin annotations removed and garbled passages re-decoded.",
            "text/plain",
        ),
        _file(
            data_dir,
            source.SIMPLIFIED_FILE,
            "The repaired text in simplified script",
            "The repaired text through OpenCC t2s; evidence offsets index this text.",
            "text/plain",
        ),
        *(
            _file(
                data_dir,
                f"{name}.csv",
                name,
                datapackage.table_description(name),
                "text/csv",
            )
            for name in TABLE_NAMES
        ),
        *(
            {
                "@id": rel,
                "@type": "File",
                "name": rel,
                "description": "Generated from the pandera schemas by `baicheng-report package`.",
                "encodingFormat": "text/markdown" if rel.endswith(".md") else "application/json",
            }
            for rel in DESCRIPTORS
        ),
    ]


def _actions() -> list[dict[str, Any]]:
    """The derivation raw → clean → simplified → tables → descriptors, a step an action."""
    tables = [f"{name}.csv" for name in TABLE_NAMES]
    curated = [t for t in tables if t not in ("source_repairs.csv",)]
    return [
        _action(
            "#repair-text",
            "Repair the archived text: remove pinyin annotations, re-decode garbled passages, "
            "log every change",
            [PACKAGE_SOFTWARE],
            [source.RAW_FILE],
            [source.CLEAN_FILE, "source_repairs.csv"],
        ),
        _action(
            "#simplify-text",
            "Convert the repaired text to simplified script, character for character",
            ["#opencc"],
            [source.CLEAN_FILE],
            [source.SIMPLIFIED_FILE],
        ),
        _action(
            "#curate-tables",
            "Record every figure, case, quote, caption and term with the phrase that states it; "
            "each row is checked against the text by the pandera schemas",
            ["#pandera", PACKAGE_SOFTWARE],
            [source.SIMPLIFIED_FILE],
            curated,
        ),
        _action(
            "#describe-tables",
            "Generate the Data Package, CSVW metadata and data dictionary from the schemas",
            [PACKAGE_SOFTWARE],
            tables,
            list(DESCRIPTORS),
        ),
    ]


def _root(files: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """The dataset itself: what it is, whose, under which licence, and what it holds."""
    return {
        "@id": "./",
        "@type": "Dataset",
        "name": DATASET.title,
        "description": DATASET.description,
        "version": DATASET.version,
        "datePublished": DATASET.date_released,
        "license": _ref(DATASET.licence.url),
        "keywords": list(DATASET.keywords),
        "inLanguage": list(DATASET.languages),
        "author": _ref(CREATORS),
        "publisher": _ref(CREATORS),
        "url": DATASET.site_url,
        "isBasedOn": _ref(source.RAW_FILE),
        "hasPart": [_ref(f["@id"]) for f in files],
        "mentions": [_ref(a["@id"]) for a in actions],
    }


def _context_entities() -> list[dict[str, Any]]:
    """Who made it, its licence, and the instruments the actions name."""
    return [
        {
            "@id": CREATORS,
            "@type": "Organization",
            "name": ", ".join(DATASET.creators),
            "url": DATASET.repository,
        },
        {"@id": DATASET.licence.url, "@type": "CreativeWork", "name": DATASET.licence.title},
        _software(
            PACKAGE_SOFTWARE,
            "baicheng-report",
            DATASET.version,
            DATASET.repository,
            "This package: the text repair (source.py, mojibake.py), the pandera schemas and "
            "`baicheng-report package`.",
        ),
        _software(
            "#opencc",
            "OpenCC (t2s)",
            dist_version("OpenCC"),
            "https://github.com/BYVoid/OpenCC",
            "Traditional to simplified Chinese conversion, configuration t2s.",
        ),
        _software(
            "#pandera",
            "pandera",
            dist_version("pandera"),
            "https://pandera.readthedocs.io/",
            "Dataframe validation; runs the schemas' column and table checks.",
        ),
    ]
