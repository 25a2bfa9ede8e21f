"""SHA-256, the one hash of the package: of bytes, of a file read in chunks, of several parts.

Pure standard library: the load path, the guarded reads and the build's cache keys use it alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def sha256(data: bytes) -> str:
    """The hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def sha256_chunks(chunks: Iterable[bytes]) -> str:
    """The hex SHA-256 of the chunks joined, without ever holding them whole."""
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(chunk)
    return h.hexdigest()


def digest(*parts: bytes) -> str:
    """One hex SHA-256 of several parts, each hashed first, so that no two different lists of
    parts join into the same bytes."""
    return sha256_chunks(hashlib.sha256(part).digest() for part in parts)
