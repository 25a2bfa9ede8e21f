"""Sphinx extension: make the book findable and citable by machines.

- every page: `citation_*` meta tags (Zotero, Google Scholar), with the edition's PDF when the
  build prints one (`br_citation_tags`);
- the edition's first page: the dataset as schema.org `Dataset` JSON-LD (Google Dataset Search),
  each export the site serves as a `distribution` (`br_dataset_script`);
- configures sphinx-sitemap and sphinxext-opengraph with the edition's absolute URL
  (`br_edition_url`: both need one; only `<meta>` and the sitemap carry it, so no page loads
  anything from it).

The build writes all three into the edition's configuration (`report.staging`, from
`publish.metadata.site`), so this process never loads the data stack for them; a plain
`jupyter-book build` of the book (the build benchmark's baseline) makes them here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from docutils import nodes

# What the build hands this extension (`publish.metadata.site.sphinx_config`'s keys)
CONFIG_VALUES = ("br_edition_url", "br_citation_tags", "br_dataset_script")


def _configure(app: Any, config: Any) -> None:
    if not config.br_edition_url:  # a plain `jupyter-book build`: made here, at 0.7 s of imports
        from baicheng_report.publish.metadata import site

        for name, value in site.sphinx_config(config.br_edition, pdf=False).items():
            setattr(config, name, value)
    base = config.br_edition_url
    config.site_url = base  # sphinx-sitemap; html_baseurl would add canonical <link>s
    config.sitemap_url_scheme = "{link}"  # the edition is in the base, not Sphinx's zh_CN
    config.sitemap_excludes = ["search.html", "genindex.html"]  # not content
    config.ogp_site_url = base
    config.ogp_enable_meta_description = True
    config.ogp_social_cards = {"enable": False}  # would need matplotlib and a font download
    config.ogp_site_name = config.html_title or config.project


class _VisibleText(HTMLParser):
    """The text a reader sees in an HTML fragment: tags dropped, `hidden` elements (a claim's
    popover) skipped with all they hold."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if self.hidden_depth or any(name == "hidden" for name, _ in attrs):
            self.hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.hidden_depth and tag not in self.VOID:
            self.hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(data)


def visible_text(fragment: str) -> str:
    parser = _VisibleText()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def _inline_text(node: Any) -> str:
    """A paragraph's text as the page shows it: glued numbers (raw HTML) included."""
    if isinstance(node, nodes.raw):
        return visible_text(node.astext()) if node.get("format") == "html" else ""
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(_inline_text(child) for child in node.children)


def description(doctree: Any, edition: str) -> str:
    """The page's prose, numbers included, as one text: its paragraphs outside code cells and
    admonitions, joined as the edition writes (Chinese sentences join without spaces)."""
    chinese = edition == "zh"
    texts = []
    for paragraph in doctree.findall(nodes.paragraph):
        inside = paragraph.parent
        skipped = False
        while inside is not None:
            classes = inside.get("classes", []) if isinstance(inside, nodes.Element) else []
            if isinstance(inside, nodes.Admonition) or "cell" in classes:
                skipped = True
            inside = inside.parent
        if skipped:
            continue
        text = _inline_text(paragraph).strip()
        text = re.sub(r"\s*\n\s*", "" if chinese else " ", text)
        texts.append(text)
    return ("" if chinese else " ").join(t for t in texts if t)


def _shortened(text: str, app: Any) -> str:
    """At most the configured length, cut after a sentence, else between words (English) or
    characters (Chinese), and marked with an ellipsis."""
    limit = int(app.config.ogp_description_length)
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    sentence = max(head.rfind(end) for end in ("。", ". ", "；", "; "))
    if sentence > limit // 2:
        return head[: sentence + 1].rstrip()
    if app.config.br_edition != "zh" and " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:，、；：") + "…"


def _described(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give opengraph (which skips raw HTML, so every glued number, and puts a space between
    any two runs of text) the page's prose as the reader sees it, in one run: the page title it
    skips, then one paragraph. The page body is already rendered, so only the tags see this."""
    if doctree is None:
        return
    text = _shortened(description(doctree, app.config.br_edition), app)
    title = next(iter(doctree.findall(nodes.title)), None)
    doctree.children = []
    if title is not None:
        doctree.append(title.deepcopy())
    if text:
        doctree.append(nodes.paragraph("", "", nodes.Text(text)))


def _tags(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    tags = [app.config.br_citation_tags]
    if pagename == app.config.root_doc:
        tags.append(app.config.br_dataset_script)
    context["metatags"] = context.get("metatags", "") + "\n".join(tags)


def setup(app: Any) -> dict[str, Any]:
    for name in CONFIG_VALUES:
        app.add_config_value(name, "", "html")
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _described, priority=400)  # before opengraph's 500
    app.connect("html-page-context", _tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
