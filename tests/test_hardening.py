"""Failed and interrupted builds never damage the published site, the next build recovers, and
hostile text in the data renders as text everywhere without running."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from baicheng_report.dataset import schemas
from baicheng_report.report.execute import SOCKETS_PREFIX
from baicheng_report.report.publish import STAGE_PREFIX
from tests.conftest import (
    BUILD_ENV,
    EDITIONS,
    build_args,
    build_state,
    copy_book,
    copy_built,
    edition_site,
    processes_naming,
    run_cli,
)

pytestmark = pytest.mark.slow
EXE = str(Path(sys.executable).with_name("baicheng-report"))


def _site(root: Path) -> tuple[Path, str]:
    out = root / "_build" / "html"
    return out.resolve(), (out / ".site-key").read_text(encoding="utf-8")


def _edit_chapter(root: Path, old: str, new: str) -> None:
    chapter = root / "book" / "co_governance.md"
    text = chapter.read_text(encoding="utf-8")
    assert old in text
    chapter.write_text(text.replace(old, new), encoding="utf-8")


def _edit_code(root: Path, marker: str, flag: Path | None = None) -> None:
    """Change a code cell of a chapter (code needs no translation, so every edition builds).
    With `flag`, the cell also creates that file: a test sees the notebook executing."""
    touch = f"\nimport pathlib\npathlib.Path({str(flag)!r}).touch()" if flag else ""
    setup = "from baicheng_report.report import chapter, charts, figures\n"
    _edit_chapter(root, setup, f"{setup.rstrip()}  # {marker}{touch}\n")


# Starts the build with Ctrl-C's default action, as a terminal's foreground build has it: a test
# run started in the background (`cmd &` in a script) ignores SIGINT, and a child inherits that.
DEFAULT_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def _start(root: Path, env: dict[str, str], capture: bool = False) -> subprocess.Popen[str]:
    """A build in its own process group, as a terminal runs it in the foreground; output is
    discarded unless it will be read."""
    sink = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-c", DEFAULT_SIGINT, EXE, *build_args(root)],
        stdout=sink,
        stderr=sink,
        text=True,
        start_new_session=True,
        env=env,
    )


def _wait_for(condition: object, build: subprocess.Popen[str], seconds: float = 300) -> None:
    """Until `condition()`; the ceiling is generous (a loaded machine executes slowly), and a
    build that never gets there is killed rather than left running after the test. A build
    that ends first fails the test at once, with what it printed when that was kept."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        if build.poll() is not None:
            _, stderr = build.communicate()
            pytest.fail(f"the build ended ({build.returncode}) first:\n{(stderr or '')[-2000:]}")
        time.sleep(0.1)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    pytest.fail("the build never reached the expected step")


def test_build_refuses_invalid_data(data_copy: Path, tmp_path: Path, short_temp: Path) -> None:
    """Refused before anything is written; the workers and kernels it started while validating
    (`execute.warm_up`) are stopped, and leave no folder or process behind."""
    (data_copy / "metrics.csv").write_bytes(b"")
    out = tmp_path / "site" / "html"
    temp = short_temp
    env = {**BUILD_ENV, "TMPDIR": str(temp)}
    result = run_cli("build", "--data-dir", str(data_copy), "--out", str(out), env=env)
    assert result.returncode == 1
    assert "metrics.csv" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not out.parent.exists()
    assert _gone(lambda: processes_naming(temp)) == [] and _ours(temp) == []


def _workers(pid: int) -> list[int]:
    """The worker processes `pid` has spawned so far (multiprocessing's), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = stat.read_text(encoding="ascii").rpartition(")")[2].split()[1]
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):  # gone meanwhile
            continue
        if ppid == str(pid) and b"--multiprocessing-fork" in command:
            found.append(int(stat.parent.name))
    return found


def _sigint_while_workers_start(root: Path, flag: Path, env: dict[str, str]) -> None:
    """Ctrl-C as soon as a worker exists: it is still starting up (its kernel too, when it
    gets that far), and the build is validating the data meanwhile."""
    build = _start(root, env, capture=True)
    _wait_for(lambda: _workers(build.pid), build)
    _interrupted_cleanly(build, "")


def _start_until_executing(
    root: Path, flag: Path, env: dict[str, str], capture: bool = False
) -> subprocess.Popen[str]:
    """A build started and still running while the edited chapter's kernel runs its cell."""
    build = _start(root, env, capture)
    _wait_for(flag.exists, build)
    assert build.poll() is None
    return build


def _sigint_while_executing(root: Path, flag: Path, env: dict[str, str]) -> None:
    _interrupted_cleanly(_start_until_executing(root, flag, env, capture=True), "")


def _finish(build: subprocess.Popen[str]) -> str:
    """What the build prints to standard error until it exits; one that does not exit in two
    minutes is killed, with its group, rather than left running after the test."""
    try:
        return build.communicate(timeout=120)[1]
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        raise


def _interrupted_cleanly(build: subprocess.Popen[str], seen: str) -> None:
    os.killpg(build.pid, signal.SIGINT)
    stderr = _finish(build)
    assert build.returncode == 130, seen + stderr[-2000:]
    assert "Traceback" not in seen + stderr and "interrupted; nothing was published" in stderr


def _sigterm_to_the_build_alone_while_executing(
    root: Path, flag: Path, env: dict[str, str]
) -> None:
    """`kill <pid>`: a SIGTERM to the build, not its group, so its workers get none. The build
    passes it on, exits 143 with one line, and leaves no worker or kernel running."""
    build = _start_until_executing(root, flag, env, capture=True)
    os.kill(build.pid, signal.SIGTERM)
    stderr = _finish(build)
    assert build.returncode == 128 + signal.SIGTERM, stderr[-2000:]
    assert "Traceback" not in stderr and "terminated; nothing was published" in stderr, stderr


def _sigkill_while_executing(root: Path, flag: Path, env: dict[str, str]) -> None:
    build = _start_until_executing(root, flag, env)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()


def _sigkill_to_the_build_alone_while_executing(
    root: Path, flag: Path, env: dict[str, str]
) -> None:
    """The build alone killed (as the OOM killer does): it cannot pass anything on, but Linux
    tells its workers (`stopping.stop_with_parent`), which stop their kernels and remove their
    sockets folders."""
    build = _start_until_executing(root, flag, env)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()


def _sigkill_while_rendering(root: Path, flag: Path, env: dict[str, str]) -> None:
    build = _start(root, env)
    state = build_state(root)
    _wait_for(lambda: any(state.glob(f"{STAGE_PREFIX}*/*/_build")), build)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()


def _kernel_killed_by_its_own_cell(root: Path, flag: Path, env: dict[str, str]) -> None:
    _edit_chapter(root, "## Named programmes", f"{KILL_CELL}## Named programmes")
    result = run_cli(*build_args(root), env=env)
    assert result.returncode == 1
    assert "co_governance.md" in result.stderr and "Traceback" not in result.stderr


KILL_CELL = (
    "```{code-cell} ipython3\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n```\n\n"
)
# Every way a rebuild can stop short, each after its own edit of a code cell (so the chapter runs
# again, not from the cache): a SIGINT exits 130 with one line, a SIGTERM to the build alone 143,
# a SIGKILL to the build alone stops its workers all the same, a SIGKILL to the whole group
# leaves debris behind, a kernel killed by its own cell fails the build and names the chapter.
STOPPED_SHORT = (
    _sigint_while_workers_start,
    _sigint_while_executing,
    _sigterm_to_the_build_alone_while_executing,
    _sigkill_while_executing,
    _sigkill_to_the_build_alone_while_executing,
    _sigkill_while_rendering,
    _kernel_killed_by_its_own_cell,
)
# The ways that kill the whole group at once: no process of the build can clean up after them.
GROUP_KILLED = (_sigkill_while_executing, _sigkill_while_rendering)


def _gone(found: Any, seconds: float = 60) -> Any:
    """What `found()` returns once it is empty, or when `seconds` have passed: a process killed
    as its build ends may still be on its way out (a zombie shows no command line)."""
    deadline = time.monotonic() + seconds
    while (left := found()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _ours(temp: Path) -> list[str]:
    """What the build made in the temp dir (its names start with br-)."""
    return sorted(p.name for p in temp.iterdir() if p.name.startswith("br-"))


def test_rebuilds_stopped_short_leave_the_site_and_one_build_recovers_from_all(
    small_built_book: Path, tmp_path: Path, short_temp: Path
) -> None:
    """One rebuild recovers from the leftovers of all of them at once (staged editions, the
    cache's half-written entries, a killed kernel's sockets folder in the temp dir), which is a
    harder case than the leftovers of any one: the rebuilds share one copy of the book, and the
    recovery is one build, not one per way. The builds get a temp dir of their own, to see what they
    leave in it (a short path: a kernel's socket paths are kept there)."""
    root = copy_built(small_built_book, tmp_path)
    before = _site(root)
    chapter = root / "book" / "co_governance.md"
    original = chapter.read_text(encoding="utf-8")
    temp = short_temp
    env = {**BUILD_ENV, "TMPDIR": str(temp)}
    left: dict[str, list[str]] = {}  # what each build left in the temp dir
    for way in STOPPED_SHORT:
        flag = tmp_path / way.__name__
        chapter.write_text(original, encoding="utf-8")
        _edit_code(root, f"Programmes, {way.__name__}", flag)
        way(root, flag, env)
        assert _site(root) == before, way.__name__  # the published site is untouched
        if way not in GROUP_KILLED:  # no worker or kernel outlives its build
            assert _gone(lambda: processes_naming(temp)) == [], way.__name__
        left[way.__name__] = _ours(temp)
    # Workers killed while executing could not remove their kernels' sockets folders; the
    # next build that starts a kernel does. Ctrl-C leaves nothing. (A killed build also
    # leaves multiprocessing's own pymp-* folder: not ours.)
    killed = left.pop(_sigkill_while_executing.__name__)
    assert killed and all(name.startswith(SOCKETS_PREFIX) for name in killed), killed
    assert not any(left.values()), left
    chapter.write_text(original, encoding="utf-8")
    _edit_code(root, "Programmes, recovered")
    recovered = run_cli(*build_args(root), env=env)
    assert recovered.returncode == 0, recovered.stderr[-2000:]
    assert _ours(temp) == []
    state = build_state(root)
    assert not list(state.glob(f"{STAGE_PREFIX}*"))
    assert not list((state / "cache" / "notebooks").glob(".*"))
    for lang in EDITIONS:
        page = (edition_site(root, lang) / "book" / "co_governance.html").read_text("utf-8")
        assert "Programmes, recovered" in page


HOSTILE = {
    "img": '<img src=x onerror="window.__pwned=1">',
    "script": "</script><script>window.__pwned=2</script>",
    "link": "[click me](javascript:window.__pwned=3)",
}


def _poison(data_dir: Path) -> None:
    """Put hostile strings into free-text columns that no evidence check constrains."""
    targets = {
        "photos.csv": ("caption_en", HOSTILE["img"]),
        "quotes.csv": ("role_en", HOSTILE["script"]),  # shown beside each quote
        "glossary.csv": ("definition_en", HOSTILE["link"]),
        "metrics.csv": ("indicator_en", HOSTILE["img"]),
    }
    # a cell the errata vouch for must keep its corrected value: poison two rows that have none
    corrected = {
        (r["table"], r["row_id"], r["column"])
        for r in csv.DictReader(io.StringIO((data_dir / "corrections.csv").read_text("utf-8")))
    }
    for file, (column, text) in targets.items():
        path = data_dir / file
        table = file.removesuffix(".csv")
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        col, key = rows[0].index(column), rows[0].index(schemas.primary_key(table))
        free = [row for row in rows[1:] if (table, row[key], column) not in corrected]
        assert len(free) >= 2, file
        for row in free[:2]:
            row[col] = f"{row[col]} {text}"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.mark.browser
def test_hostile_text_renders_as_text_and_never_runs(
    data_copy: Path, tmp_path: Path, browser: Any
) -> None:
    from baicheng_report.report.chromium import CHARTS_DRAWN

    _poison(data_copy)
    assert run_cli("package", "--data-dir", str(data_copy)).returncode == 0
    exported = tmp_path / "json"
    assert (
        run_cli(
            "export", "--format", "json", "--out", str(exported), "--data-dir", str(data_copy)
        ).returncode
        == 0
    )
    photos = json.loads((exported / "photos.json").read_text(encoding="utf-8"))
    assert HOSTILE["img"] in photos[0]["caption_en"]

    root = copy_book(tmp_path / "book")
    site = root / "_build" / "html"
    built = run_cli(
        "build",
        "--data-dir",
        str(data_copy),
        "--book-dir",
        str(root),
        "--out",
        str(site),
        "--lang",
        "en",  # the hostile strings sit in the English columns
    )
    assert built.returncode == 0, built.stderr[-3000:]
    dialogs: list[str] = []  # the session's browser (conftest): one sync Playwright at a time
    for stem, expected in (
        ("overview", [HOSTILE["img"], HOSTILE["script"]]),
        ("co_governance", [HOSTILE["link"]]),
        ("public_safety", [HOSTILE["img"]]),
    ):
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((site / "en" / "book" / f"{stem}.html").resolve().as_uri())
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.evaluate("() => window.__pwned") is None, stem
        text = page.inner_text("body")
        for hostile in expected:
            assert hostile in text, (stem, hostile)
        assert page.locator("a[href^='javascript:']").count() == 0
        page.close()
    assert dialogs == []
