"""Rendering: Jupyter Book turns each staged edition into its site (and, when asked, its PDF);
the editions are then gathered under one folder with the landing page and the files for tools."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from baicheng_report.report import i18n, jupyter_book_run
from baicheng_report.report.errors import BuildError
from baicheng_report.report.execute import Outcome
from baicheng_report.report.publish import Layout
from baicheng_report.report.staging import edition_config, stage_edition

TITLE = "Policing reform in Baicheng: a traceable report"


def jupyter_book(edition: Path, builders: tuple[str, ...] = ("html",)) -> Path:
    """Build one staged edition with each builder, in one process (`jupyter_book_run`), warnings
    as errors; a failure names the edition and ends with Jupyter Book's last lines. Returns the
    edition's `_build` folder (a folder per builder)."""
    result = subprocess.run(
        [sys.executable, "-m", jupyter_book_run.__name__, str(edition), *builders],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise BuildError(
            f"jupyter-book build of the {edition.name} edition failed "
            f"(warnings are errors):\n{tail}"
        )
    return edition / "_build"


ICON = "_static/favicon.svg"  # _config.yml's html.favicon, as each edition serves it


def _edition_index(site: Path, lang: str) -> None:
    """Jupyter Book writes an edition's index.html as one meta-refresh line, a page with no head:
    a browser that meets it asks the server's root for /favicon.ico. The same redirect, written
    as a page with the edition's language, title and icon."""
    index = site / "index.html"
    found = re.search(r'url=([^"\s]+)"', index.read_text(encoding="utf-8"))
    if found is None:  # not the redirect this expects: left as Jupyter Book wrote it
        return
    target, title = html.escape(found.group(1)), html.escape(i18n.translate(TITLE, lang))
    index.write_text(
        f'<!DOCTYPE html>\n<html lang="{i18n.HTML_LANG[lang]}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<link rel="canonical" href="{target}">'
        f'<link rel="icon" href="{ICON}" type="image/svg+xml"><title>{title}</title></head>'
        f'<body><p><a href="{target}">{title}</a></p></body></html>\n',
        encoding="utf-8",
    )


def _render(edition: Path, pdf: bool) -> Path:
    """One edition's site, with its PDF printed into it when asked (from the same executed
    notebooks, built as one page)."""
    built = jupyter_book(edition, ("html", "singlehtml") if pdf else ("html",))
    site = built / "html"
    _edition_index(site, edition.name)
    if pdf:
        from baicheng_report.report import pdf as printer

        title = i18n.translate(TITLE, edition.name)
        printer.print_edition(built / "singlehtml", site, title, edition.name)
    return site


def _render_all(editions: list[Path], pdf: bool) -> list[Path]:
    """Jupyter Book runs once per edition; the editions render side by side."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(editions)) as threads:
        return list(threads.map(lambda edition: _render(edition, pdf), editions))


def landing_page(langs: tuple[str, ...], pdf: bool = False) -> str:
    """The site's index.html: straight on to the first edition, with a link to every edition,
    and the dataset's JSON-LD and citation tags for crawlers that stop here."""
    from baicheng_report.publish.metadata import (
        site as metadata_site,  # pandera: only when building
    )

    first = langs[0]
    links = "".join(
        f'<li><a href="{lang}/index.html" hreflang="{i18n.HTML_LANG[lang]}" '
        f'lang="{i18n.HTML_LANG[lang]}">{i18n.translate(TITLE, lang)} ({i18n.EDITION_NAME[lang]})'
        "</a></li>"
        for lang in langs
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{i18n.HTML_LANG[first]}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={first}/index.html">'
        f'<link rel="canonical" href="{first}/index.html">'
        f'<link rel="icon" href="{first}/{ICON}" type="image/svg+xml">'
        f"{metadata_site.citation_tags(first, pdf)}{metadata_site.dataset_script(first)}"
        f"<title>{i18n.translate(TITLE, first)}</title></head>"
        f"<body><main><h1>{i18n.translate(TITLE, first)}</h1><ul>{links}</ul></main></body>"
        "</html>\n"
    )


def render_site(  # noqa: PLR0917 - what the build has made, passed on as it is
    layout: Layout,
    stage: Path,
    assets: Path,
    data_dir: Path,
    outcomes: dict[str, list[Outcome]],
    pdf: bool,
) -> Path:
    """Stage and render every edition with the `assets` they share (`staging.shared_assets`),
    then gather them under stage/site: <lang>/ each, and the landing page."""
    from baicheng_report.publish.metadata import (
        site as metadata_site,  # pandera: only when building
    )
    from baicheng_report.report.annotations import publish as publish_for_tools

    langs = tuple(outcomes)
    editions = [
        stage_edition(
            layout,
            stage / lang,
            lang,
            outcomes[lang],
            edition_config(layout, lang, langs, pdf),
            assets,
        )
        for lang in langs
    ]
    site = stage / "site"
    site.mkdir()
    for lang, rendered in zip(langs, _render_all(editions, pdf), strict=True):
        rendered.rename(site / lang)
    publish_for_tools(site, data_dir, langs)  # the plain text and annotations.jsonld
    (site / "index.html").write_text(landing_page(langs, pdf), encoding="utf-8")
    (site / "sitemap.xml").write_text(metadata_site.sitemap_index(langs), encoding="utf-8")
    return site
