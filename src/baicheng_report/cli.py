"""The `baicheng-report` command: parse, call the modules, print, choose the exit code.

Exit codes: 0 success, 1 invalid data or a failed step, 2 usage error, 3 an optional dependency
is not installed, 130 interrupted (Ctrl-C), 143 a build terminated (SIGTERM).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from baicheng_report.dataset.tables import DescriptorError, IntegrityError, RefusedFile
from baicheng_report.meta import version
from baicheng_report.vocabulary.render import LANGUAGES

EXIT_MISSING_DEPENDENCY = 3


class MissingDependency(click.ClickException):
    """An optional extra the command needs is not installed: exit 3, not "invalid data"."""

    exit_code = EXIT_MISSING_DEPENDENCY


DATA_DIR = click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Data directory to use (default: the packaged data).",
)


def _data_dir(value: Path | None) -> Path:
    from baicheng_report.dataset.tables import resolve

    path = resolve(value)
    if not path.is_dir():
        raise click.UsageError(f"--data-dir {path}: not a directory")
    return path


def _refuse_invalid(data_dir: Path) -> None:
    """Stop with exit 1, printing every failure, unless the directory is valid."""
    from baicheng_report.dataset.validation import validate_dir

    failures = validate_dir(data_dir)
    if failures:
        for failure in failures:
            click.echo(str(failure), err=True)
        click.echo(f"{len(failures)} problem(s) in {data_dir}; nothing was written.", err=True)
        sys.exit(1)


@click.group()
@click.version_option(version(), prog_name="baicheng-report")
def cli() -> None:
    """A traceable dataset and report built from one article on policing in Baicheng."""


@cli.command()
@DATA_DIR
def validate(data_dir: Path | None) -> None:
    """Validate every table; print each failure as file:row: column: rule (value)."""
    from baicheng_report.dataset.validation import validate_dir

    path = _data_dir(data_dir)
    failures = validate_dir(path)
    for failure in failures:
        click.echo(str(failure))
    if failures:
        click.echo(f"{len(failures)} problem(s) in {path}", err=True)
        sys.exit(1)
    click.echo(f"valid: {path}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "json", "sqlite", "duckdb"]),
    required=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Directory to write into.",
)
@DATA_DIR
def export(fmt: str, out: Path, data_dir: Path | None) -> None:
    """Write all tables in another format (byte-identical on repeated runs)."""
    from baicheng_report.publish.export import ExportError
    from baicheng_report.publish.export import export as run_export

    path = _data_dir(data_dir)
    _refuse_invalid(path)
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise MissingDependency(
                "parquet needs pyarrow: pip install 'baicheng-report[parquet]'"
            ) from None
    if fmt == "duckdb":
        try:
            import duckdb  # noqa: F401
        except ImportError:
            raise MissingDependency(
                "duckdb needs duckdb: pip install 'baicheng-report[duckdb]'"
            ) from None
    try:
        written = run_export(path, out, fmt)  # type: ignore[arg-type]
    except ExportError as err:
        raise click.ClickException(str(err)) from None
    for file in written:
        click.echo(str(file))


@cli.command()
@DATA_DIR
def package(data_dir: Path | None) -> None:
    """Validate, then regenerate derived texts, the repair log, datapackage.json and the
    dictionary. Writes nothing when validation fails."""
    from baicheng_report.publish.package import run

    path = _data_dir(data_dir)
    failures, written = run(path)
    for failure in failures:
        click.echo(str(failure), err=True)
    if failures:
        click.echo(f"{len(failures)} problem(s); datapackage.json was not regenerated.", err=True)
        sys.exit(1)
    click.echo("\n".join(f"wrote {w}" for w in written) or "up to date")


@cli.command()
@DATA_DIR
def info(data_dir: Path | None) -> None:
    """Tables, row counts, dataset version and source hash."""
    from baicheng_report.dataset.registry import TABLE_NAMES
    from baicheng_report.dataset.tables import descriptor, read
    from baicheng_report.source import text as source

    path = _data_dir(data_dir)
    desc = descriptor(path)
    click.echo(f"baicheng-report {desc['version']} (dataset), package {version()}")
    click.echo(f"source {source.SOURCE_ID} sha256:{source.RAW_SHA256}")
    for name in TABLE_NAMES:
        click.echo(f"  {name:<18} {len(read(name, path)):>4} rows")


@cli.command()
@DATA_DIR
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("_build/html"),
    show_default=True,
    help="Where the published site appears: a link to the build, which keeps its own files "
    "in .OUT.baicheng-build beside it. An existing OUT must be empty or an earlier build's.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Notebooks executed at once (default: cores, at most 4).",
)
@click.option("--force", is_flag=True, help="Re-execute every notebook and rebuild the site.")
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print each edition to baicheng-report.pdf in the site; fail without a browser.",
)
@click.option(
    "--pdf-if-browser",
    is_flag=True,
    help="Print the PDFs when a browser is found; otherwise publish the site without them.",
)
@click.option(
    "--executed-only",
    is_flag=True,
    help="Render from notebooks already executed (cached); fail rather than execute one.",
)
@click.option(
    "--lang",
    "langs",
    type=click.Choice(LANGUAGES),
    multiple=True,
    help="Edition to build, repeatable (default: every edition: en and zh).",
)
@click.option(
    "--book-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(),
    show_default=True,
    help="Folder holding _config.yml, _toc.yml and book/.",
)
def build(  # noqa: PLR0917 - click passes every option by keyword-less position
    data_dir: Path | None,
    out: Path,
    jobs: int | None,
    force: bool,
    pdf: bool,
    pdf_if_browser: bool,
    executed_only: bool,
    langs: tuple[str, ...],
    book_dir: Path,
) -> None:
    """Execute the notebooks with papermill and build the book with Jupyter Book, one site per
    edition (OUT/en/, OUT/zh/), each page linked to its counterpart."""
    try:
        from baicheng_report.report.build import BuildError, OutRefused, default_jobs
        from baicheng_report.report.build import build as run_build
        from baicheng_report.report.i18n import LANGS
        from baicheng_report.report.stopping import Terminated, sigterm_stops
    except ImportError as err:
        raise MissingDependency(
            f"the report needs its extra: pip install 'baicheng-report[report]' ({err})"
        ) from None
    if not (book_dir / "_config.yml").is_file():
        raise click.UsageError(f"--book-dir {book_dir}: no _config.yml there")
    try:
        with sigterm_stops():
            summary = run_build(
                book_dir,
                _data_dir(data_dir),
                out=out,
                jobs=jobs or default_jobs(),
                force=force,
                custom_data=data_dir is not None,
                pdf=pdf,
                pdf_if_browser=pdf_if_browser,
                executed_only=executed_only,
                langs=tuple(lang for lang in LANGS if lang in langs) if langs else LANGS,
            )
    except OutRefused as err:
        raise click.UsageError(str(err)) from None
    except BuildError as err:
        click.echo(f"build failed; the published site is unchanged.\n{err}", err=True)
        sys.exit(1)
    except Terminated:  # a SIGTERM to the build alone: its workers were stopped too
        click.echo("terminated; nothing was published", err=True)
        sys.exit(128 + signal.SIGTERM)
    click.echo(summary)


@cli.command()
@click.argument("phrase")
@click.option("--variant", type=click.Choice(["simplified", "clean", "raw"]), default="simplified")
@DATA_DIR
def locate(phrase: str, variant: str, data_dir: Path | None) -> None:
    """Print char_start and char_end of PHRASE, to fill in evidence offsets."""
    from baicheng_report.source import text as source

    if not phrase:
        raise click.UsageError("PHRASE is empty: give the characters to find")
    derived = source.derive_from(_data_dir(data_dir))
    text = getattr(derived, variant)
    start, hits = text.find(phrase), 0
    while start != -1:
        hits += 1
        click.echo(f"{start}\t{start + len(phrase)}")
        start = text.find(phrase, start + 1)
    if not hits:
        click.echo(
            f"{phrase!r} is not in the {variant} text{_locate_hint(phrase, derived, variant)}",
            err=True,
        )
        sys.exit(1)


# Full-width punctuation a person types in Chinese, and the ASCII the article's text has instead.
_ASCII_PUNCTUATION = str.maketrans("，；：！？（）", ",;:!?()")


def _locate_hint(phrase: str, derived: object, variant: str) -> str:
    """What to try instead: the other variant that holds the phrase (traditional script is in the
    clean text), or the phrase as the text writes its punctuation."""
    for other in ("simplified", "clean", "raw"):
        if other != variant and phrase in getattr(derived, other):
            return f"; it is in the {other} text: add --variant {other}"
    written = phrase.translate(_ASCII_PUNCTUATION)
    if written != phrase and written in getattr(derived, variant):
        return f"; the text writes it with ASCII punctuation: {written!r}"
    return ""


@cli.command()
@click.argument("address")
@click.option(
    "--base-url",
    default=None,
    help="Where the site is published, for absolute URLs; by default the dataset's site "
    "(e.g. --base-url http://localhost:8000/ for a local build of _build/html).",
)
@DATA_DIR
def cite(address: str, base_url: str | None, data_dir: Path | None) -> None:
    """Print where one cell comes from: its value in words, the sentence, the figure's exact
    span, the URLs and a citation line.

    ADDRESS is table.row.column of any cell of a table with evidence
    (metrics.traffic_deaths_change.value, response_cases.changqingqiao_alert.month), a claim
    id (claim-metrics-police_workstations-value) or a permalink ending in one."""
    from baicheng_report.meta import citation
    from baicheng_report.vocabulary.tracing import UnknownAddress, trace

    try:
        found = trace(address, base_url=base_url, data_dir=_data_dir(data_dir))
    except UnknownAddress as err:
        raise click.UsageError(str(err)) from None
    click.echo(found.address)
    for lang, words in found.text.items():
        colon = "：" if lang == "zh" else ": "
        label = found.label[lang] + colon if found.label is not None else ""
        click.echo(f"  {lang}  {label}{words}")
    click.echo(
        f"  sentence  {found.sentence}\n"
        f"  evidence  {found.evidence} (characters {found.char_start}-{found.char_end})\n"
        f"  figure    {found.span} (characters {found.span_start}-{found.span_end})"
    )
    if found.book_url is not None:
        for lang, url in found.book_url.items():
            click.echo(f"  book ({lang}) {url}")
    for lang, url in found.source_url.items():
        click.echo(f"  source ({lang}) {url}")
    page = found.book_url["en"] if found.book_url is not None else found.source_url["en"]
    click.echo(
        f"cite as: {citation('apa')}, {found.address} = {found.text['en']}, "
        f"\u201c{found.span}\u201d in \u201c{found.sentence}\u201d "
        f"(simplified text, characters {found.span_start}-{found.span_end}). {page}"
    )


def main() -> None:
    """Entry point: never a traceback, whatever the input."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("interrupted; nothing was published", err=True)
        sys.exit(130)
    except ImportError as err:  # an extra (polars, pyarrow, duckdb, the report) is not installed
        click.echo(f"missing optional dependency: {err}", err=True)
        sys.exit(EXIT_MISSING_DEPENDENCY)
    except (DescriptorError, IntegrityError, RefusedFile) as err:
        click.echo(f"invalid data: {err}", err=True)  # names the file, never its content
        sys.exit(1)
    except OSError as err:  # a folder that cannot be written (or read): its path and the cause
        from baicheng_report.atomic import os_error_line

        click.echo(f"error: {os_error_line(err)}", err=True)
        sys.exit(1)
    except Exception as err:  # the last line of defence: one clear line, exit 1
        click.echo(f"error: {type(err).__name__}: {err}", err=True)
        sys.exit(1)
