"""Shared fixtures: the packaged data directory and throw-away copies of it to damage."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.report import chromium

# Where PYTHONDONTWRITEBYTECODE is set, pytest rewrites every test module's asserts again in each
# process: about 4 s of a worker's 9 s collection. This pytest process now writes bytecode for
# what it imports after this file: the rewritten test modules (tests/__pycache__) and any module
# not compiled yet (book/_ext's, which the site key, staging and copy_book skip as __pycache__).
# The builds and commands the tests start keep the environment's setting.
sys.dont_write_bytecode = False


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return package_data_dir()


@pytest.fixture
def data_copy(tmp_path: Path, data_dir: Path) -> Path:
    """A writable copy of the packaged data, to edit or damage."""
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


# pytest's filterwarnings = ["error"] stops at the process boundary, so the commands under test
# turn every warning into an error too. Not `build`: it runs Jupyter Book, Sphinx and kernels,
# whose own deprecation and ResourceWarnings are not this project's (Sphinx's warnings are
# errors there already, through -W).
CLI_ENV = {**os.environ, "PYTHONWARNINGS": "error"}
BUILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a user would; warnings are errors except in build."""
    exe = Path(sys.executable).with_name("baicheng-report")
    env = env or (BUILD_ENV if args[:1] == ("build",) else CLI_ENV)
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False, env=env)


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line run in this process, through the console script's own entry point (its
    exit codes and one-line errors included): what `run_cli` gives, without the ~3 s a new
    interpreter spends importing pandas. pytest's filterwarnings=error applies as it is."""
    from click.testing import CliRunner

    from baicheng_report.cli import main

    argv = sys.argv
    code: int | str | None = 0
    with CliRunner().isolation() as (out, err, _):
        sys.argv = ["baicheng-report", *args]
        try:
            main()
        except SystemExit as done:
            code = done.code
        finally:
            sys.argv = argv
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["baicheng-report", *args], returncode, stdout, stderr)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run by a fresh interpreter (a case that sends signals to itself), within a minute:
    a process that hangs fails the test."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def loaded_by(statement: str, names: set[str]) -> list[str]:
    """Which of `names` a fresh interpreter has imported after running `statement`."""
    wanted = sorted(names)
    found = f"sorted(set({wanted!r}) & set(sys.modules))"
    code = f"import json, sys; {statement}; print(json.dumps({found}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout))


@pytest.fixture
def short_temp() -> Iterator[Path]:
    """A temp dir with a short path, for a build's TMPDIR whose contents a test reads: a kernel's
    IPC sockets folder is made in the temp dir only while a socket's path there fits in 107
    bytes (pytest's own temp paths under pytest-xdist do not leave room; see
    `execute._sockets_base`)."""
    temp = Path(tempfile.mkdtemp(prefix="brt-"))
    try:
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def processes_naming(path: Path) -> list[str]:
    """Command lines of live processes that name `path` (a kernel names its connection file) or
    run with it as their TMPDIR (a build's workers, which name nothing of it). Not
    multiprocessing's resource tracker: it lives as long as the process that made the pool."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            command = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        if b"multiprocessing.resource_tracker" in command:
            continue
        if os.fsencode(path) in command or b"TMPDIR=" + os.fsencode(path) in environ:
            found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found


# What is no English word in a Chinese text: GBK (a name), a byte's hex code (0xBE) and a pinyin
# syllable in brackets, (zhèn) or （shù）.
NOT_WORDS = re.compile(r"GBK|0x[0-9A-Fa-f]+|[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[）)]")
# Two or more Latin letters: \b would miss a word that touches a Chinese character (尾字节trail).
ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")


def english_words(chinese: str) -> list[str]:
    """The English words left in a Chinese text."""
    return ENGLISH_WORD.findall(NOT_WORDS.sub(" ", chinese))


ROOT = Path(__file__).resolve().parents[1]
# The PDF edition is printed by the browser `chromium.find` finds; every build of a copied book
# uses the same flags, so a rebuild of an unchanged copy is a no-op.
PDF_FLAGS = [] if chromium.missing() else ["--pdf"]


def build_args(root: Path) -> list[str]:
    """A build of the copied book at `root` into its own `_build/html`, asking for no PDF: how
    the tests that copy `small_built_book` build it again (its site has no PDF either, so an
    unchanged copy is up to date)."""
    return ["build", "--book-dir", str(root), "--out", str(root / "_build" / "html")]


def book_build_args(root: Path) -> list[str]:
    """A build of the copied book at `root` as `built_book` was built (with the PDFs when a
    browser is found)."""
    return [*build_args(root), *PDF_FLAGS]


EDITIONS = ("en", "zh")


def edition_site(root: Path, lang: str = "en") -> Path:
    """Where a built book's edition lives: _build/html/<lang>/."""
    return root / "_build" / "html" / lang


def build_state(root: Path) -> Path:
    """The build's own folder (cache, staging, published versions) beside _build/html."""
    from baicheng_report.report.publish import layout_for

    return layout_for(root, root / "_build" / "html").state


BOOK_FILES = ("_config.yml", "_toc.yml", "requirements.lock")


def copy_book(target: Path, chapters: tuple[str, ...] = ()) -> Path:
    """The book's sources (configuration, notebooks, assets) copied to `target`; with `chapters`,
    a smaller book of only those (the first is its root page), for a test that must build again
    and reads none of the others. (The build has no option to select chapters: the table of
    contents is the book.)"""
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        shutil.copyfile(ROOT / name, target / name)
    others = [f"{p.stem}.md" for p in (ROOT / "book").glob("*.md") if p.stem not in chapters]
    shutil.copytree(
        ROOT / "book",
        target / "book",
        ignore=shutil.ignore_patterns("__pycache__", "*.ipynb", *(others if chapters else [])),
    )
    if chapters:
        root, *rest = chapters
        toc = f"format: jb-book\nroot: book/{root}\n"
        toc += "chapters:\n" * bool(rest) + "".join(f"- file: book/{stem}\n" for stem in rest)
        (target / "_toc.yml").write_text(toc, encoding="utf-8")
    return target


# A small book that builds: two chapters that link to no other page (so a rebuild after an edit
# of the first finds the second in its cache), and the reproducibility chapter, which every
# build executes again to report its own run.
SMALL_BOOK = ("co_governance", "service_tiers", "reproducibility")


def make_flags(target: str) -> list[str]:
    """The `baicheng-report build` options of a Makefile target, with its variables' defaults."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    defaults = dict(re.findall(r"^(\w+) \?= (.*)$", makefile, re.M))
    recipe = re.search(rf"^{target}:.*\n\t(.*)$", makefile, re.M)
    assert recipe, target
    command = re.sub(r"\$\((\w+)\)", lambda m: defaults.get(m.group(1), ""), recipe.group(1))
    words = command.split()
    return words[words.index("build") + 1 :]


def shared_build(
    factory: pytest.TempPathFactory,
    name: str,
    chapters: tuple[str, ...],
    flags: list[str],
    *,
    browser: bool = True,
) -> Path:
    """A clean build of the book (or of `chapters`, as `copy_book` makes it) with the build
    options `flags`, made once for the whole run; returns its root, and `build_output` what the
    build printed. Without `browser`, the build's browser lookup is pointed at nothing. Under
    pytest-xdist every worker asks for it: the first to take the lock in the run's common
    temporary folder builds, the others wait and read the same files (the pytest-xdist recipe
    for a session fixture made once). A failed build fails every asker with its output rather
    than being tried again."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = factory.getbasetemp() if worker is None else factory.getbasetemp().parent
    root, failed, done = (shared / f"{name}{end}" for end in ("", ".failed", ".built"))
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists() and not failed.exists():
            args = [*build_args(copy_book(root, chapters)), *flags]
            nowhere = {chromium.OVERRIDE: str(shared / "no-such-chromium")}
            result = run_cli(*args, env=None if browser else {**BUILD_ENV, **nowhere})
            if result.returncode == 0:
                done.write_text(json.dumps([result.stdout, result.stderr]), encoding="utf-8")
            else:
                failed.write_text(result.stderr[-3000:], encoding="utf-8")
    assert not failed.exists(), failed.read_text(encoding="utf-8")
    return root


def copy_built(built: Path, tmp_path: Path) -> Path:
    """A copy of a shared built book (its sources, cache and published site), to edit and build
    again without touching the one every worker reads."""
    root = tmp_path / "book"
    shutil.copytree(built, root, symlinks=True)
    return root


def build_output(root: Path) -> tuple[str, str]:
    """What the shared build of `root` printed: its standard output and its standard error."""
    stdout, stderr = json.loads((root.parent / f"{root.name}.built").read_text(encoding="utf-8"))
    return stdout, stderr


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clean build of the book (with the PDFs when a browser is found), shared by the book,
    PDF and browser tests; returns its root."""
    return shared_build(tmp_path_factory, "book", (), PDF_FLAGS)


@pytest.fixture(scope="session")
def small_built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clean build of the SMALL_BOOK as `make book` builds it on a machine without a
    browser: both editions, no PDF, and one line that says so (test_no_browser reads the site
    and that line). The tests that edit a chapter and build again copy it: a rebuild of it
    (`build_args`) renders two chapters, not every one, and prints nothing."""
    return shared_build(
        tmp_path_factory, "small-book", SMALL_BOOK, make_flags("book"), browser=False
    )


@pytest.fixture(scope="session")
def site_url(built_book: Path) -> Iterator[str]:
    """The built book's `_build/html`, served on loopback for the browser tests."""
    from tests.browser import serving

    with serving(built_book / "_build" / "html") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test of the session."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def book_pages(browser: Any, site_url: str) -> Iterator[Any]:
    """The book's pages, each visited once per edition and device (tests/browser.py)."""
    from tests.browser import BookPages

    pages = BookPages(browser, site_url)
    yield pages
    pages.close()


# What must run on one pytest-xdist worker, by module: the browser checks share one visit of each
# page (`book_pages`, across these modules), and with them the search tab on the same book;
# test_build_out's tests share a module-scoped build on a small file system.
SHARED_WORKER = {
    "tests/test_browser.py": "browser",
    "tests/test_browser_charts.py": "browser",
    "tests/test_browser_claims.py": "browser",
    "tests/test_browser_mobile.py": "browser",
    "tests/test_browser_search.py": "browser",
    "tests/test_build_out.py": "build_out",
}


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown under -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist's scheduling by scope, with SHARED_WORKER's groups as the scopes and every
    other test a scope of its own. (Its `--dist loadgroup` renames node ids to carry the group,
    which pytest 9 no longer allows: the groups are lost.) The largest group goes out first."""
    from xdist.scheduler import LoadScopeScheduling

    class SharedWorkerScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return SHARED_WORKER.get(nodeid.split("::", 1)[0], nodeid)

    return SharedWorkerScheduling(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The checks of one page run one after another, on the one visit `book_pages` keeps open:
    tests parametrized by a page (`lang`, `stem`) that use it, grouped by page in the book's
    order (in file order within a page); after them, the book-wide checks that compare what each
    page's visit found. Every other test keeps its place."""
    from tests.browser import PAGES

    order = {page: i for i, page in enumerate(PAGES)}

    def key(item: pytest.Item) -> tuple[int, int]:
        if "book_pages" not in getattr(item, "fixturenames", ()):
            return (0, 0)
        spec = getattr(item, "callspec", None)
        page = (spec.params.get("lang"), spec.params.get("stem")) if spec else None
        return (1, order[page]) if page in order else (2, 0)

    items.sort(key=key)  # stable: file order within a page
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the order the scheduler hands tests out in
        items.sort(key=_xdist_priority)


def _xdist_priority(item: pytest.Item) -> int:
    """pytest-xdist hands out SHARED_WORKER's groups first, largest first, and then every other
    test in collection order, so the long ones go first: the builds that need no full book (they
    run while another worker builds it), then those that read it; the quick tests fill the end.
    A group's tests keep their order (the sort is stable)."""
    if item.nodeid.split("::", 1)[0] in SHARED_WORKER or item.get_closest_marker("slow") is None:
        return 2
    return 1 if "built_book" in getattr(item, "fixturenames", ()) else 0


SYSTEM_PACKAGES = ROOT / ".ci" / "system-packages.txt"


def system_packages() -> list[str]:
    """The Debian packages the browser and PDF tests need: the one list CI, the README and
    `.ci/install-system-packages` use."""
    lines = SYSTEM_PACKAGES.read_text(encoding="utf-8").splitlines()
    return [name for line in lines if (name := line.split("#")[0].strip())]


@pytest.hookimpl(wrapper=True, tryfirst=True)  # after pytest's own summary: the last word
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Iterator[None]:
    """Once, at the end: the tests skipped for want of a system package, and the command that
    installs them all. (Under REQUIRE_BROWSER=1, as in .ci/run, they fail instead.)"""
    from baicheng_report.report.build import INSTALL_SYSTEM_PACKAGES

    yield

    packages = system_packages()
    skipped = []
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        named = [p for p in packages if p in reason]
        if named:
            skipped.append((report.nodeid, named))
    if not skipped:
        return None
    needed = sorted({p for _, named in skipped for p in named}, key=packages.index)
    terminalreporter.section("skipped: system packages missing")
    terminalreporter.write_line(f"{len(skipped)} test(s) need {', '.join(needed)}:")
    for nodeid, _ in skipped:
        terminalreporter.write_line(f"  {nodeid}")
    terminalreporter.write_line(f"install them with: {INSTALL_SYSTEM_PACKAGES}")
    return None
