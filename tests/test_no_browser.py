"""`make book` on a machine without a browser: the site is built and published without PDFs or
links to them, with one closing notice; `--pdf` still fails cleanly; `make pdf` adds the PDFs
later without executing the chapters again."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from baicheng_report.report import chromium
from baicheng_report.report.build import INSTALL_SYSTEM_PACKAGES, PDF_NAME, SITE_KEY
from tests.conftest import (
    BUILD_ENV,
    EDITIONS,
    SMALL_BOOK,
    build_args,
    build_output,
    copy_book,
    copy_built,
    edition_site,
    make_flags,
    run_cli,
)

pytestmark = pytest.mark.slow


def _build(root: Path, *flags: str, browser: str | None) -> subprocess.CompletedProcess[str]:
    """A build of the copy at `root`, with the browser lookup pointed at `browser` if given."""
    env = BUILD_ENV if browser is None else {**BUILD_ENV, chromium.OVERRIDE: browser}
    return run_cli(*build_args(root), *flags, env=env)


def _published(root: Path) -> tuple[str, str]:
    site = root / "_build" / "html"
    return str(site.readlink()), (site / SITE_KEY).read_text(encoding="utf-8")


def test_make_book_publishes_both_editions_and_says_once_that_pdfs_were_skipped(
    small_built_book: Path,
) -> None:
    root = small_built_book  # built by `make book`'s options, the browser lookup pointed at nothing
    stdout, stderr = build_output(root)
    lines = stdout.strip().splitlines()
    notices = [line for line in (stdout + stderr).splitlines() if "PDFs" in line]
    assert notices == [lines[-1]]  # one line, the last
    assert lines[-1].startswith("PDFs skipped: no browser found")
    assert chromium.OVERRIDE in lines[-1] and f"{INSTALL_SYSTEM_PACKAGES} && make pdf" in lines[-1]
    assert (root / "_build" / "html" / "index.html").is_file()
    for lang in EDITIONS:
        assert (edition_site(root, lang) / "book" / f"{SMALL_BOOK[0]}.html").is_file()


def test_without_a_pdf_no_page_links_to_one_and_the_manifest_says_so(
    small_built_book: Path,
) -> None:
    root = small_built_book
    site = root / "_build" / "html"
    assert not list(site.rglob("*.pdf"))
    pages = list(site.rglob("*.html"))
    assert len(pages) > len(EDITIONS) * len(SMALL_BOOK)
    for page in pages:
        assert PDF_NAME not in page.read_text(encoding="utf-8"), page
    for lang in EDITIONS:
        record = json.loads((edition_site(root, lang) / "manifest.json").read_text("utf-8"))
        assert record["edition"] == lang and record["pdf"] is None


def test_asking_for_the_pdf_without_a_browser_fails_and_keeps_the_site(
    small_built_book: Path, tmp_path: Path
) -> None:
    root = copy_built(small_built_book, tmp_path)
    before = _published(root)
    gone = str(root / "no-such-chromium")
    result = _build(root, "--pdf", "--force", browser=gone)
    assert result.returncode == 1
    assert "the published site is unchanged" in result.stderr
    assert f"{chromium.OVERRIDE}={gone}" in result.stderr
    assert "apt-get install chromium" in result.stderr
    assert "executing" not in result.stderr  # it fails before any notebook runs
    assert "Traceback" not in result.stderr
    assert _published(root) == before


def test_executed_only_refuses_a_book_never_executed(tmp_path: Path) -> None:
    root = copy_book(tmp_path / "fresh", SMALL_BOOK)
    result = _build(root, "--executed-only", "--lang", "en", browser=None)
    assert result.returncode == 1
    assert f"not executed yet (run `make book` first): {SMALL_BOOK[0]}.md (en)" in result.stderr
    assert "executing" not in result.stderr
    assert not (root / "_build" / "html").exists()


def test_make_pdf_prints_the_pdfs_and_links_them_without_executing_the_chapters(
    small_built_book: Path, tmp_path: Path
) -> None:
    from tests.browser import need as _need

    no_browser = chromium.missing()
    _need(no_browser is None, str(no_browser))
    root = copy_built(small_built_book, tmp_path)
    result = _build(root, *make_flags("pdf"), browser=None)
    assert result.returncode == 0, result.stderr[-3000:]
    # Only the reproducibility chapter runs: it reports this build's cache hits.
    assert f"{len(EDITIONS)} notebook(s) executed" in result.stdout
    assert "PDFs skipped" not in result.stdout
    for lang in EDITIONS:
        site = edition_site(root, lang)
        assert (site / PDF_NAME).read_bytes().startswith(b"%PDF-")
        record = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
        assert record["pdf"] == PDF_NAME
        for page in (site / "book").glob("*.html"):
            links = re.findall(r'<p class="pdf-link"><a href="([^"]+)"', page.read_text("utf-8"))
            assert len(links) == 1, page
            assert (page.parent / links[0]).resolve() == (site / PDF_NAME).resolve()
