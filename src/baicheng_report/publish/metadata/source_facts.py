"""Files of the data directory as catalogues describe them: size and SHA-256."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from baicheng_report import hashing


@dataclass(frozen=True)
class FileFacts:
    path: str  # relative to the data directory
    bytes: int
    sha256: str


def file_facts(data_dir: Path, rel: str) -> FileFacts:
    from baicheng_report.dataset import guarded

    data = guarded.read_bytes(data_dir, rel, guarded.MAX_TEXT_BYTES)
    return FileFacts(path=rel, bytes=len(data), sha256=hashing.sha256(data))
