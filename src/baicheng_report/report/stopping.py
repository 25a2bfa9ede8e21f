"""How a build stops when asked to: Ctrl-C reaches its whole process group (the build and every
worker); a SIGTERM sent to the build alone (`kill <pid>`, a supervisor, a CI runner's timeout) is
passed on to its children, so both end the same way, with nothing left running. A build killed
alone (SIGKILL, which nothing can pass on) has Linux tell its workers (`stop_with_parent`).

Only the main thread receives signals as exceptions; elsewhere these helpers do nothing.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """A SIGTERM, raised in the main thread: it unwinds through the same cleanup as a Ctrl-C
    (the workers stopped, the staging folder removed, the published site untouched)."""


def children() -> list[int]:
    """This process's children, started by any of its threads (Linux's /proc; none elsewhere)."""
    found: list[int] = []
    for listing in Path("/proc/self/task").glob("*/children"):
        with suppress(OSError, ValueError):
            found += map(int, listing.read_text(encoding="ascii").split())
    return found


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def stop_with_parent(parent: int) -> None:
    """Have Linux send this process SIGTERM when `parent` dies, by SIGKILL too, which no handler
    sees (the OOM killer's): a worker then stops its kernel rather than run on with no parent. It
    is sent when the thread that spawned this process ends: the build's workers are spawned by
    its main thread (ProcessPoolExecutor's `submit` spawns from the caller's thread; only with
    `max_tasks_per_child` would its manager thread spawn replacements). A parent gone before the
    request, or a request refused, is caught by the parent's pid. Elsewhere than Linux, nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    prctl.argtypes = [ctypes.c_int, *[ctypes.c_ulong] * 4]  # the kernel reads unsigned longs
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def sigterm_stops() -> Iterator[None]:
    """While the block runs, a SIGTERM is sent on to every child (a worker then kills its
    kernel) and raised here as `Terminated`, once, and not while a Ctrl-C unwinds the build: a
    later one is only passed on, so the cleanup runs to its end. Without this a build killed
    alone left its workers and their kernels running with no parent."""
    if not _in_main_thread():
        yield
        return
    raised: list[int] = []

    def stop(number: int, _frame: FrameType | None) -> None:
        for pid in children():
            with suppress(OSError):
                os.kill(pid, number)
        if not raised and not isinstance(sys.exc_info()[1], KeyboardInterrupt):
            raised.append(number)
            raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while this (main) thread spawns workers: an interrupted spawn
    leaves a half-started child that prints a traceback. The workers inherit the blocked mask
    (`execute._worker_started` unblocks it once their handlers are set). A signal that came
    meanwhile is raised again afterwards, under the handlers the block found."""
    if not _in_main_thread():
        yield
        return
    caught: list[int] = []

    def hold(number: int, _frame: FrameType | None) -> None:
        caught.append(number)

    sigint, sigterm = (signal.signal(number, hold) for number in DEFERRED_SIGNALS)
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, DEFERRED_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        # SIGTERM's handler may raise as soon as it is back; SIGINT's is put back all the same.
        try:
            signal.signal(signal.SIGTERM, sigterm)
        finally:
            signal.signal(signal.SIGINT, sigint)
    for number in dict.fromkeys(caught):
        signal.raise_signal(number)
