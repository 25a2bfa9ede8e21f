"""`build --out` writes only where it is told and deletes only what it made: the user's files
in and beside `--out` survive, and a failed write (full disk, read-only file system) is one line
with the previous site untouched."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from baicheng_report.report.errors import OutRefused
from baicheng_report.report.publish import (
    SITE_KEY,
    STAGE_PREFIX,
    STATE_MARKER,
    check_out,
    describe_os_error,
    layout_for,
)
from tests.conftest import copy_book, run_cli

# A book of one page, built in English only: every rule here concerns where the build writes,
# not what it renders, and each build here is a clean one (a page fewer is a notebook fewer).
ONE_PAGE = ("service_tiers",)


def _build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("build", "--book-dir", str(root), "--out", str(out), "--lang", "en")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _touch_the_style(root: Path, mark: str) -> None:
    """A change that alters the site but executes no chapter but the last one."""
    css = root / "book" / "_static" / "custom.css"
    css.write_text(css.read_text(encoding="utf-8") + f"\n/* {mark} */\n", encoding="utf-8")


def _published(out: Path) -> tuple[Path, str]:
    return out.resolve(), (out / SITE_KEY).read_text(encoding="utf-8")


def _failure_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    header = "build failed; the published site is unchanged."
    assert header in lines and "Traceback" not in stderr, stderr
    after = lines[lines.index(header) + 1 :]
    assert len(after) == 1, stderr  # one line: the path and the cause
    return after[0]


# -- refused before any work (exit 2) -------------------------------------------------------


def test_a_directory_of_the_users_files_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    result = _build(copy_book(tmp_path / "book", ONE_PAGE), out)
    assert result.returncode == 2, result.stderr
    assert str(out) in result.stderr and "Traceback" not in result.stderr
    assert "new or empty directory" in result.stderr  # what to do
    assert (out / "mine.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book", "report"]  # nothing made


def test_a_build_folder_no_build_made_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "report"
    state = layout_for(tmp_path, out).state
    state.mkdir()
    (state / "notes.txt").write_text("mine", encoding="utf-8")
    result = _build(copy_book(tmp_path / "book", ONE_PAGE), out)
    assert result.returncode == 2, result.stderr
    assert str(state) in result.stderr and "Traceback" not in result.stderr
    assert _tree(state) == {"notes.txt": b"mine"} and not out.exists()


def test_out_may_be_missing_empty_or_an_earlier_site_and_nothing_else(tmp_path: Path) -> None:
    def accepted(out: Path) -> bool:
        try:
            check_out(layout_for(tmp_path, out))
        except OutRefused:
            return False
        return True

    (tmp_path / "empty").mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / SITE_KEY).write_text("key\n", encoding="utf-8")
    (tmp_path / "link-to-site").symlink_to(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link-elsewhere").symlink_to(elsewhere)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    users = tmp_path / "users"
    users.mkdir()
    (users / "index.html").write_text("mine", encoding="utf-8")
    verdicts = {
        name: accepted(tmp_path / name)
        for name in ("new", "empty", "site", "link-to-site", "link-elsewhere", "file", "users")
    }
    assert verdicts == {
        "new": True,
        "empty": True,
        "site": True,
        "link-to-site": True,
        "link-elsewhere": False,
        "file": False,
        "users": False,
    }


# -- a build beside the user's own folders ----------------------------------------------------


@pytest.mark.slow
def test_the_build_leaves_sites_cache_and_lookalikes_beside_out_alone(tmp_path: Path) -> None:
    root = copy_book(tmp_path / "book", ONE_PAGE)
    home = tmp_path / "home"
    mine = {
        "sites/my-blog/index.html": b"<p>my blog</p>",
        ".cache/pip/keep": b"cache",
        ".stage-notes/a.txt": b"a",  # the names earlier builds cleaned up beside --out
        "stage-plan/b.txt": b"b",
        "link-list.txt": b"c",
    }
    for name, content in mine.items():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        (home / name).write_bytes(content)
    (home / ".html-old").symlink_to("sites")
    out = home / "report"
    out.mkdir()  # empty: fine

    first = _build(root, out)
    assert first.returncode == 0, first.stderr[-2000:]
    state = layout_for(root, out).state
    assert str(state) in first.stdout  # the summary says where the build keeps its files
    assert out.is_symlink() and out.resolve().parent == state / "sites"
    assert (state / STATE_MARKER).is_file()
    _touch_the_style(root, "second")
    second = _build(root, out)
    assert second.returncode == 0, second.stderr[-2000:]

    assert [p.name for p in (state / "sites").iterdir()] == [out.resolve().name]  # swapped
    assert {k: v for k, v in _tree(home).items() if not k.startswith(state.name)} == mine
    assert (home / ".html-old").is_symlink()
    made = {p.name for p in home.iterdir()} - {name.split("/")[0] for name in mine}
    assert made == {"report", state.name, ".html-old"}


# -- failed writes on a small file system ------------------------------------------------------


@pytest.fixture(scope="module")
def small_fs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 160 MB tmpfs, mounted for this module (root only)."""
    mount = tmp_path_factory.mktemp("small-fs")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        reason = f"mounting a tmpfs needs root: {done.stderr.strip()}"
        if os.environ.get("CI"):  # CI runs as root: a skip there would hide a broken guard
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture(scope="module")
def site_on_small_fs(small_fs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book whose site is published on the small file system; returns the book's root."""
    root = copy_book(tmp_path_factory.mktemp("book"), ONE_PAGE)
    built = _build(root, small_fs / "report")
    assert built.returncode == 0, built.stderr[-2000:]
    return root


def _remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_leaves_the_site(
    site_on_small_fs: Path, small_fs: Path
) -> None:
    out = small_fs / "report"
    before = _published(out)
    free = os.statvfs(small_fs)
    filler = small_fs / "filler"
    filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 1_000_000))  # 1 MB left
    try:
        _touch_the_style(site_on_small_fs, "full disk")
        result = _build(site_on_small_fs, out)
    finally:
        filler.unlink()
    assert result.returncode == 1
    line = _failure_line(result.stderr)
    assert line.startswith(str(small_fs)) and line.split(": ")[1].startswith(
        os.strerror(28)  # No space left on device
    ), line
    assert _published(out) == before
    assert not list(layout_for(site_on_small_fs, out).state.glob(f"{STAGE_PREFIX}*"))


@pytest.mark.slow
@pytest.mark.parametrize("target", ["report", "new-report"])
def test_a_read_only_file_system_is_one_line_and_leaves_the_site(
    target: str, site_on_small_fs: Path, small_fs: Path
) -> None:
    out = small_fs / target
    before = _published(small_fs / "report")
    _touch_the_style(site_on_small_fs, f"read-only {target}")
    _remount(small_fs, "ro")
    try:
        result = _build(site_on_small_fs, out)
    finally:
        _remount(small_fs, "rw")
    assert result.returncode == 1
    line = _failure_line(result.stderr)
    assert line.startswith(str(small_fs)) and line.endswith(os.strerror(30)), line  # EROFS
    assert _published(small_fs / "report") == before
    assert not (small_fs / "new-report").exists()


def test_a_failed_write_that_names_no_file_names_the_folder_being_written(
    tmp_path: Path,
) -> None:
    # a write into an open file (zip, to_csv) fails with ENOSPC and no filename
    line = describe_os_error(OSError(28, os.strerror(28)), tmp_path)
    assert line == f"{tmp_path}: {os.strerror(28)}"
    named = OSError(30, os.strerror(30), str(tmp_path / "a"), None, str(tmp_path / "b"))
    assert describe_os_error(named, tmp_path) == f"{tmp_path / 'b'}: {os.strerror(30)}"
