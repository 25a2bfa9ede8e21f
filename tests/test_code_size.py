"""Every function and module of the package stays small enough to read at once: no function over
FUNCTION_LINES lines, no module over MODULE_LINES. The exceptions are named one by one, each
waiting for the rewrite that removes it; an exception that no longer needs to be one fails too,
so the list only shrinks."""

from __future__ import annotations

import ast
from pathlib import Path

import baicheng_report

FUNCTION_LINES = 55  # from `def` to the last line of the body, docstring and comments included
MODULE_LINES = 500
PACKAGE = Path(baicheng_report.__file__).parent
# A function or module that must stay long is named here, with why; none needs to today.
LONG_FUNCTIONS: set[str] = set()
LONG_MODULES: set[str] = set()


def _modules() -> dict[str, str]:
    return {p.relative_to(PACKAGE).as_posix(): p.read_text("utf-8") for p in PACKAGE.rglob("*.py")}


def function_lengths(module: str, text: str) -> dict[str, int]:
    """Each function's (and method's) length, named `module:function`."""
    return {
        f"{module}:{node.name}": (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_no_function_is_longer_than_the_limit() -> None:
    lengths = {k: v for m, text in _modules().items() for k, v in function_lengths(m, text).items()}
    too_long = {name: n for name, n in lengths.items() if n > FUNCTION_LINES}
    assert sorted(set(too_long) - LONG_FUNCTIONS) == [], too_long
    assert sorted(LONG_FUNCTIONS - set(too_long)) == [], "short now: remove from LONG_FUNCTIONS"


def test_no_module_is_longer_than_the_limit() -> None:
    lengths = {m: len(text.splitlines()) for m, text in _modules().items()}
    too_long = {m: n for m, n in lengths.items() if n > MODULE_LINES}
    assert sorted(set(too_long) - LONG_MODULES) == [], too_long
    assert sorted(LONG_MODULES - set(too_long)) == [], "short now: remove from LONG_MODULES"


def test_lengths_are_counted_from_def_to_the_last_line() -> None:
    text = (
        "def f():\n    '''doc'''\n    x = 1\n\n    return x\n\n\n"
        "class C:\n    def m(self):\n        pass\n"
    )
    assert function_lengths("m.py", text) == {"m.py:f": 5, "m.py:m": 2}
