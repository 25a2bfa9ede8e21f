"""Build and publish the book: validate → execute (papermill) → stage → Jupyter Book → swap.

Each stage has a module of its own: the table of contents (`toc`), what is hashed to know what
changed (`cache_keys`), execution (`execute`), staging (`staging`), rendering and the PDF
(`rendering`, `pdf`), the manifest (`manifest`) and the atomic swap (`publish`). This module
runs them in order. The site is built aside in a staging folder and published by replacing the
`_build/html` link in one rename, so a failure at any step leaves the previous site untouched.
When no input changed since the published site, the build only hashes its inputs. Where a
stage needs nothing from the one before it, they overlap: the workers and their kernels start
while the data is validated, and the assets every edition shares are made while the chapters
execute.
"""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from baicheng_report.report import i18n
from baicheng_report.report.cache_keys import published_key, shared_key, site_key, task_key
from baicheng_report.report.errors import BuildError, OutRefused
from baicheng_report.report.execute import (
    Outcome,
    Task,
    cached,
    execute,
    untranslated,
    warm_up,
    worker_pool,
)
from baicheng_report.report.manifest import last_chapter_params, write_published
from baicheng_report.report.pdf import INSTALL_SYSTEM_PACKAGES, PDF_NAME, printing
from baicheng_report.report.publish import (
    SITE_KEY,
    Layout,
    check_out,
    layout_for,
    prepare,
    publish,
    writing,
)
from baicheng_report.report.rendering import render_site
from baicheng_report.report.staging import shared_assets
from baicheng_report.report.toc import LAST_CHAPTER, chapters, prose_and_code_lines

__all__ = [
    "INSTALL_SYSTEM_PACKAGES",
    "PDF_NAME",
    "SITE_KEY",
    "BuildError",
    "OutRefused",
    "build",
    "chapters",
    "default_jobs",
    "prose_and_code_lines",
]


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
    layout = layout_for(root, out)
    check_out(layout)  # before any work: the user's files are never replaced
    printed, skipped = printing(pdf, pdf_if_browser)
    params: dict[str, Any] = {"data_dir": str(data_dir.resolve())} if custom_data else {}
    key = site_key(layout.root, data_dir, {**params, "pdf": printed, "langs": list(langs)})
    if not force and published_key(layout) == key:
        return "\n".join(filter(None, [f"up to date: {layout.out / 'index.html'}", skipped]))
    body = _body_tasks(layout, data_dir, params, langs)
    runs = _runs(layout, body, force, executed_only)
    stage = layout.new_stage()  # a name: made by the first file written into it
    assets: Future[Path] | None = None
    try:
        with ThreadPoolExecutor(max_workers=1) as aside:
            with worker_pool(min(jobs, runs) or jobs) as pool:
                # Workers and kernels start while the data is validated, which needs neither.
                warm_up(pool, layout.root / "book", min(jobs, runs))
                _refuse_invalid(data_dir)
                started = time.perf_counter()
                with writing(layout.state):
                    prepare(layout)
                    # the chart bundle and the downloads, made while the chapters execute
                    assets = aside.submit(shared_assets, layout, stage, data_dir)
                    outcomes = _execute_editions(
                        layout, body, langs, data_dir, params, pool, force, executed_only
                    )
            with writing(layout.state):  # the workers have stopped; the site renders
                site = render_site(layout, stage, assets.result(), data_dir, outcomes, printed)
                write_published(site, data_dir, outcomes, printed, started)
                (site / SITE_KEY).write_text(key + "\n", encoding="utf-8")
                publish(layout, site, key)
    finally:
        _remove_stage(stage, assets)
    return "\n".join(filter(None, [_summary(layout, outcomes), skipped]))


def _summary(layout: Layout, outcomes: dict[str, list[Outcome]]) -> str:
    done = [o for found in outcomes.values() for o in found]
    executed = sum(not o.cached for o in done)
    return (
        f"built {layout.out / 'index.html'} ({', '.join(outcomes)}): {executed} notebook(s) "
        f"executed, {len(done) - executed} from cache; the build's own files are in {layout.state}"
    )


def _remove_stage(stage: Path, assets: Future[Path] | None) -> None:
    """The staging folder goes, whatever happened: once the thread making the assets is done
    writing into it, if a Ctrl-C cut short the build's wait for it."""
    if assets is None or assets.done():
        shutil.rmtree(stage, ignore_errors=True)
    else:
        assets.add_done_callback(lambda _: shutil.rmtree(stage, ignore_errors=True))


def _refuse_invalid(data_dir: Path) -> None:
    from baicheng_report.dataset.validation import validate_dir

    failures = validate_dir(data_dir)
    if failures:
        raise BuildError(
            "the data is invalid; nothing was built:\n  " + "\n  ".join(map(str, failures[:20]))
        )


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


def _body_tasks(
    layout: Layout, data_dir: Path, params: dict[str, Any], langs: tuple[str, ...]
) -> list[Task]:
    """Every chapter but the last, of every edition: what the last one reports on."""
    shared = shared_key(layout.root, data_dir)
    body = [s for s in chapters(layout.root) if s != LAST_CHAPTER]
    return [t for lang in langs for t in _tasks(layout, body, {**params, "lang": lang}, shared)]


def _runs(layout: Layout, body: list[Task], force: bool, executed_only: bool) -> int:
    """How many notebooks the build will execute, when that is known before it starts: the
    chapters not in the cache, then the last chapter of each edition. Zero when no chapter
    needs to run (the last one still may, if what it reports changed) and under
    `executed_only` (which refuses to build if one does)."""
    todo = len(_to_execute(body, force))
    if executed_only or not todo:
        return 0
    return todo + len({t.lang for t in body}) * (LAST_CHAPTER in chapters(layout.root))


def _to_execute(tasks: list[Task], force: bool) -> list[Task]:
    return [t for t in tasks if force or cached(t) is None]


def _run(tasks: list[Task], pool: Any, force: bool, executed_only: bool) -> list[Outcome]:
    todo = _to_execute(tasks, force)
    if executed_only and todo:
        labels = ", ".join(t.label for t in todo)
        raise BuildError(f"not executed yet (run `make book` first): {labels}")
    lacking = [line for t in todo for line in untranslated(t)]
    if lacking:  # before any chapter runs: a build that cannot finish stops at once
        lines = "\n  ".join(lacking)
        raise BuildError(f"a text has no translation; nothing was executed:\n  {lines}")
    outcomes = execute(tasks, pool, force)
    errors = [o.error for o in outcomes if o.error]
    if errors:
        raise BuildError("notebook execution failed:\n  " + "\n  ".join(errors))
    return outcomes


def _execute_editions(  # noqa: PLR0917 - the build's inputs, passed on as they are
    layout: Layout,
    body: list[Task],
    langs: tuple[str, ...],
    data_dir: Path,
    params: dict[str, Any],
    pool: Any,
    force: bool,
    executed_only: bool,
) -> dict[str, list[Outcome]]:
    """Every chapter of every edition, in table-of-contents order per edition: the body, then
    the chapter that reads its manifest. One pool serves all editions and both phases, so each
    worker's kernel stays warm."""
    stems = chapters(layout.root)
    outcomes: dict[str, list[Outcome]] = {lang: [] for lang in langs}
    for task, outcome in zip(body, _run(body, pool, force, executed_only), strict=True):
        outcomes[task.lang].append(outcome)
    if LAST_CHAPTER in stems:
        shared = shared_key(layout.root, data_dir)
        last = [
            t
            for lang in outcomes
            for t in _tasks(
                layout,
                [LAST_CHAPTER],
                last_chapter_params(layout, params, lang, data_dir, outcomes[lang]),
                shared,
            )
        ]
        # Never held to `executed_only`: it reports this very build's cache hits.
        for task, outcome in zip(last, _run(last, pool, force, False), strict=True):
            outcomes[task.lang].append(outcome)
    return {
        lang: sorted(found, key=lambda o: stems.index(o.stem)) for lang, found in outcomes.items()
    }


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
