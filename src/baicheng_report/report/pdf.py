"""The PDF edition: the single-page HTML build, printed by the system's Chromium.

No step downloads anything: the browser is the system's (see `chromium.find`), driven by
Playwright with `executable_path`, and every request other than the local file is refused.
Charts print as their PNG fallbacks (rendered with a CJK font), each chapter starts a page, and a
contents page opens the document.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from baicheng_report.report.chromium import find, launch
from baicheng_report.report.errors import BuildError
from baicheng_report.report.i18n import gettext

# One section per notebook (myst-nb marks them tex2jax_ignore); the title is an h1 or h2.
_CHAPTER = re.compile(
    r'<section class="[^"]*\btex2jax_ignore\b[^"]*" id="([^"]+)">\s*'
    r'<h[12]>(.*?)<a class="headerlink"',
    re.S,
)
PRINT_PAGE = "print.html"
PDF_NAME = "baicheng-report.pdf"  # in each edition's site, beside its manifest
PDF_LINK_EXTENSION = "pdf_link"  # book/_ext/pdf_link.py, loaded only when the PDF is printed
# Installs every system package the PDF and the browser tests need (.ci/system-packages.txt).
INSTALL_SYSTEM_PACKAGES = "sudo .ci/install-system-packages"


def printing(pdf: bool, pdf_if_browser: bool) -> tuple[bool, str]:
    """Whether this build prints the PDFs, and the line that says why not when they were asked
    for only if a browser is found. `pdf` without a browser is a BuildError, before any work."""
    from baicheng_report.report import chromium

    no_browser = chromium.missing() if pdf or pdf_if_browser else None
    if pdf and no_browser:
        raise BuildError(f"printing the PDF needs a browser: {no_browser}")
    skipped = (
        f"PDFs skipped: no browser found ({no_browser.tried}); "
        f"to print them: {INSTALL_SYSTEM_PACKAGES} && make pdf"
        if no_browser
        else ""
    )
    return (pdf or pdf_if_browser) and no_browser is None, skipped


def print_edition(single_dir: Path, site: Path, title: str, lang: str) -> None:
    """Print one edition's singlehtml build into its site, as PDF_NAME; a failure is a
    BuildError naming its cause."""
    try:
        print_pdf(single_dir, site / PDF_NAME, title, lang)
    except Exception as err:
        raise BuildError(f"printing the PDF failed: {type(err).__name__}: {err}") from err


def prepare(single_html: Path, lang: str = "en") -> None:
    """Make the single page printable: in-page claim links and a contents page."""
    _ = gettext(lang)
    text = single_html.read_text(encoding="utf-8")
    text = text.replace('href="source.html#', 'href="#')
    chapters = _CHAPTER.findall(text)
    items = "".join(f'<li><a href="#{cid}">{title.strip()}</a></li>' for cid, title in chapters)
    heading = _("Contents")
    contents = (
        f'<nav class="print-contents" aria-label="{heading}"><h1>{heading}</h1><ol>{items}</ol>'
        "</nav>"
    )
    text = text.replace(
        '<article class="bd-article">', '<article class="bd-article">' + contents, 1
    )
    single_html.write_text(text, encoding="utf-8")


def single_page(single_dir: Path) -> Path:
    """The one page of a singlehtml build, copied beside `_static/`, which its links assume
    (Jupyter Book writes it under book/ but links its assets as if it sat at the top)."""
    pages = [
        p for p in single_dir.rglob("*.html") if p.parent != single_dir and "_static" not in p.parts
    ]
    if len(pages) != 1:
        raise FileNotFoundError(f"expected one page in {single_dir}, found {len(pages)}")
    target = single_dir / PRINT_PAGE
    target.write_text(pages[0].read_text(encoding="utf-8"), encoding="utf-8")
    return target


def print_pdf(single_dir: Path, target: Path, title: str, lang: str = "en") -> None:
    """Print the singlehtml build in `single_dir` to `target` (A4, bookmarks, tagged), with only
    local files reachable."""
    find()  # before any work: no browser, no PDF (BrowserNotFound says what to install)
    from playwright.sync_api import sync_playwright

    single_html = single_page(single_dir)
    prepare(single_html, lang)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        page.goto(single_html.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.pdf(
            path=str(target),
            format="A4",
            print_background=True,
            outline=True,
            tagged=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=(
                f'<div style="font-size:8px;width:100%;text-align:center">'
                f'{html.escape(title)} · <span class="pageNumber"></span>'
                "</div>"
            ),
            margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
        )
        browser.close()
