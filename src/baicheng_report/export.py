"""Write every table in another format. Output bytes depend only on the data and the versions
of the writers, so repeated runs are byte-identical."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from baicheng_report.tables import TABLE_NAMES, TableName, read

if TYPE_CHECKING:
    import pandas as pd

Format = Literal["csv", "parquet", "json", "sqlite"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "json", "sqlite")


def export(data_dir: Path, out: Path, fmt: Format) -> list[Path]:
    """Write all tables into `out`; the files appear only once all of them are written."""
    frames = {name: read(name, data_dir) for name in TABLE_NAMES}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".export-") as tmp:
        staging = Path(tmp)
        if fmt == "sqlite":
            _sqlite(frames, staging / "baicheng_report.sqlite")
        else:
            for name, frame in frames.items():
                target = staging / f"{name}.{fmt}"
                if fmt == "csv":
                    shutil.copyfile(data_dir / f"{name}.csv", target)
                elif fmt == "json":
                    records = json.loads(frame.to_json(orient="records", force_ascii=False))
                    target.write_text(
                        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                    )
                else:
                    frame.to_parquet(target, index=False, compression="zstd")
        written = []
        for path in sorted(staging.iterdir()):
            path.replace(out / path.name)
            written.append(out / path.name)
    return written


def _sqlite(frames: Mapping[TableName, pd.DataFrame], target: Path) -> None:
    con = sqlite3.connect(target)
    try:
        for name, frame in frames.items():
            frame.to_sql(name=name, con=con, index=False)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
