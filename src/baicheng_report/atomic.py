"""The one atomic write: a file is replaced whole or not at all, never left half-written; and
the one line that says why a write (or a read) of the file system failed."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

# O_NOFOLLOW: a link is never read through (it is replaced, as any other stale file);
# O_NONBLOCK: a FIFO put in a file's place cannot hang the comparison.
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file whose bytes are `data`. Only a regular file of exactly
    that size is read, so a folder from a stranger cannot make this read a link's target, a
    device or a file of any size."""
    try:
        fd = os.open(path, _READ)
    except OSError:  # missing, a link, or unreadable: not the same file
        return False
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        os.close(fd)
        return False
    with os.fdopen(fd, "rb") as handle:
        return handle.read(len(data) + 1) == data


def _mode(path: Path) -> int:
    """The permissions the new file gets: the replaced file's, or a new file's under the umask
    (mkstemp's own 0600 would hide a data file from everyone else who reads the folder)."""
    try:
        info = path.lstat()
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        return stat.S_IMODE(info.st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` through a temporary name beside it (`.<name>.*`, which
    clean-ups may remove), only when its bytes change; return whether it changed. A link at
    `path` is replaced by the file, its target untouched."""
    if _holds(path, data):
        return False
    mode = _mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def os_error_line(err: OSError, where: Path | None = None) -> str:
    """The path and the cause, in one line. An error raised while writing to an open file names
    no file: then `where`, the folder being written, stands for it."""
    path = err.filename2 or err.filename or where or "?"  # a failed copy names its target second
    cause = err.strerror or (os.strerror(err.errno) if err.errno else str(err))
    return f"{path}: {cause}"
