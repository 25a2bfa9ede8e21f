"""A build stopped by a signal: a SIGTERM to it alone reaches its children, and a signal that
comes while workers are being spawned waits until they are."""

from __future__ import annotations

from tests.conftest import run_python

# Each case runs in an interpreter of its own: it sends signals to itself.
FORWARDED = """
import os, signal, subprocess
from baicheng_report.report.stopping import Terminated, sigterm_stops
child = subprocess.Popen(["sleep", "60"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
with sigterm_stops():
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        signal.pause()  # not reached: the handler raises as os.kill returns
    except Terminated:
        print("terminated", child.wait(timeout=10))
        os.kill(os.getpid(), signal.SIGTERM)  # a second one, during the cleanup: not raised
        print("cleaned")
print("restored", signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
"""

DEFERRED = """
import os, signal
from baicheng_report.report.stopping import Terminated, signals_deferred, sigterm_stops
steps = []
with sigterm_stops():
    try:
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            steps.append("spawned")
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, set())
            steps.append(f"held {set(blocked) >= {signal.SIGINT, signal.SIGTERM}}")
    except Terminated:
        steps.append("terminated")
print(*steps)
"""


DURING_CTRL_C = """
import os, signal
from baicheng_report.report.stopping import sigterm_stops
try:
    with sigterm_stops():
        try:
            raise KeyboardInterrupt
        except BaseException:
            os.kill(os.getpid(), signal.SIGTERM)  # while a Ctrl-C unwinds: passed on only
            print("cleaned", flush=True)
            raise
except KeyboardInterrupt as stop:
    print(type(stop).__name__)
"""


def _run(script: str) -> str:
    done = run_python(script)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_sigterm_reaches_every_child_and_raises_terminated_once() -> None:
    assert _run(FORWARDED).split() == ["terminated", "-15", "cleaned", "restored", "True"]


def test_a_sigterm_while_a_ctrl_c_unwinds_lets_the_cleanup_finish() -> None:
    assert _run(DURING_CTRL_C).split() == ["cleaned", "KeyboardInterrupt"]


def test_a_sigterm_while_workers_spawn_is_raised_after_the_spawning() -> None:
    assert _run(DEFERRED).split() == ["spawned", "held", "True", "terminated"]


def test_a_worker_whose_build_is_already_gone_stops_at_once() -> None:
    """The build died before the worker asked to be told (`stop_with_parent`): its parent is no
    longer the build, so it stops itself."""
    code = (
        "import os; from baicheng_report.report.stopping import stop_with_parent; "
        "stop_with_parent(os.getppid() + 1_000_000); print('ran on')"
    )
    done = run_python(code)
    assert done.returncode == -15 and "ran on" not in done.stdout, done.stderr
