"""After an edit: validate, then regenerate derived texts, the repair log and every metadata file
(datapackage.json, the data dictionary, CSVW, RO-Crate; in a source checkout also .zenodo.json and
CITATION.cff). Writes nothing when validation fails; each file is replaced atomically."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from baicheng_report.atomic import write_atomic
from baicheng_report.dataset.validation import Failure, validate_dir
from baicheng_report.publish.metadata import files as metadata_files
from baicheng_report.source import text as source

DICTIONARY = metadata_files.DICTIONARY
DERIVED_FILES = (source.CLEAN_FILE, source.SIMPLIFIED_FILE, "source_repairs.csv")


def derived_files(data_dir: Path) -> dict[str, bytes]:
    """Files that are pure functions of the archived source."""
    derived = source.derive(source.read_raw(data_dir))
    repairs = source.repair_table(derived)
    made = (
        derived.clean,
        derived.simplified,
        repairs.to_csv(index=False, lineterminator="\n"),
    )
    return {rel: text.encode("utf-8") for rel, text in zip(DERIVED_FILES, made, strict=True)}


def _refuse_what_is_not_a_file(data_dir: Path) -> None:
    """Before any write: a folder, FIFO or device where package writes a file stops it whole,
    naming the path (a link is fine: it is replaced, its target untouched)."""
    for rel in (*DERIVED_FILES, *metadata_files.DATA_FILES):
        try:
            mode = (data_dir / rel).lstat().st_mode
        except FileNotFoundError:
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EEXIST
            raise OSError(code, f"{os.strerror(code)}: package writes a file here", data_dir / rel)


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
    _refuse_what_is_not_a_file(data_dir)
    # Process data
    outputs = derived_files(data_dir)
    written = [rel for rel, data in outputs.items() if write_atomic(data_dir / rel, data)]
    # The regenerated files must validate too, before the descriptor vouches for them.
    failures = validate_dir(data_dir, check_package=False)
    if failures:
        return failures, written
    # Save outputs
    for rel, data in metadata_files.data_files(data_dir).items():
        if write_atomic(data_dir / rel, data):
            written.append(rel)
    root = metadata_files.checkout_root(data_dir)
    if root is not None:
        for name, data in metadata_files.repo_files().items():
            if write_atomic(root / name, data):
                written.append(name)
    return [], written
