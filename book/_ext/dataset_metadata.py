"""Sphinx extension: make the book findable and citable by machines.

- every page: `citation_*` meta tags (Zotero, Google Scholar), with the edition's PDF when the
  build prints one (`br_citation_pdf`, the file name, set by the build);
- the edition's first page: the dataset as schema.org `Dataset` JSON-LD (Google Dataset Search),
  each export the site serves as a `distribution`;
- configures sphinx-sitemap and sphinxext-opengraph with the edition's absolute URL (both need
  one; only `<meta>` and the sitemap carry it, so no page loads anything from it).
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes

from baicheng_report.metadata import site

# The `lang` spans that editions.py wraps around Chinese runs in English pages.
_LANG_SPAN = re.compile(r'<span lang="[^"]+">(.*?)</span>', re.S)


def _configure(app: Any, config: Any) -> None:
    base = site.edition_url(config.br_edition)
    config.site_url = base  # sphinx-sitemap; html_baseurl would add canonical <link>s
    config.sitemap_url_scheme = "{link}"  # the edition is in the base, not Sphinx's zh_CN
    config.sitemap_excludes = ["search.html", "genindex.html"]  # not content
    config.ogp_site_url = base
    config.ogp_enable_meta_description = True
    config.ogp_social_cards = {"enable": False}  # would need matplotlib and a font download
    config.ogp_site_name = config.html_title or config.project


def _spans_as_text(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the Chinese runs back to opengraph's description as text (it skips raw HTML and
    would write "Bureau()"). The page body is already rendered, so only the tags see this."""
    if doctree is None:
        return
    parents = []
    for raw in list(doctree.findall(nodes.raw)):
        match = _LANG_SPAN.fullmatch(raw.astext())
        if raw.get("format") == "html" and match:
            parents.append(raw.parent)
            raw.parent.replace(raw, nodes.Text(html.unescape(match.group(1))))
    for parent in parents:  # one text node per run, as before editions.py split it
        merged: list[nodes.Node] = []
        for child in parent.children:
            if merged and isinstance(child, nodes.Text) and isinstance(merged[-1], nodes.Text):
                merged[-1] = nodes.Text(str(merged[-1]) + str(child))
            else:
                merged.append(child)
        parent.children = []
        parent.extend(merged)


def _tags(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    edition = app.config.br_edition
    tags = [site.citation_tags(edition, bool(app.config.br_citation_pdf))]
    if pagename == app.config.root_doc:
        tags.append(site.dataset_script(edition))
    context["metatags"] = context.get("metatags", "") + "\n".join(tags)


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("br_citation_pdf", "", "html")
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _spans_as_text, priority=400)  # before opengraph's 500
    app.connect("html-page-context", _tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
