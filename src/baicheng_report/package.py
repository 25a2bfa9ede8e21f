"""After an edit: validate, then regenerate derived texts, the repair log, datapackage.json and
the data dictionary. Writes nothing when validation fails; each file is replaced atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from baicheng_report import checks, datapackage, source
from baicheng_report.validate import Failure, validate_dir

DICTIONARY = "DICTIONARY.md"


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace `path` only when its bytes change; return whether it changed."""
    if path.is_file() and path.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def derived_files(data_dir: Path) -> dict[str, bytes]:
    """Files that are pure functions of the archived source."""
    derived = source.derive(source.read_raw(data_dir))
    repairs = checks.repair_table(derived)
    return {
        source.CLEAN_FILE: derived.clean.encode("utf-8"),
        source.SIMPLIFIED_FILE: derived.simplified.encode("utf-8"),
        "source_repairs.csv": repairs.to_csv(index=False, lineterminator="\n").encode("utf-8"),
    }


def run(data_dir: Path) -> tuple[list[Failure], list[str]]:
    """Return (failures, files written)."""
    # Load inputs: a source that fails its hash stops everything before anything is derived.
    failures = [
        f
        for f in validate_dir(data_dir, check_package=False)
        if not f.rule.startswith("stale derived text") and f.file != "source_repairs.csv"
    ]
    if failures:
        return failures, []
    # Process data
    outputs = derived_files(data_dir)
    staged = {
        rel: data
        for rel, data in outputs.items()
        if not (data_dir / rel).is_file() or (data_dir / rel).read_bytes() != data
    }
    written = [rel for rel, data in staged.items() if write_atomic(data_dir / rel, data)]
    # The regenerated files must validate too, before the descriptor vouches for them.
    failures = validate_dir(data_dir, check_package=False)
    if failures:
        return failures, written
    # Save outputs
    descriptor = datapackage.dump(datapackage.build(data_dir)).encode("utf-8")
    dictionary = datapackage.dictionary_markdown().encode("utf-8")
    for rel, data in (("datapackage.json", descriptor), (DICTIONARY, dictionary)):
        if write_atomic(data_dir / rel, data):
            written.append(rel)
    return [], written
