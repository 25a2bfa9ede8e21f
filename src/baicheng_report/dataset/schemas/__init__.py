"""One pandera DataFrameModel per table: the single source of truth for every table's columns.

Which tables there are, and their keys, come from the registry; each model is found by the import
path the registry records for it.
"""

from __future__ import annotations

import pandera.pandas as pa

from baicheng_report.dataset import registry
from baicheng_report.dataset.schemas._base import Evidenced

__all__ = ["MODELS", "Evidenced", "columns", "primary_key"]

MODELS: dict[str, type[pa.DataFrameModel]] = {
    name: registry.model(name) for name in registry.TABLE_NAMES
}
_EVIDENCE_COLUMNS = list(Evidenced.to_schema().columns)


def columns(name: str) -> list[str]:
    """Column order of a table: its own columns first, the evidence columns last."""
    own = list(MODELS[name].to_schema().columns)
    if not issubclass(MODELS[name], Evidenced):
        return own
    return [c for c in own if c not in _EVIDENCE_COLUMNS] + _EVIDENCE_COLUMNS


def primary_key(name: str) -> str:
    """The table's id column, as the registry records it."""
    return registry.table(name).key
