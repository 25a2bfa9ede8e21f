"""What the build hashes to know what changed: the site as a whole, and each executed chapter.

A notebook is re-executed only when its own source, its parameters, the data it reads, the
package code or the lock file changed; the site is rebuilt only when anything that shapes it did.
Pure standard library (and yaml for the table of contents): a build with nothing to do stops
here, before pandas or the Jupyter stack is imported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import baicheng_report
from baicheng_report.hashing import digest
from baicheng_report.report.publish import SITE_KEY, Layout
from baicheng_report.report.toc import BOOK_FILES, chapters

__all__ = [
    "code_digest",
    "data_digest",
    "digest",
    "published_key",
    "shared_key",
    "site_key",
    "task_key",
]


def code_digest() -> str:
    """Every Python file and message catalogue of the package, by relative path and content."""
    pkg = Path(baicheng_report.__file__).parent
    found = [*pkg.rglob("*.py"), *pkg.glob("report/locale/*.yml")]
    files = sorted(p for p in found if "__pycache__" not in p.parts)
    return digest(*[p.relative_to(pkg).as_posix().encode() + b"\0" + p.read_bytes() for p in files])


def data_digest(data_dir: Path) -> str:
    """The descriptor records every file's hash, and validation proved the files match it.
    Read through the guard: this runs before validation, which names a refused descriptor."""
    from baicheng_report.dataset import guarded

    try:
        data = guarded.read_bytes(data_dir, "datapackage.json", guarded.MAX_DESCRIPTOR_BYTES)
    except guarded.RefusedFile as err:
        data = f"refused: {err}".encode()
    return digest(data)


def task_key(source: Path, params: dict[str, Any], shared: str) -> str:
    """One chapter's key: its source, its parameters and what every chapter shares."""
    return digest(source.read_bytes(), json.dumps(params, sort_keys=True).encode(), shared.encode())


def shared_key(root: Path, data_dir: Path) -> str:
    """What every chapter reads alike: the data, the package code and the lock file."""
    return digest(data_digest(data_dir).encode(), code_digest().encode(), _lock_bytes(root))


def site_key(root: Path, data_dir: Path, params: dict[str, Any]) -> str:
    """Everything that shapes the site, hashed; equal keys mean an identical site."""
    stems = chapters(root)  # first: it names what is missing or unfollowable in the book
    parts = [(root / name).read_bytes() for name in BOOK_FILES]
    parts += [(root / "book" / f"{stem}.md").read_bytes() for stem in stems]
    parts += [
        p.relative_to(root).as_posix().encode() + p.read_bytes() for p in _book_folder_files(root)
    ]
    parts += [
        data_digest(data_dir).encode(),
        code_digest().encode(),
        _lock_bytes(root),
        json.dumps(params, sort_keys=True).encode(),
    ]
    return digest(*parts)


def published_key(layout: Layout) -> str | None:
    """The key of the site published at `layout.out`, if any."""
    marker = layout.out / SITE_KEY
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else None


# The book's own assets, theme templates and Sphinx extensions: they shape every page (each is
# staged into every edition: `staging.stage_edition`).
BOOK_FOLDERS = ("_static", "_templates", "_ext")


def _book_folder_files(root: Path) -> list[Path]:
    """Every file of BOOK_FOLDERS."""
    found = [p for folder in BOOK_FOLDERS for p in (root / "book" / folder).rglob("*")]
    return sorted(p for p in found if p.is_file() and "__pycache__" not in p.parts)


def _lock_bytes(root: Path) -> bytes:
    lock = root / "requirements.lock"
    return lock.read_bytes() if lock.is_file() else b""
