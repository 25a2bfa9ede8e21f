"""Sphinx extension: a link on every page to the edition's PDF.

The build loads this extension only for an edition whose PDF it prints (`br_pdf` names the file,
at the top of the edition's folder), so a site built without a browser has no PDF link at all
rather than a dead one. The single page that is printed does not link to itself.
"""

from __future__ import annotations

import html
from typing import Any


def _link(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html" or "body" not in context:
        return
    href = html.escape("../" * pagename.count("/") + app.config.br_pdf)
    title = html.escape(str(app.config.html_title or app.config.project))
    context["body"] = (
        f'<p class="pdf-link"><a href="{href}" type="application/pdf">{title} (PDF)</a></p>'
        + context["body"]
    )


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("br_pdf", "", "html")
    # Before the edition switch is prepended (priority 500), so the switch stays first.
    app.connect("html-page-context", _link, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
