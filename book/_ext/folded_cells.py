"""Sphinx extension: myst-nb's folded code cells, named by the words they show.

myst-nb labels the toggle of every folded cell "Toggle hidden content", in English in every
edition, and a label replaces the toggle's own words for a screen reader: a reader of the Chinese
edition saw 显示代码 and heard English. Without the label the toggle is named by its visible
words ("Show the code" / "Hide the code", per edition: `nb_code_prompt_show`, `_hide`), as a
sighted reader reads it. The markup is otherwise myst-nb's own.
"""

from __future__ import annotations

from typing import Any

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput

LABEL = ' aria-label="Toggle hidden content"'


def _visit(self: Any, node: HideCodeCellNode) -> None:
    start = len(self.body)
    visit_HideCellInput(self, node)
    self.body[start:] = [piece.replace(LABEL, "") for piece in self.body[start:]]


def setup(app: Any) -> dict[str, Any]:
    app.add_node(HideCodeCellNode, override=True, html=(_visit, depart_HideCellInput))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
