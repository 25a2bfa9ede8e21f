"""Hostile data directories: what a careful attacker would hand to `--data-dir`, one row each.

A row is a `Case` (tests/damage.py): the damage and the failure `validate` must name. The damage
may plant files next to the data directory (`outside(d)`), each holding `SECRET` on its first
line: no command may ever print it. tests/test_validate.py runs every row as a damage case;
tests/test_hostile_dirs.py runs every row through each command (validate, load, info, cite,
export). A new rule for untrusted input adds its row here.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from baicheng_report import hashing
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.source import text as source
from tests.damage import Case, Damage, cell, cells, edit_bytes

SECRET = "hostile-secret-7f3a: this line must never be echoed"
DESCRIPTOR = "datapackage.json"
BIG = 200 * 1024 * 1024  # a 200 MB table, sparse: refused by its size, never read
GLOSSARY_END = (package_data_dir() / "glossary.csv").read_bytes().count(b"\n")  # its last line


def outside(data_dir: Path, name: str = "outside.csv") -> Path:
    """A file next to the data directory (not in it), with the secret and fabricated rows."""
    path = data_dir.parent / name
    path.write_text(f"{SECRET}\nfabricated,row\n", encoding="utf-8")
    return path


def _descriptor(edit: Callable[[dict[str, Any]], None]) -> Damage:
    """Edit datapackage.json as parsed JSON (the files keep their hashes)."""

    def damage(d: Path) -> None:
        path = d / DESCRIPTOR
        desc = json.loads(path.read_bytes())
        edit(desc)
        path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    return damage


def _descriptor_case(damage: Damage, rule_id: str) -> Case:
    """A damage to datapackage.json that `rule_id` names (the descriptor's own rules: not
    meaningful once it is re-hashed)."""
    return Case(damage, rule_id, DESCRIPTOR, None, None, None, rehash=False)


def _resource(desc: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in desc["resources"] if r["name"] == name)
    return found


def _field(desc: dict[str, Any], table: str, column: str) -> dict[str, Any]:
    fields = _resource(desc, table)["schema"]["fields"]
    found: dict[str, Any] = next(f for f in fields if f["name"] == column)
    return found


def _duplicate_outside(d: Path) -> None:
    """A second `metrics` resource naming a file outside, with a hash that vouches for it."""
    fake = outside(d)
    first = _resource(json.loads((d / DESCRIPTOR).read_bytes()), "metrics")
    twin = {
        **first,
        "path": f"../{fake.name}",
        "hash": "sha256:" + hashing.sha256(fake.read_bytes()),
    }
    _descriptor(lambda desc: desc["resources"].append(twin))(d)


def _symlink(rel: str, target: Callable[[Path], Path]) -> Damage:
    def damage(d: Path) -> None:
        (d / rel).unlink()
        (d / rel).symlink_to(target(d))

    return damage


def _fifo(rel: str) -> Damage:
    def damage(d: Path) -> None:
        (d / rel).unlink()
        os.mkfifo(d / rel)

    return damage


def _grown(rel: str, size: int) -> Damage:
    """Grow a file without writing its bytes (a sparse file)."""

    def damage(d: Path) -> None:
        with (d / rel).open("r+b") as handle:
            handle.truncate(size)

    return damage


def _source_dir_linked(d: Path) -> None:
    """source/ replaced by a link to a copy outside the directory."""
    copy = d.parent / "source-elsewhere"
    (d / "source").rename(copy)
    (d / "source").symlink_to(copy, target_is_directory=True)


def _huge_cell(d: Path) -> None:
    """A quoted cell of 200,000 characters, over the csv module's field limit (131,072)."""
    edit_bytes("glossary.csv", lambda b: b + b'x,"' + b"y" * 200_000 + b'"\n')(d)


PACKAGE = frozenset({"datapackage.hash", "datapackage.resource"})
CASES: dict[str, Case] = {
    # the descriptor names other files
    "duplicate resource pointing outside": Case(
        _duplicate_outside, "datapackage.names", DESCRIPTOR, None, None, None, rehash=False
    ),
    "resource path with ..": _descriptor_case(
        _descriptor(lambda desc: _resource(desc, "metrics").update(path="../outside.csv")),
        "datapackage.path",
    ),
    "absolute resource path": _descriptor_case(
        _descriptor(lambda desc: _resource(desc, "quotes").update(path="/etc/passwd")),
        "datapackage.path",
    ),
    "unknown resource": _descriptor_case(
        _descriptor(lambda desc: desc["resources"].append({"name": "extra", "path": "x.csv"})),
        "datapackage.names",
    ),
    # the descriptor describes other tables
    "field type changed": _descriptor_case(
        _descriptor(lambda desc: _field(desc, "metrics", "value").update(type="string")),
        "datapackage.fields",
    ),
    "enum constraint dropped": _descriptor_case(
        _descriptor(lambda desc: _field(desc, "metrics", "unit")["constraints"].pop("enum")),
        "datapackage.fields",
    ),
    "list delimiter changed": _descriptor_case(  # the cells would split into other items
        _descriptor(lambda desc: _field(desc, "metric_readings", "unstated").update(delimiter=",")),
        "datapackage.fields",
    ),
    "field dropped": _descriptor_case(
        _descriptor(lambda desc: _resource(desc, "photos")["schema"]["fields"].pop()),
        "datapackage.fields",
    ),
    "primary key changed": _descriptor_case(
        _descriptor(lambda desc: _resource(desc, "metrics")["schema"].update(primaryKey=["unit"])),
        "datapackage.keys",
    ),
    "foreign key dropped": _descriptor_case(
        _descriptor(lambda desc: _resource(desc, "metrics")["schema"].pop("foreignKeys")),
        "datapackage.keys",
    ),
    # the descriptor itself
    "descriptor is a symlink": _descriptor_case(
        _symlink(DESCRIPTOR, lambda d: d.parent / "elsewhere.json"),
        "datapackage.readable",
    ),
    "descriptor of 200 MB": Case(
        _grown(DESCRIPTOR, BIG), "datapackage.readable", DESCRIPTOR, None, None, None, rehash=False
    ),
    "descriptor not JSON": _descriptor_case(
        edit_bytes(DESCRIPTOR, lambda b: b"{" + b),
        "datapackage.readable",
    ),
    "descriptor without a version": _descriptor_case(
        _descriptor(lambda desc: desc.pop("version")),
        "datapackage.readable",
    ),
    "table without a title": _descriptor_case(  # what load puts in attrs
        _descriptor(lambda desc: _resource(desc, "metrics").pop("title")),
        "datapackage.readable",
    ),
    "hash that is a list": _descriptor_case(
        _descriptor(lambda desc: _resource(desc, "metrics").update(hash=["sha256:0"])),
        "datapackage.readable",
    ),
    "constraints that are not an object": _descriptor_case(
        _descriptor(lambda desc: _field(desc, "metrics", "value").update(constraints=None)),
        "datapackage.fields",
    ),
    "id typed as a number": _descriptor_case(  # the cells do not read as that type
        _descriptor(lambda desc: _field(desc, "metrics", "metric_id").update(type="integer")),
        "datapackage.fields",
    ),
    "descriptor nested too deep": _descriptor_case(
        edit_bytes(DESCRIPTOR, lambda b: b"[" * 100_000 + b"]" * 100_000),
        "datapackage.readable",
    ),
    "descriptor in UTF-16": _descriptor_case(
        edit_bytes(DESCRIPTOR, lambda b: b.decode("utf-8").encode("utf-16")),
        "datapackage.readable",
    ),
    # the files are not what they seem
    "table is a symlink to a file outside": Case(
        _symlink("metrics.csv", outside),
        "file.not_regular",
        "metrics.csv",
        None,
        None,
        None,
    ),
    "table is a symlink to /dev/zero": Case(
        _symlink("photos.csv", lambda d: Path("/dev/zero")),
        "file.not_regular",
        "photos.csv",
        None,
        None,
        None,
    ),
    "table is a FIFO": Case(
        _fifo("glossary.csv"), "file.not_regular", "glossary.csv", None, None, None
    ),
    "table of 200 MB": Case(
        _grown("glossary.csv", BIG), "file.size_limit", "glossary.csv", None, None, None
    ),
    "source folder is a symlink": Case(
        _source_dir_linked, "file.not_regular", source.RAW_FILE, None, None, None
    ),
    "archived source of 200 MB": Case(
        _grown(source.RAW_FILE, BIG), "file.size_limit", source.RAW_FILE, None, None, None
    ),
    "simplified text cut short": Case(  # every offset past its end
        edit_bytes(source.SIMPLIFIED_FILE, lambda b: b[:1]),
        "source.derived",
        source.SIMPLIFIED_FILE,
        None,
        None,
        None,
    ),
    "simplified text in GB18030": Case(
        edit_bytes(source.SIMPLIFIED_FILE, lambda b: b.decode("utf-8").encode("gb18030")),
        "source.derived",
        source.SIMPLIFIED_FILE,
        None,
        None,
        None,
    ),
    "archived source with a byte not UTF-8": Case(
        edit_bytes(source.RAW_FILE, lambda b: b + b"\xff"),
        "source.hash",
        source.RAW_FILE,
        None,
        None,
        None,
    ),
    "archive named outside in sources.csv": Case(
        cells(  # a true copy of the archive: only the path gives it away
            lambda d: shutil.copyfile(d / source.RAW_FILE, d.parent / "article.txt"),
            cell("sources", 1, "file", "../article.txt"),
        ),
        "sources.archive_matches_hash",
        "sources.csv",
        2,
        None,
        None,
    ),
    "cell over the CSV field limit": Case(
        _huge_cell, "csv.field_limit", "glossary.csv", GLOSSARY_END + 1, None, None
    ),
}
# Refused before a byte is read: the descriptor cannot be stale about them.
UNREAD = frozenset({"file.not_regular", "file.size_limit"})
