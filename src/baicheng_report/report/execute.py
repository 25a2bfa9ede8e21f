"""Execute the book's notebooks with papermill, in parallel, cached by content hash.

A notebook is re-executed only when its own source, its parameters, the data it reads, the
package code or the lock file changed. Cache entries are written to a temporary name and renamed
into place, so an interrupted run never leaves a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import baicheng_report

HIDDEN_TAGS = {"parameters", "injected-parameters"}


@dataclass(frozen=True)
class Task:
    stem: str
    source: Path  # the MyST-markdown notebook
    key: str
    params: dict[str, Any]
    cwd: Path
    cache_dir: Path

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


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def code_digest() -> str:
    """Every Python file of the package, by relative path and content."""
    pkg = Path(baicheng_report.__file__).parent
    files = sorted(p for p in pkg.rglob("*.py") if "__pycache__" not in p.parts)
    return digest(*[p.relative_to(pkg).as_posix().encode() + b"\0" + p.read_bytes() for p in files])


def data_digest(data_dir: Path) -> str:
    """The descriptor records every file's hash, and validation proved the files match it."""
    return digest((data_dir / "datapackage.json").read_bytes())


def task_key(source: Path, params: dict[str, Any], shared: str) -> str:
    return digest(source.read_bytes(), json.dumps(params, sort_keys=True).encode(), shared.encode())


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _hide_machinery(nb: Any) -> None:
    """Remove the parameter cells from the book and fold code away behind a toggle."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        tags |= {"remove-cell"} if tags & HIDDEN_TAGS else {"hide-input"}
        cell.metadata["tags"] = sorted(tags)


def run_task(task: Task) -> Outcome:
    """Execute one notebook (in a worker process); never raises for a notebook's own error."""
    import jupytext
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    nb = jupytext.read(task.source)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    with tempfile.TemporaryDirectory(prefix="br-exec-") as tmp:
        src, out = Path(tmp) / f"{task.stem}.ipynb", Path(tmp) / f"{task.stem}.out.ipynb"
        nbformat.write(nb, src)
        try:
            papermill.execute_notebook(
                str(src),
                str(out),
                parameters=task.params,
                kernel_name="python3",
                cwd=str(task.cwd),
                progress_bar=False,
                log_output=False,
                stdout_file=None,
                stderr_file=None,
            )
        except PapermillExecutionError as err:
            cell = _source_cell(nb, err.source)
            return Outcome(
                task.stem,
                task.output,
                time.perf_counter() - start,
                False,
                f"{task.source.name}: cell {cell} failed: {err.ename}: {err.evalue}",
            )
        except Exception as err:  # a dead kernel, a timeout: the notebook did not finish
            return Outcome(
                task.stem,
                task.output,
                time.perf_counter() - start,
                False,
                f"{task.source.name}: execution stopped: {type(err).__name__}: {err}",
            )
        executed = nbformat.read(out, as_version=4)
    _hide_machinery(executed)
    seconds = time.perf_counter() - start
    task.cache_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(task.output, nbformat.writes(executed))
    _write_atomic(task.record, json.dumps({"seconds": round(seconds, 2)}))
    return Outcome(task.stem, task.output, seconds, False)


def _source_cell(nb: Any, source: str) -> str:
    """Number the failing cell as a reader counts it in the .md file (1-based code cells)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code, 1):
        if cell.source.strip() == (source or "").strip():
            return f"{i} (code cell {i} of {len(code)})"
    return "?"


def cached(task: Task) -> Outcome | None:
    if task.output.is_file() and task.record.is_file():
        seconds = json.loads(task.record.read_text(encoding="utf-8"))["seconds"]
        return Outcome(task.stem, task.output, float(seconds), True)
    return None


def execute(
    tasks: list[Task],
    jobs: int,
    force: bool,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> list[Outcome]:
    """Run every task not in the cache, up to `jobs` at once; return outcomes in task order."""
    outcomes: dict[str, Outcome] = {}
    todo = []
    for task in tasks:
        hit = None if force else cached(task)
        if hit is not None:
            outcomes[task.stem] = hit
        else:
            todo.append(task)
    done = len(outcomes)
    if todo:
        progress(f"executing {len(todo)} notebook(s), {jobs} at a time; {done} cached")
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(run_task, t): t for t in todo}
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.stem] = outcome
                done += 1
                state = "FAILED" if outcome.error else f"{outcome.seconds:.1f} s"
                progress(f"[{done}/{len(tasks)}] {outcome.stem}: {state}")
    return [outcomes[t.stem] for t in tasks]
