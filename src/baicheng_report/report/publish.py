"""Where a build writes, and the atomic swap that publishes it.

`--out` is the user's: the build writes into it only by replacing it with a link to a finished
site, and only when it is empty, missing, or a site an earlier build published. Everything
else the build makes (staging folders, the published versions the link points at, the cache)
lives in one sibling folder of its own, `.<out name>.baicheng-build/`, which carries a marker
file. Clean-up touches nothing outside that folder, and inside it only what the build names.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from baicheng_report.atomic import os_error_line
from baicheng_report.report.errors import BuildError, OutRefused

SITE_KEY = ".site-key"  # in every published site: its inputs' hash, and the mark of a build
STATE_SUFFIX = ".baicheng-build"
STATE_MARKER = "MADE-BY-BAICHENG-REPORT"
STAGE_PREFIX = "stage-"
LINK_PREFIX = "link-"


@dataclass(frozen=True)
class Layout:
    root: Path  # holds _config.yml, _toc.yml and book/
    out: Path  # the published link, e.g. _build/html

    @property
    def state(self) -> Path:
        """The build's own folder beside `out`: for _build/html, _build/.html.baicheng-build."""
        return self.out.parent / f".{self.out.name}{STATE_SUFFIX}"

    @property
    def cache(self) -> Path:
        return self.state / "cache" / "notebooks"

    @property
    def sites(self) -> Path:
        return self.state / "sites"

    def new_stage(self) -> Path:
        return self.state / f"{STAGE_PREFIX}{uuid.uuid4().hex[:12]}"


def layout_for(root: Path, out: Path) -> Layout:
    # A link at `out` is the published site: keep the link itself, not where it points.
    return Layout(root.resolve(), out.absolute() if out.is_symlink() else out.resolve())


def _is_published_site(path: Path) -> bool:
    return path.is_dir() and (path / SITE_KEY).is_file()


def check_out(layout: Layout) -> None:
    """Refuse, before any work, an `out` or a build folder that holds what no build made."""
    out, state = layout.out, layout.state
    what_to_do = "give a new or empty directory as --out, or move it away first"
    if out.is_symlink():
        if not _is_published_site(out):
            raise OutRefused(f"{out} is a link to something no build published; {what_to_do}")
    elif out.exists():
        if not out.is_dir():
            raise OutRefused(f"{out} is a file, not a directory; {what_to_do}")
        if not _is_published_site(out) and any(out.iterdir()):
            raise OutRefused(
                f"{out} is not empty and no earlier build published it (no {SITE_KEY}): "
                f"nothing was built, so your files stay; {what_to_do}"
            )
    if (state.exists() or state.is_symlink()) and not (
        state.is_dir() and not state.is_symlink() and (state / STATE_MARKER).is_file()
    ):
        raise OutRefused(
            f"{state} exists and was not made by baicheng-report build; "
            "rename or remove it, or choose another --out"
        )


def prepare(layout: Layout) -> None:
    """Create the build folder with its marker, and remove what an interrupted build left."""
    layout.state.mkdir(parents=True, exist_ok=True)
    marker = layout.state / STATE_MARKER
    if not marker.is_file():
        marker.write_text(
            f"Made by `baicheng-report build --out {layout.out.name}`: its cache, staging and "
            "published versions. Safe to delete: the next build makes it again.\n",
            encoding="utf-8",
        )
    clean_leftovers(layout)


def clean_leftovers(layout: Layout) -> None:
    """Staging folders, links and half-written cache files left by an interrupted build are
    never published or read: remove them. Only inside a marked build folder."""
    state = layout.state
    if not (state / STATE_MARKER).is_file():
        return
    for leftover in state.glob(f"{STAGE_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in state.glob(f"{LINK_PREFIX}*"):
        leftover.unlink(missing_ok=True)
    if layout.cache.is_dir():
        for partial in layout.cache.glob(".*"):  # temporary names of unfinished writes
            partial.unlink(missing_ok=True)


def publish(layout: Layout, site: Path, key: str) -> None:
    """Move the site under the build folder's sites/ and point `out` at it in one atomic
    rename; then remove the versions no link points at any more."""
    layout.sites.mkdir(parents=True, exist_ok=True)
    target = layout.sites / key[:16]
    if target.exists():
        shutil.rmtree(target)
    site.rename(target)
    link = layout.state / f"{LINK_PREFIX}{uuid.uuid4().hex[:12]}"
    # relative to where the link will live (beside the build folder), so the pair can move
    link.symlink_to(target.relative_to(layout.out.parent), target_is_directory=True)
    out = layout.out
    if out.is_dir() and not out.is_symlink():  # empty, or a site published as a folder
        if _is_published_site(out):
            shutil.rmtree(out)
        else:
            out.rmdir()  # check_out let only an empty one through; anything else fails here
    link.replace(out)
    for old in layout.sites.iterdir():
        if old != target and _is_published_site(old):
            shutil.rmtree(old, ignore_errors=True)


def describe_os_error(err: OSError | shutil.Error, where: Path | None = None) -> str:
    """One line, the path and the cause, for a failed write (shutil.Error gathers a list). An
    error raised while writing to an open file names no file: then `where`, the folder being
    written, stands for it."""
    if isinstance(err, shutil.Error):
        failures = err.args[0] if err.args and isinstance(err.args[0], list) else []
        if failures:
            _src, dst, why = failures[0]
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            return f"{dst}: {_cause(str(why))}{more}"
        return str(err)
    return os_error_line(err, where)


def _cause(text: str) -> str:
    """'[Errno 28] No space left on device: '/x'' → 'No space left on device'."""
    if text.startswith("[Errno "):
        number = text[len("[Errno ") : text.index("]")]
        if number.isdigit():
            return os.strerror(int(number)) or text
    return text


@contextmanager
def writing(where: Path) -> Iterator[None]:
    """A failed write (disk full, permission, read-only file system) as one line naming the
    path and the cause, rather than a traceback or shutil's list of tuples; `where` is the
    folder being written, named when the error names no file."""
    try:
        yield
    except (OSError, shutil.Error) as err:
        raise BuildError(describe_os_error(err, where)) from None
