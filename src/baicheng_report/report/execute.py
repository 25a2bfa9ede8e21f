"""Execute the book's notebooks with papermill, in parallel, cached by content hash.

A notebook is re-executed only when its key changes (`cache_keys`: its own source, its
parameters, the data it reads, the package code or the lock file). Cache entries are written to a
temporary name and renamed into place, so an interrupted run never leaves a half-written entry.

Each worker process keeps one kernel and runs its notebooks in it one after another, clearing the
namespace first: importing pandas, pandera and Altair once per worker instead of once per notebook
is most of a clean build's saving. A kernel that dies or fails a notebook is replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from baicheng_report.atomic import write_atomic
from baicheng_report.report import i18n
from baicheng_report.report.stopping import (
    DEFERRED_SIGNALS,
    children,
    signals_deferred,
    stop_with_parent,
)

HIDDEN_TAGS = {"parameters", "injected-parameters"}
SHOWN_TAG = "show-code"  # a cell whose code is the lesson (using the data): never folded away
SOCKETS_PREFIX = "br-kernel-"  # + the worker's pid: see `_sockets_folder`
RESET_TAG = "br-reset"  # the first cell of every run: a clean namespace in a reused kernel
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
_KERNELS: dict[str, Any] = {}  # per worker process: the reused kernel manager, by cwd


@dataclass(frozen=True)
class Task:
    stem: str
    source: Path  # the MyST-markdown notebook
    key: str
    params: dict[str, Any]
    cwd: Path
    cache_dir: Path

    @property
    def lang(self) -> str:
        return str(self.params.get("lang", "en"))

    @property
    def label(self) -> str:
        """How progress lines and errors name the task: the file, and the edition."""
        return f"{self.source.name} ({self.lang})"

    @property
    def output(self) -> Path:
        return self.cache_dir / f"{self.stem}-{self.key[:20]}.ipynb"

    @property
    def record(self) -> Path:
        return self.output.with_suffix(".json")


@dataclass(frozen=True)
class Outcome:
    stem: str
    output: Path
    seconds: float
    cached: bool
    error: str | None = None


def _hide_machinery(nb: Any) -> None:
    """Drop the reset cell, remove the parameter cells from the book, fold code away behind a
    toggle and number code cells from 1, as if the notebook had a kernel of its own. Timings,
    temporary paths and random cell ids are dropped, so equal inputs give equal notebooks."""
    nb.metadata.pop("papermill", None)
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.metadata.get("tags", [])]
    for number, cell in enumerate(nb.cells, 1):
        cell.id = f"cell-{number}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for count, cell in enumerate(code, 1):
        tags = set(cell.metadata.get("tags", []))
        if tags & HIDDEN_TAGS:
            tags.add("remove-cell")
        elif SHOWN_TAG not in tags:
            tags.add("hide-input")
        cell.metadata["tags"] = sorted(tags)
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count


def _kernel(cwd: Path) -> Any:
    """This worker's kernel for `cwd`, started on first use and shut down when the worker exits."""
    from multiprocessing.util import Finalize

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = _KERNELS.get(str(cwd))
    if km is not None and run_sync(km.is_alive)():
        return km
    _discard_kernel(cwd)
    km = AsyncKernelManager(
        kernel_name="python3", transport="ipc", connection_file=str(_sockets_folder() / "k.json")
    )
    _KERNELS[str(cwd)] = km  # before it starts: a kernel that fails to start is discarded too
    Finalize(km, _discard_kernel, args=(cwd,), exitpriority=10)
    run_sync(km.start_kernel)(cwd=str(cwd))
    return km


def _sockets_folder() -> Path:
    """A new kernel's IPC sockets go in a short private folder named by this worker's process id:
    TCP ports picked by two workers at once can collide, and a socket path must stay under about
    a hundred characters. A worker removes its folder when it stops, unless it is killed; the
    folders of workers that no longer run are removed here, so killed builds leave no trail."""
    temp = _sockets_base()
    for folder in temp.glob(f"{SOCKETS_PREFIX}*-*"):
        pid = folder.name.removeprefix(SOCKETS_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)) and _own_folder(folder):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-", dir=temp))


# A Unix socket's path holds at most 107 bytes on Linux (108 with its NUL). jupyter_client names
# a kernel's sockets <folder>/k-ipc-<n>, in a folder `tempfile.mkdtemp` names with 8 characters.
SOCKET_PATH_MAX = 107
FALLBACK_TEMP = Path("/tmp")  # only where the temp dir is too deep for a socket


def _sockets_base() -> Path:
    """The temp dir, unless a socket's path in it would be too long (a deep TMPDIR), in which
    case /tmp, as CPython's multiprocessing does for its own sockets on macOS; the folder is
    private (0700) either way."""
    temp = Path(tempfile.gettempdir())
    longest = temp / f"{SOCKETS_PREFIX}{os.getpid()}-{'x' * 8}" / "k-ipc-99999"
    if len(os.fsencode(longest)) <= SOCKET_PATH_MAX or not FALLBACK_TEMP.is_dir():
        return temp
    return FALLBACK_TEMP


def _running(pid: int) -> bool:
    """Whether the process runs: a killed worker whose build was killed too stays a zombie until
    init reaps it, which can be after the next build starts (Linux shows that in /proc)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
    except (OSError, UnicodeDecodeError):
        return True
    return bool(state) and state[0] != "Z"


def _own_folder(path: Path) -> bool:
    """A folder (not a link) of this user: the only kind a sweep of the shared temp dir removes."""
    with suppress(OSError):
        info = path.lstat()
        return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    return False


def _discard_kernel(cwd: Path) -> None:
    from jupyter_core.utils import run_sync

    km = _KERNELS.pop(str(cwd), None)
    if km is not None:
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # already dead: nothing to shut down
            km.cleanup_resources()
        shutil.rmtree(Path(km.connection_file).parent, ignore_errors=True)


def run_task(task: Task) -> Outcome:
    """Execute one notebook (in a worker process); never raises for a notebook's own error."""
    import jupytext
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    nb = jupytext.read(task.source)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    try:
        i18n.translate_notebook(nb, task.lang)
    except i18n.MissingTranslation as err:
        return Outcome(task.stem, task.output, 0.0, False, f"{task.label}: {err}")
    reset = nbformat.v4.new_code_cell("%reset -f")
    reset.metadata["tags"] = [RESET_TAG]
    nb.cells.insert(0, reset)
    # In memory, not through files in a temporary folder: a worker the build stops (Ctrl-C, an
    # error) ends at once (`_stop_worker`), and such a folder would be left behind with a copy
    # of the chapter.
    try:
        executed = _in_kernel(nb, task.cwd, task.params)
    except PapermillExecutionError as err:
        failure = f"cell {_source_cell(nb, err.source)} failed: {err.ename}: {err.evalue}"
    except Exception as err:  # a dead kernel, a timeout: the notebook did not finish
        failure = f"execution stopped: {type(err).__name__}: {err}"
    else:
        failure = ""
    if failure:  # the next notebook gets a fresh kernel, whatever this one left behind
        _discard_kernel(task.cwd)
        seconds = time.perf_counter() - start
        return Outcome(task.stem, task.output, seconds, False, f"{task.label}: {failure}")
    _hide_machinery(executed)
    seconds = time.perf_counter() - start
    task.cache_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(task.output, nbformat.writes(executed).encode("utf-8"))
    write_atomic(task.record, json.dumps({"seconds": round(seconds, 2)}).encode("utf-8"))
    return Outcome(task.stem, task.output, seconds, False)


# What the chapters import first (`chapter` reads the data; `charts` brings Altair): imported
# in a kernel as it starts, before any chapter is run in it.
WARM_UP = "import baicheng_report.report.chapter, baicheng_report.report.charts"


def warm_up(pool: ProcessPoolExecutor, cwd: Path, count: int) -> None:
    """Start `count` workers now, each with its kernel for `cwd` and the chapters' imports done:
    a build does this before it validates the data, which needs neither, so a small build's
    first notebook starts seconds sooner. Nothing is read back: a warm-up that fails leaves the
    worker's first chapter to start its kernel and report the error itself."""
    with signals_deferred():  # submitting spawns the workers
        for _ in range(count):
            pool.submit(_warm, cwd)


def _warm(cwd: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WARM_UP)])
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    _in_kernel(nb, cwd, {})


def _in_kernel(nb: Any, cwd: Path, parameters: dict[str, Any]) -> Any:
    """`nb` executed by papermill in this worker's kernel for `cwd`; returns the executed copy."""
    import papermill

    return papermill.execute_notebook(
        nb,
        None,
        parameters=parameters,
        kernel_name="python3",
        cwd=str(cwd),
        progress_bar=False,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        km=_kernel(cwd),
    )


def _source_cell(nb: Any, source: str) -> str:
    """Number the failing cell as a reader counts it in the .md file (1-based code cells)."""
    code = [
        c for c in nb.cells if c.cell_type == "code" and RESET_TAG not in c.metadata.get("tags", [])
    ]
    for i, cell in enumerate(code, 1):
        if cell.source.strip() == (source or "").strip():
            return f"{i} (code cell {i} of {len(code)})"
    return "?"


def untranslated(task: Task) -> list[str]:
    """Each message of the chapter (markdown block, literal `_()` text) that the task's edition's
    catalogue lacks, as an error line; checked before anything executes, so a missing
    translation stops the build at once and names every text, not after the other chapters ran
    and only the first."""
    if task.lang == i18n.SOURCE_LANG:
        return []
    import jupytext

    table = i18n.catalogue(task.lang)
    lacking = dict.fromkeys(
        m for m in map(i18n.normalize, i18n.messages(jupytext.read(task.source))) if m not in table
    )
    return [f"{task.label}: locale/{task.lang}.yml has no entry for {m[:80]!r}" for m in lacking]


def cached(task: Task) -> Outcome | None:
    if task.output.is_file() and task.record.is_file():
        seconds = json.loads(task.record.read_text(encoding="utf-8"))["seconds"]
        return Outcome(task.stem, task.output, float(seconds), True)
    return None


@contextmanager
def worker_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes for `execute`; each keeps its kernel for as long as the pool lives.
    On an error or Ctrl-C the workers are stopped at once rather than left to finish."""
    pool = ProcessPoolExecutor(
        max_workers=max(1, jobs),
        mp_context=get_context("spawn"),
        initializer=_worker_started,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:
        # The executor has no public way to stop running work; its kernels follow their
        # worker (ipykernel exits when its parent does).
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            process.terminate()
        # Let the executor's manager thread see its workers gone and close its wake-up pipe
        # now: left running, it races the interpreter's exit hook, which then prints a
        # "Bad file descriptor" traceback under the build's one-line error.
        for process in workers:
            process.join(timeout=10)
        manager = getattr(pool, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(timeout=10)
        raise
    pool.shutdown(wait=True)


def _worker_started(build: int) -> None:
    """Ctrl-C reaches the whole process group: a worker ignores it, and the build, which gets it
    too, stops every worker (SIGTERM: `_stop_worker` stops its kernel) and reports it once. A
    worker that ended on the Ctrl-C itself could be seen gone before the build saw the Ctrl-C,
    which then reported a broken pool, not the interruption. Workers are spawned with SIGINT and
    SIGTERM blocked (`stopping.signals_deferred`): their handlers are set before they are
    unblocked."""
    # The temp dir is looked up once, under a lock, which `_stop_worker` would then wait for
    # forever if it interrupted that first lookup: it is done now, while SIGTERM is held.
    tempfile.gettempdir()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    stop_with_parent(build)  # a build killed alone (SIGKILL) still stops its workers
    signal.pthread_sigmask(signal.SIG_UNBLOCK, DEFERRED_SIGNALS)


def _stop_worker(number: int, _frame: object) -> None:
    """Kill, not shut down (no event loop may run in a handler), every kernel: those recorded
    and any child still starting, whose group jupyter_client has not recorded yet (a build
    stopped during the warm-up). Each kernel leads a process group of its own, with whatever it
    started. The sockets folders go only once the kernels are dead: a kernel still starting
    would find its connection file gone and print a traceback under the build's error. It
    takes no lock (a lock the interrupted code holds would never be released), and runs once:
    a worker may be sent SIGTERM twice, by the build and by the executor seeing it gone."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    kernels = [getattr(km.provisioner, "pgid", None) for km in _KERNELS.values()]
    for pid in [*filter(None, kernels), *children()]:
        with suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        with suppress(OSError):  # a child not yet in a group of its own
            os.kill(pid, signal.SIGKILL)
    # by name, not by `_KERNELS`: a folder made for a kernel not yet recorded goes too
    for folder in _sockets_base().glob(f"{SOCKETS_PREFIX}{os.getpid()}-*"):
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(128 + number)


def execute(
    tasks: list[Task],
    pool: ProcessPoolExecutor,
    force: bool,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> list[Outcome]:
    """Run every task not in the cache on the pool; return outcomes in task order."""
    outcomes: dict[str, Outcome] = {}
    todo = []
    for task in tasks:
        hit = None if force else cached(task)
        if hit is not None:
            outcomes[task.key] = hit
        else:
            todo.append(task)
    done = len(outcomes)
    if todo:
        progress(f"executing {len(todo)} notebook(s); {done} cached")
        with signals_deferred():  # submitting spawns the workers
            futures = {pool.submit(run_task, t): t for t in todo}
        for future in as_completed(futures):
            task = futures[future]
            outcome = future.result()
            outcomes[task.key] = outcome
            done += 1
            state = "FAILED" if outcome.error else f"{outcome.seconds:.1f} s"
            progress(f"[{done}/{len(tasks)}] {task.label}: {state}")
    return [outcomes[t.key] for t in tasks]
