"""The kernels' socket folders in the shared temp dir: a build removes those of workers that no
longer run (killed, so they could not remove their own) and nothing else there."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from baicheng_report.report import execute
from baicheng_report.report.execute import SOCKETS_PREFIX
from tests.conftest import processes_naming, run_python


def _last_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its pid names no process now
    return child.pid


def test_a_new_folder_sweeps_only_dead_workers_own_folders(
    short_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = short_temp  # a temp dir too deep for a socket is not used (see below)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = _last_pid()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])  # exits, and is not reaped yet
    while Path(f"/proc/{zombie.pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
        time.sleep(0.02)
    folders = {
        "dead": tmp_path / f"{SOCKETS_PREFIX}{dead}-a",
        "zombie": tmp_path / f"{SOCKETS_PREFIX}{zombie.pid}-b",
        "live": tmp_path / f"{SOCKETS_PREFIX}{os.getpid()}-c",
        "no pid": tmp_path / f"{SOCKETS_PREFIX}x{dead}-d",
        "other user's": tmp_path / f"{SOCKETS_PREFIX}{dead}-e",
    }
    for folder in folders.values():
        folder.mkdir()
        (folder / "k.json").write_text("{}", encoding="utf-8")
    if os.getuid() == 0:
        os.chown(folders["other user's"], 54321, -1)
    else:
        folders.pop("other user's")
    target = tmp_path / "not-ours"
    target.mkdir()
    (target / "keep").write_text("keep", encoding="utf-8")
    link = tmp_path / f"{SOCKETS_PREFIX}{dead}-f"
    link.symlink_to(target)

    try:
        made = execute._sockets_folder()
    finally:
        zombie.wait()

    assert made.parent == tmp_path and made.name.startswith(f"{SOCKETS_PREFIX}{os.getpid()}-")
    gone = {name for name, folder in folders.items() if not folder.exists()}
    assert gone == {"dead", "zombie"}
    assert link.is_symlink() and (target / "keep").read_text(encoding="utf-8") == "keep"


def test_a_temp_dir_too_deep_for_a_socket_gives_way_to_tmp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deep TMPDIR would put a kernel's socket paths past what a Unix socket allows: the
    kernel could not bind, and every chapter failed with a dead kernel. Its folder goes in /tmp
    instead, and the kernel answers there."""
    from jupyter_core.utils import run_sync

    deep = tmp_path / ("deep" * 20)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    km = execute._kernel(tmp_path)
    folder = Path(km.connection_file).parent
    try:
        assert folder.parent == execute.FALLBACK_TEMP
        assert folder.name.startswith(f"{SOCKETS_PREFIX}{os.getpid()}-")
        client = km.client()
        client.start_channels()
        try:
            run_sync(client.wait_for_ready)(timeout=60)  # raises if the kernel died
        finally:
            client.stop_channels()
    finally:
        execute._discard_kernel(tmp_path)
    assert not folder.exists()


# A worker stopped while its kernel starts: one child already leads a group of its own (a kernel
# launched), one does not yet (forked, before jupyter_client recorded it). Both must die.
STOPPED_WORKER = """
import os, signal, subprocess, sys, time
from baicheng_report.report import execute
signal.signal(signal.SIGTERM, execute._stop_worker)
own = subprocess.Popen(["sleep", "60"], start_new_session=True)
shared = subprocess.Popen(["sleep", "60"])
print(own.pid, shared.pid, flush=True)
time.sleep(60)
"""


def test_a_stopped_worker_kills_every_kernel_it_started_recorded_or_not() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", STOPPED_WORKER], stdout=subprocess.PIPE, text=True
    ) as worker:
        assert worker.stdout is not None
        children = [int(pid) for pid in worker.stdout.readline().split()]
        assert len(children) == 2 and all(map(execute._running, children))
        worker.terminate()
        assert worker.wait(timeout=30) == 128 + 15
    deadline = time.monotonic() + 10  # killed at once; reaped by init meanwhile
    while any(map(execute._running, children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(execute._running, children))


# A worker's first lookup of the temp dir holds a lock; a SIGTERM during it ran the handler,
# which looked the temp dir up too and waited on that lock forever. The lookup here sends the
# SIGTERM itself, as the first kernel's start would look the temp dir up.
STOPPED_DURING_FIRST_LOOKUP = """
import os, signal, tempfile
from baicheng_report.report import execute
first_lookup = tempfile._get_default_tempdir
def lookup():
    os.kill(os.getpid(), signal.SIGTERM)
    return first_lookup()
tempfile._get_default_tempdir, tempfile.tempdir = lookup, None
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})  # as it is spawned
execute._worker_started(os.getppid())
tempfile.gettempdir()
print("never stopped")
"""

# A second SIGTERM while the handler runs (the build and the executor both send one): here the
# handler's own look for children sends it, once.
STOPPED_TWICE = """
import os, signal
from baicheng_report.report import execute
def children():
    print("stopping", flush=True)
    if not getattr(children, "sent", False):
        children.sent = True
        os.kill(os.getpid(), signal.SIGTERM)
    return []
execute.children = children
signal.signal(signal.SIGTERM, execute._stop_worker)
os.kill(os.getpid(), signal.SIGTERM)
print("never stopped")
"""


def test_a_worker_looks_the_temp_dir_up_before_a_sigterm_can_reach_it() -> None:
    stopped = run_python(STOPPED_DURING_FIRST_LOOKUP)  # a hang times out
    assert stopped.returncode == 128 + 15, stopped.stdout + stopped.stderr


def test_a_worker_sent_sigterm_again_while_stopping_stops_once() -> None:
    stopped = run_python(STOPPED_TWICE)
    assert stopped.returncode == 128 + 15, stopped.stderr
    assert stopped.stdout.splitlines() == ["stopping"], stopped.stdout


def _folders(temp: Path) -> list[Path]:
    return list(temp.glob(f"{SOCKETS_PREFIX}*"))


def _stopped_during_warm_up(temp: Path) -> None:
    with execute.worker_pool(2) as pool:
        execute.warm_up(pool, temp, 2)
        deadline = time.monotonic() + 60
        while not _folders(temp) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _folders(temp)
        raise RuntimeError("stopped")


def test_a_pool_stopped_while_its_kernels_start_leaves_no_folder_or_process(
    short_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a build stopped during its warm-up (an invalid data directory, a Ctrl-C) leaves:
    the pool stops as soon as a kernel's sockets folder exists, its kernel being launched."""
    monkeypatch.setenv("TMPDIR", str(short_temp))  # the spawned workers' temp dir
    with pytest.raises(RuntimeError, match="stopped"):
        _stopped_during_warm_up(short_temp)
    assert _folders(short_temp) == []
    assert processes_naming(short_temp) == []
