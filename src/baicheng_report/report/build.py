"""Build and publish the book: validate → execute (papermill) → stage → Jupyter Book → swap.

The site is built aside in a staging folder and published by replacing the `_build/html` link in
one rename, so a failure at any step leaves the previous site untouched. When no input changed
since the published site, the build only hashes its inputs.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any

from baicheng_report.report import i18n
from baicheng_report.report.errors import BuildError, OutRefused
from baicheng_report.report.execute import (
    Outcome,
    Task,
    cached,
    code_digest,
    data_digest,
    digest,
    execute,
    task_key,
    worker_pool,
)
from baicheng_report.report.publish import (
    SITE_KEY,
    Layout,
    check_out,
    layout_for,
    prepare,
    publish,
    writing,
)

__all__ = ["BuildError", "OutRefused", "build", "default_jobs"]

MANIFEST = "manifest.json"
PDF_NAME = "baicheng-report.pdf"
PDF_LINK_EXTENSION = "pdf_link"  # book/_ext/pdf_link.py, loaded only when the PDF is printed
# Installs every system package the PDF and the browser tests need (.ci/system-packages.txt).
INSTALL_SYSTEM_PACKAGES = "sudo .ci/install-system-packages"
TITLE = "Policing reform in Baicheng: a traceable report"
LAST_CHAPTER = "reproducibility"  # executed last: it reads the manifest of the others
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


def chapters(root: Path) -> list[str]:
    """Notebook stems in table-of-contents order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        files += [c["file"] for c in part["chapters"]]
    return [Path(f).name for f in files]


def prose_and_code_lines(source: Path) -> tuple[int, int]:
    """Non-blank lines of prose (the Markdown a reader reads, fenced examples aside) and of code
    (every code cell, the parameters included) in a chapter's notebook source."""
    import jupytext

    nb = jupytext.read(source)
    prose = [
        block
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for block, translatable in i18n.blocks(cell.source)
        if translatable
    ]
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    return _lines(prose), _lines(code)


def _lines(texts: list[str]) -> int:
    return sum(1 for text in texts for line in text.splitlines() if line.strip())


def _static_files(root: Path) -> list[Path]:
    """The book's own assets and Sphinx extensions: they shape every page."""
    found = [p for folder in ("_static", "_ext") for p in (root / "book" / folder).rglob("*")]
    return sorted(p for p in found if p.is_file() and "__pycache__" not in p.parts)


def _lock_bytes(root: Path) -> bytes:
    lock = root / "requirements.lock"
    return lock.read_bytes() if lock.is_file() else b""


def site_key(root: Path, data_dir: Path, params: dict[str, Any]) -> str:
    """Everything that shapes the site, hashed; equal keys mean an identical site."""
    parts = [(root / name).read_bytes() for name in ("_config.yml", "_toc.yml")]
    parts += [(root / "book" / f"{stem}.md").read_bytes() for stem in chapters(root)]
    parts += [p.relative_to(root).as_posix().encode() + p.read_bytes() for p in _static_files(root)]
    parts += [
        data_digest(data_dir).encode(),
        code_digest().encode(),
        _lock_bytes(root),
        json.dumps(params, sort_keys=True).encode(),
    ]
    return digest(*parts)


def published_key(layout: Layout) -> str | None:
    marker = layout.out / SITE_KEY
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None


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
    from baicheng_report import meta, source
    from baicheng_report.report import charts
    from baicheng_report.tables import descriptor

    desc = descriptor(data_dir)
    return {
        "dataset_version": desc["version"],
        "package_version": meta.version(),
        "python": platform.python_version(),
        "dependencies": {**_versions(), **charts.versions()},
        "source_sha256": source.RAW_SHA256,
        "files": {r["path"]: r["hash"] for r in desc["resources"]},
        "notebooks": [
            {"name": o.stem, "seconds": round(o.seconds, 2), "cached": o.cached} for o in outcomes
        ],
    }


def _tasks(layout: Layout, stems: list[str], params: dict[str, Any], shared: str) -> list[Task]:
    book = layout.root / "book"
    return [
        Task(
            stem,
            book / f"{stem}.md",
            task_key(book / f"{stem}.md", params, shared),
            params,
            book,
            layout.cache,
        )
        for stem in stems
    ]


def _run(tasks: list[Task], pool: Any, force: bool, executed_only: bool) -> list[Outcome]:
    if executed_only:
        unexecuted = [t.label for t in tasks if force or cached(t) is None]
        if unexecuted:
            raise BuildError("not executed yet (run `make book` first): " + ", ".join(unexecuted))
    outcomes = execute(tasks, pool, force)
    errors = [o.error for o in outcomes if o.error]
    if errors:
        raise BuildError("notebook execution failed:\n  " + "\n  ".join(errors))
    return outcomes


def _edition_config(layout: Layout, lang: str, langs: tuple[str, ...], pdf: bool) -> str:
    """The book's _config.yml for one edition: its language, title and sibling editions, and
    the link to its PDF when one is printed (none at all otherwise, rather than a dead one)."""
    import yaml

    from baicheng_report.metadata import site as metadata_site  # pandera: only when building

    _ = i18n.gettext(lang)
    config = yaml.safe_load((layout.root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = _("Policing reform in Baicheng: a traceable report")
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    if pdf:
        config["sphinx"].setdefault("local_extensions", {})[PDF_LINK_EXTENSION] = "book/_ext"
        sphinx["br_pdf"] = PDF_NAME
    sphinx["language"] = i18n.SPHINX_LANGUAGE[lang]
    sphinx["br_edition"] = lang
    sphinx["br_editions"] = list(langs)
    # citation_pdf_url names the PDF only when it is printed
    sphinx["br_citation_pdf"] = metadata_site.PDF if pdf else ""
    options = sphinx.setdefault("html_theme_options", {})
    options["search_bar_text"] = _("Search the report")
    sphinx["nb_code_prompt_show"] = _("Show the code")  # the toggles over folded code
    sphinx["nb_code_prompt_hide"] = _("Hide the code")
    return str(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def _shared_assets(layout: Layout, stage: Path, data_dir: Path) -> Path:
    """What every edition serves alike, made once: the Vega bundle and the table downloads."""
    from baicheng_report.export import export
    from baicheng_report.metadata import site as metadata_site  # pandera: only when building
    from baicheng_report.report import charts, downloads

    assets = stage / "assets"
    bundle = layout.cache.parent / (
        f"{charts.BUNDLE_NAME}.{charts.versions()['vega-lite']}.{charts.BUNDLE_FORMAT}"
    )
    if not bundle.is_file():
        bundle.parent.mkdir(parents=True, exist_ok=True)
        bundle.write_text(charts.vega_bundle(), encoding="utf-8")
    assets.mkdir(parents=True)
    shutil.copyfile(bundle, assets / charts.BUNDLE_NAME)
    # the downloads chapter's files, which the JSON-LD distribution lists too
    for fmt in metadata_site.SITE_EXPORTS:
        export(data_dir, assets / "data", fmt)
    downloads.write(data_dir, assets / "data")
    return assets


def _stage(
    layout: Layout, edition: Path, outcomes: list[Outcome], config: str, assets: Path
) -> Path:
    """One edition's sources (configuration, executed notebooks, assets) in `edition`."""
    (edition / "book").mkdir(parents=True)
    (edition / "_config.yml").write_text(config, encoding="utf-8")
    shutil.copyfile(layout.root / "_toc.yml", edition / "_toc.yml")
    static = edition / "book" / "_static"
    shutil.copytree(layout.root / "book" / "_static", static)
    shutil.copytree(assets, static, dirs_exist_ok=True)
    shutil.copytree(
        layout.root / "book" / "_ext",
        edition / "book" / "_ext",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for outcome in outcomes:
        shutil.copyfile(outcome.output, edition / "book" / f"{outcome.stem}.ipynb")
    return edition


def _jupyter_book(edition: Path, builder: str = "html") -> Path:
    exe = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [
            str(exe),
            "build",
            str(edition),
            "--path-output",
            str(edition),
            "--builder",
            builder,
            "-n",
            "-W",
            "--keep-going",
            "-q",
        ],
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
    return edition / "_build" / builder


def _render(edition: Path, pdf: bool) -> Path:
    """One edition's site, with its PDF printed into it when asked."""
    site = _jupyter_book(edition)
    if pdf:  # the same executed notebooks, as one page
        from baicheng_report.report import pdf as printer

        single = _jupyter_book(edition, "singlehtml")
        title = i18n.translate(TITLE, edition.name)
        try:
            printer.print_pdf(single, site / PDF_NAME, title, edition.name)
        except Exception as err:
            raise BuildError(f"printing the PDF failed: {type(err).__name__}: {err}") from err
    return site


def _render_all(editions: list[Path], pdf: bool) -> list[Path]:
    """Jupyter Book runs once per edition; the editions render side by side."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(editions)) as threads:
        return list(threads.map(lambda edition: _render(edition, pdf), editions))


def landing_page(langs: tuple[str, ...], pdf: bool = False) -> str:
    """The site's index.html: straight on to the first edition, with a link to every edition,
    and the dataset's JSON-LD and citation tags for crawlers that stop here."""
    from baicheng_report.metadata import site as metadata_site  # pandera: only when building

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
        f"{metadata_site.citation_tags(first, pdf)}{metadata_site.dataset_script(first)}"
        f"<title>{i18n.translate(TITLE, first)}</title></head>"
        f"<body><main><h1>{i18n.translate(TITLE, first)}</h1><ul>{links}</ul></main></body>"
        "</html>\n"
    )


def build(
    root: Path,
    data_dir: Path,
    *,
    out: Path,
    jobs: int = 2,
    force: bool = False,
    custom_data: bool = False,
    pdf: bool = False,
    pdf_if_browser: bool = False,
    executed_only: bool = False,
    langs: tuple[str, ...] = i18n.LANGS,
) -> str:
    """Build and publish every edition in `langs`; return a summary, whose last line says when
    PDFs were skipped. Raises BuildError on failure.

    `pdf` prints every edition's PDF and fails without a browser; `pdf_if_browser` prints them
    when a browser is found and otherwise publishes the site without them (and without links to
    them). `executed_only` renders from chapters already executed and cached, and fails rather
    than execute one; only the last chapter, which reports this build's own cache hits, runs."""
    from baicheng_report.report import chromium

    layout = layout_for(root, out)
    check_out(layout)  # before any work: the user's files are never replaced
    # Load inputs
    no_browser = chromium.missing() if pdf or pdf_if_browser else None
    if pdf and no_browser:
        raise BuildError(f"printing the PDF needs a browser: {no_browser}")
    printing = (pdf or pdf_if_browser) and no_browser is None
    skipped = (
        f"PDFs skipped: no browser found ({no_browser.tried}); "
        f"to print them: {INSTALL_SYSTEM_PACKAGES} && make pdf"
        if no_browser
        else ""
    )
    params: dict[str, Any] = {"data_dir": str(data_dir.resolve())} if custom_data else {}
    key = site_key(layout.root, data_dir, {**params, "pdf": printing, "langs": list(langs)})
    if not force and published_key(layout) == key:
        return "\n".join(filter(None, [f"up to date: {layout.out / 'index.html'}", skipped]))
    from baicheng_report.validation import validate_dir

    failures = validate_dir(data_dir)
    if failures:
        raise BuildError(
            "the data is invalid; nothing was built:\n  " + "\n  ".join(map(str, failures[:20]))
        )
    started = time.perf_counter()
    with writing(layout.state):
        prepare(layout)
        # Process data
        outcomes = _execute_editions(layout, data_dir, params, langs, jobs, force, executed_only)
        # Save outputs
        _save(layout, data_dir, outcomes, key, printing, started)
    done = [o for lang in langs for o in outcomes[lang]]
    executed = sum(not o.cached for o in done)
    summary = (
        f"built {layout.out / 'index.html'} ({', '.join(langs)}): {executed} notebook(s) "
        f"executed, {len(done) - executed} from cache; the build's own files are in {layout.state}"
    )
    return "\n".join(filter(None, [summary, skipped]))


def _save(  # noqa: PLR0917 - what the build has made, passed on as it is
    layout: Layout,
    data_dir: Path,
    outcomes: dict[str, list[Outcome]],
    key: str,
    printing: bool,
    started: float,
) -> None:
    """Render the site in a staging folder, write its manifests and publish it; the staging
    folder is gone afterwards, whatever happened."""
    stage = layout.new_stage()
    try:
        site = _render_site(layout, stage, data_dir, outcomes, printing)
        for lang, edition in outcomes.items():
            record = manifest(data_dir, edition)
            record.update(
                edition=lang,
                built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                build_seconds=round(time.perf_counter() - started, 2),
                pdf=PDF_NAME if printing else None,  # the file beside the manifest, if printed
            )
            (site / lang / MANIFEST).write_text(
                json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
        (site / SITE_KEY).write_text(key + "\n", encoding="utf-8")
        publish(layout, site, key)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _execute_editions(  # noqa: PLR0917 - the build's inputs, passed on as they are
    layout: Layout,
    data_dir: Path,
    params: dict[str, Any],
    langs: tuple[str, ...],
    jobs: int,
    force: bool,
    executed_only: bool,
) -> dict[str, list[Outcome]]:
    """Every chapter of every edition, in table-of-contents order per edition. One pool serves
    all editions and both phases (the body, then the chapter that reads its manifest), so each
    worker's kernel stays warm."""
    stems = chapters(layout.root)
    shared = digest(
        data_digest(data_dir).encode(), code_digest().encode(), _lock_bytes(layout.root)
    )
    body = [s for s in stems if s != LAST_CHAPTER]
    outcomes: dict[str, list[Outcome]] = {lang: [] for lang in langs}
    with worker_pool(jobs) as pool:
        tasks = [
            t for lang in langs for t in _tasks(layout, body, {**params, "lang": lang}, shared)
        ]
        for task, outcome in zip(tasks, _run(tasks, pool, force, executed_only), strict=True):
            outcomes[task.lang].append(outcome)
        if LAST_CHAPTER in stems:
            last = [
                t
                for lang in langs
                for t in _tasks(
                    layout,
                    [LAST_CHAPTER],
                    _last_params(layout, params, lang, data_dir, outcomes[lang]),
                    shared,
                )
            ]
            # Never held to `executed_only`: it reports this very build's cache hits.
            for task, outcome in zip(last, _run(last, pool, force, False), strict=True):
                outcomes[task.lang].append(outcome)
    return {
        lang: sorted(found, key=lambda o: stems.index(o.stem)) for lang, found in outcomes.items()
    }


def _render_site(
    layout: Layout, stage: Path, data_dir: Path, outcomes: dict[str, list[Outcome]], pdf: bool
) -> Path:
    """Stage and render every edition, then gather them under stage/site: <lang>/ each, and the
    landing page."""
    from baicheng_report.metadata import site as metadata_site  # pandera: only when building
    from baicheng_report.report.annotations import publish as publish_for_tools

    langs = tuple(outcomes)
    assets = _shared_assets(layout, stage, data_dir)
    editions = [
        _stage(
            layout, stage / lang, outcomes[lang], _edition_config(layout, lang, langs, pdf), assets
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


def _last_params(
    layout: Layout, params: dict[str, Any], lang: str, data_dir: Path, outcomes: list[Outcome]
) -> dict[str, Any]:
    """The last chapter's parameters: the manifest of the chapters before it, by content."""
    record = manifest(data_dir, outcomes)
    text = json.dumps(record, indent=2, sort_keys=True)
    path = layout.cache.parent / f"manifest-{digest(text.encode())[:16]}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return {**params, "lang": lang, "manifest_path": str(path)}


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
