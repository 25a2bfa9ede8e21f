"""Sphinx extension: mark each page with its edition's language and link it to its counterparts.

The build renders one site per edition side by side (`en/`, `zh/`, ...) and tells each which it
is (`br_edition`) and which exist (`br_editions`). Every page then carries `<html lang>` in BCP 47
form (Sphinx would write `zh_CN`), `<link rel="alternate" hreflang>` for search engines, and a
visible link to the same page in every other edition. In the English edition, runs of Chinese
in the prose are wrapped in `<span lang="zh-Hans">`, so that screen readers switch voice and
browsers pick Chinese rather than Japanese glyph forms.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes

from baicheng_report.report.i18n import CJK_RUN, EDITION_NAME, HTML_LANG

_PROSE = (nodes.paragraph, nodes.emphasis, nodes.strong, nodes.list_item, nodes.inline)


def _counterparts(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    edition = app.config.br_edition
    context["language"] = HTML_LANG.get(edition, edition)
    others = [lang for lang in app.config.br_editions if lang != edition]
    if not others:
        return
    up = "../" * (pagename.count("/") + 1)  # from this page to the folder holding the editions
    links, alternates = [], []
    for lang in others:
        href = html.escape(f"{up}{lang}/{pagename}.html")
        tag = HTML_LANG[lang]
        alternates.append(f'<link rel="alternate" hreflang="{tag}" href="{href}">')
        links.append(
            f'<a class="edition-link" href="{href}" hreflang="{tag}" lang="{tag}">'
            f"{html.escape(EDITION_NAME[lang])}</a>"
        )
    context["metatags"] = context.get("metatags", "") + "\n".join(alternates)
    if "body" in context:
        context["body"] = f'<p class="edition-switch">{" · ".join(links)}</p>' + context["body"]


def _mark_chinese(app: Any, doctree: Any, docname: str) -> None:
    if app.config.br_edition != "en" or app.builder.format != "html":
        return
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if not isinstance(parent, _PROSE) or not CJK_RUN.search(str(text)):
            continue
        pieces: list[nodes.Node] = []
        cursor, value = 0, str(text)
        for run in CJK_RUN.finditer(value):
            pieces.append(nodes.Text(value[cursor : run.start()]))
            span = f'<span lang="{HTML_LANG["zh"]}">{html.escape(run.group())}</span>'
            pieces.append(nodes.raw("", span, format="html"))
            cursor = run.end()
        pieces.append(nodes.Text(value[cursor:]))
        parent.replace(text, [p for p in pieces if not (isinstance(p, nodes.Text) and not p)])


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("br_edition", "en", "html")
    app.add_config_value("br_editions", ["en"], "html")
    app.connect("html-page-context", _counterparts)
    app.connect("doctree-resolved", _mark_chinese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
