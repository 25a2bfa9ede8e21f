"""The build manifest: what went into each edition's site, written beside it as manifest.json.

The last chapter reads the manifest of the chapters before it, so it is written twice: once for
that chapter's parameters (by content, in the cache) and once into the published edition.
"""

from __future__ import annotations

import json
import platform
import time
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any

from baicheng_report.hashing import digest
from baicheng_report.report.execute import Outcome
from baicheng_report.report.pdf import PDF_NAME
from baicheng_report.report.publish import Layout

MANIFEST = "manifest.json"
DEPENDENCIES = (
    "pandas",
    "pandera",
    "opencc",
    "altair",
    "vl-convert-python",
    "papermill",
    "jupyter-book",
    "myst-nb",
    "sphinx",
    "sphinx-book-theme",
    "jupytext",
    "jieba",  # segments the Chinese search index
)


def _versions() -> dict[str, str]:
    out = {}
    for name in DEPENDENCIES:
        try:
            out[name] = dist_version(name)
        except Exception:
            out[name] = "not installed"
    return out


def manifest(data_dir: Path, outcomes: list[Outcome]) -> dict[str, Any]:
    """What went into the site. `seconds` and `built_at` are the only values that vary."""
    from baicheng_report import meta
    from baicheng_report.dataset.tables import descriptor
    from baicheng_report.report import charts
    from baicheng_report.source import text as source

    desc = descriptor(data_dir)
    return {
        "dataset_version": desc["version"],
        "package_version": meta.version(),
        "python": platform.python_version(),
        "dependencies": {**_versions(), **charts.versions()},
        "source_sha256": source.RAW_SHA256,
        "files": {r["path"]: r["hash"] for r in desc["resources"]},
        "notebooks": [
            {
                "name": o.stem,
                "title": chapter_title(o.output),
                "seconds": round(o.seconds, 2),
                "cached": o.cached,
            }
            for o in outcomes
        ],
    }


def chapter_title(executed: Path) -> str:
    """A chapter's title as its executed notebook states it, in the edition's language: the
    heading of its first markdown cell (what the page and the table of contents show)."""
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            return next((h[2:].strip() for h in source.splitlines() if h.startswith("# ")), "")
    return ""


def _text(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, sort_keys=True)


def write_published(
    site: Path, data_dir: Path, outcomes: dict[str, list[Outcome]], printing: bool, started: float
) -> None:
    """Each edition's manifest.json, with when the build ended, how long it took and its PDF."""
    for lang, edition in outcomes.items():
        record = manifest(data_dir, edition)
        record.update(
            edition=lang,
            built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            build_seconds=round(time.perf_counter() - started, 2),
            pdf=PDF_NAME if printing else None,  # the file beside the manifest, if printed
        )
        (site / lang / MANIFEST).write_text(_text(record) + "\n", encoding="utf-8")


def last_chapter_params(
    layout: Layout, params: dict[str, Any], lang: str, data_dir: Path, outcomes: list[Outcome]
) -> dict[str, Any]:
    """The last chapter's parameters: the manifest of the chapters before it, by content."""
    text = _text(manifest(data_dir, outcomes))
    path = layout.cache.parent / f"manifest-{digest(text.encode())[:16]}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return {**params, "lang": lang, "manifest_path": str(path)}
