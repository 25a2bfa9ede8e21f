"""The one way to a file of a data directory: every command reads a table, a text or the
descriptor through here, because the directory may come from a stranger.

A file is read only when its path stays inside the directory, no part of that path is a symbolic
link, it is a regular file (not a device, FIFO or directory) and its size is under the cap, and
all of this is known before its first byte is read. A refusal names the file and the reason and
never echoes the file's content. Only the standard library is imported: `load` uses this too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from baicheng_report.hashing import sha256_chunks

MAX_TABLE_BYTES = 20 * 1024 * 1024  # the real tables are a few KB
MAX_TEXT_BYTES = 20 * 1024 * 1024  # the archived article is 6 KB
MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024  # datapackage.json is 50 KB
_CHUNK = 1024 * 1024
# A read asks for the file's size and a byte more (EOF in one call), at least this much: a
# 1 MiB request for a 5 kB table costs a fresh 1 MiB buffer, a tenth of a whole table load.
_SMALL_CHUNK = 64 * 1024
# O_NOFOLLOW refuses a link swapped in after the check; O_NONBLOCK keeps a FIFO from hanging open.
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class RefusedFile(ValueError):
    """A file of the data directory that is not read: missing, outside, not regular, too large."""

    def __init__(self, rel: str, rule_id: str, reason: str) -> None:
        super().__init__(f"{rel}: {reason}")
        self.rel, self.rule_id, self.reason = rel, rule_id, reason


def _relative(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if not rel or "\\" in rel or "\x00" in rel or path.is_absolute() or ".." in path.parts:
        raise RefusedFile(
            rel, "file.outside", "path leaves the data directory (absolute, .. or unusual)"
        )
    return path


def locate(data_dir: Path, rel: str, cap: int) -> tuple[Path, int]:
    """The file's path and size, once every check has passed; nothing of it is read."""
    path, info = inspect(data_dir, rel, cap)
    return path, info.st_size


def inspect(data_dir: Path, rel: str, cap: int) -> tuple[Path, os.stat_result]:
    """The file's path and its `lstat`, once every check has passed; nothing of it is read."""
    path = Path(data_dir)
    parts = _relative(rel).parts
    for depth, part in enumerate(parts, 1):
        path = path / part
        try:
            info = path.lstat()
        except FileNotFoundError:
            raise RefusedFile(rel, "file.missing", "file is missing") from None
        except OSError as err:
            raise RefusedFile(
                rel, "file.missing", f"cannot be inspected ({err.strerror})"
            ) from None
        if stat.S_ISLNK(info.st_mode):
            what = "" if depth == len(parts) else f"its folder {'/'.join(parts[:depth])} "
            raise RefusedFile(rel, "file.not_regular", f"{what}is a symbolic link; not followed")
        if depth < len(parts) and not stat.S_ISDIR(info.st_mode):
            raise RefusedFile(rel, "file.missing", "file is missing")
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
        raise RefusedFile(rel, "file.not_regular", f"is {kind}, not a regular file; not read")
    if info.st_size > cap:
        raise RefusedFile(
            rel,
            "file.size_limit",
            f"file is {info.st_size:,} bytes; the limit is {cap:,}, so it was not read",
        )
    return path, info


def _open_beneath(data_dir: Path, rel: str) -> int:
    """Open `rel` folder by folder, each relative to the last and none through a link, so no
    folder swapped for a link after `locate` can lead outside (where the OS allows it)."""
    if os.open not in os.supports_dir_fd:
        return os.open(Path(data_dir) / rel, _FLAGS)
    *folders, name = PurePosixPath(rel).parts
    folder_flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(data_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for folder in folders:
            inner = os.open(folder, folder_flags, dir_fd=fd)
            os.close(fd)
            fd = inner
        return os.open(name, _FLAGS, dir_fd=fd)
    finally:
        os.close(fd)


def _open(data_dir: Path, rel: str, cap: int) -> tuple[int, int]:
    locate(data_dir, rel, cap)
    try:
        fd = _open_beneath(data_dir, rel)
    except OSError as err:
        raise RefusedFile(rel, "file.not_regular", f"cannot be opened ({err.strerror})") from None
    info = os.fstat(fd)  # the file opened is the file checked, not one swapped in since
    if not stat.S_ISREG(info.st_mode) or info.st_size > cap:
        os.close(fd)
        raise RefusedFile(rel, "file.not_regular", "changed while it was being checked")
    os.set_blocking(fd, True)
    return fd, info.st_size


def _stream(data_dir: Path, rel: str, cap: int) -> Iterator[bytes]:
    """The file's bytes, a chunk at a time, stopping at the cap even if the file grows."""
    total = 0
    fd, size = _open(data_dir, rel, cap)
    request = min(_CHUNK, max(size + 1, _SMALL_CHUNK))
    with os.fdopen(fd, "rb", buffering=0) as handle:
        while chunk := handle.read(request):
            total += len(chunk)
            if total > cap:
                raise RefusedFile(rel, "file.size_limit", f"grew past the limit of {cap:,} bytes")
            yield chunk


def read_bytes(data_dir: Path, rel: str, cap: int = MAX_TABLE_BYTES) -> bytes:
    """The bytes of `rel` inside `data_dir`, or RefusedFile saying why not."""
    return b"".join(_stream(data_dir, rel, cap))


def sha256(data_dir: Path, rel: str, cap: int = MAX_TEXT_BYTES) -> str:
    """The hex SHA-256 of `rel`, hashed chunk by chunk: the file is never held whole."""
    return sha256_chunks(_stream(data_dir, rel, cap))


def is_readable(data_dir: Path, rel: str, cap: int = MAX_TABLE_BYTES) -> bool:
    """Whether `rel` passes every check (without reading it)."""
    try:
        locate(data_dir, rel, cap)
    except RefusedFile:
        return False
    return True
