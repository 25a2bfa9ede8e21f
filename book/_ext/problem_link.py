"""Sphinx extension: a "Report a problem" link at the foot of every page, to a new issue
prefilled with the page's address and the edition (`report/problem_report.py`)."""

from __future__ import annotations

from typing import Any

from baicheng_report.report.problem_report import page_link


def _link(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html" or "body" not in context or doctree is None:
        return
    context["body"] += page_link(app.config.br_edition, pagename)


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
