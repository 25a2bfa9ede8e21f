"""Sphinx extension: keep every page free of network fetches and of duplicate scripts.

Jupyter Book 1 always loads sphinx-thebe, which adds a config script naming a CDN (twice, which
also raises a redeclaration error in the browser). Thebe is off in this book, so its scripts are
dropped from every page.
"""

from __future__ import annotations

from typing import Any


def _is_thebe(script: Any) -> bool:
    name = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in name or "THEBE_JS_URL" in body


def _drop_thebe(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
