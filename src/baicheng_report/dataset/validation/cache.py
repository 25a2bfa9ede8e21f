"""A table passes its schema the same way while its bytes are unchanged, so the typed frames of
valid tables are kept: `package` validates twice, and tools that validate many edited copies pay
for the edited table only. Failures are never kept, and the rules that read beyond a table's own
bytes (the source text, other files, other tables) run every time."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from baicheng_report.dataset import guarded

Key = tuple[str, str]
_VALID: dict[Key, pd.DataFrame] = {}
_LIMIT = 128


def key(name: str, data_dir: Path) -> Key | None:
    try:
        return name, guarded.sha256(data_dir, f"{name}.csv", guarded.MAX_TABLE_BYTES)
    except guarded.RefusedFile:
        return None


def get(found: Key | None) -> pd.DataFrame | None:
    frame = _VALID.get(found) if found is not None else None
    return None if frame is None else frame.copy()


def keep(found: Key | None, frame: pd.DataFrame) -> None:
    if found is None:
        return
    if len(_VALID) >= _LIMIT:
        del _VALID[next(iter(_VALID))]
    _VALID[found] = frame.copy()


def clear() -> None:
    _VALID.clear()
