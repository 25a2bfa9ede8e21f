"""Every metadata file `baicheng-report package` writes, as bytes, in one place, so that the
command and the staleness test cannot disagree about what is generated."""

from __future__ import annotations

from pathlib import Path

from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.publish import datapackage
from baicheng_report.publish.metadata import citation_files, csvw_tables, ro_crate

DICTIONARY = "DICTIONARY.md"
# What `data_files` writes, by name, known before anything is generated.
DATA_FILES = ("datapackage.json", DICTIONARY, csvw_tables.FILE, ro_crate.FILE)


def data_files(data_dir: Path) -> dict[str, bytes]:
    """Files inside the data directory (they ship in the wheel), by relative path."""
    made = (
        datapackage.dump(datapackage.build(data_dir)),
        datapackage.dictionary_markdown(),
        citation_files.dump(csvw_tables.table_group()),
        citation_files.dump(ro_crate.crate(data_dir)),
    )
    return {name: text.encode("utf-8") for name, text in zip(DATA_FILES, made, strict=True)}


def repo_files() -> dict[str, bytes]:
    """Files at the root of a source checkout, by name."""
    return {
        citation_files.ZENODO: citation_files.dump(citation_files.zenodo()).encode("utf-8"),
        citation_files.CFF: citation_files.cff().encode("utf-8"),
    }


def checkout_root(data_dir: Path) -> Path | None:
    """The repository root when `data_dir` is the packaged data of a source checkout (where
    `.zenodo.json` and `CITATION.cff` live); None for an installed wheel or another folder."""
    if data_dir.resolve() != package_data_dir().resolve():
        return None
    root = data_dir.resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / ".git").exists() else None
