"""The errata: every change since a release is in the `corrections` table, the table matches the
data, and the changelog and the book show it."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from pathlib import Path

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset import schemas
from baicheng_report.dataset.schemas.corrections import TEXT_RESOURCES, added_in, replaced_columns
from baicheng_report.dataset.validation import validate_dir
from baicheng_report.publish import errata
from baicheng_report.source import text as source
from tests.conftest import ROOT, edition_site

# The content of each table of release 0.1.0: SHA-256 of its rows (header first) as JSON, and
# of the derived texts' bytes. Undoing every correction must give these back, so a change that
# the corrections table does not list cannot pass.
RELEASED_0_1_0 = {
    "sources": "3e7b109f1c1720e277420cbae05de0da77f37296193d97d2f958a8d846ef0224",
    "source_repairs": "c99750b941f68307661e16b7bd46607e710498b28f0f6f87a499ceae83f411ba",
    "metrics": "c930fbbde428181dadee22384e6487fd6b1494fe0e051e0133ce2353006e4160",
    "service_tiers": "a62b1a95549e84d49dd1d11f6d8a473b672a669ccf2ce8b38a02ff0ebbc37a82",
    "response_cases": "e248e994d4c8d7e1db2a13967f3a2c1751e2b60ae85c22617f89cc26bd79b56f",
    "quotes": "83f278db867c06200e76985557129488cec46ca63f81e0e55fec51c7740bb887",
    "photos": "db55ff563bf65b380b4ee4083a4a39ac5071497690f20a762d55f966a2cdc0a8",
    "glossary": "f8119da23af753398230e724e6dd6367fea13173daeb52bc1712f880ef73ea5c",
    "numeric_mentions": "3183755135452cc85961b2010faeb248d430be28e41dc9725278fea9465f413c",
    "source_clean": "a474c2dd321b6214066dc0041967acdda77ecc5dcaaf354b00c33579d1afb14e",
    "source_simplified": "c505fd92d0e7d045e23c35041d88aebf9cbc54135ea0875bdd4983710fb32d31",
}
# Release 0.2.0, the same way: undoing the corrections of 0.3.0 must give these back.
RELEASED_0_2_0 = {
    "sources": "a74d50a9ebb7252cb02e5fae70537e690b258f480739f21c5c9d9f7882e72126",
    "source_repairs": "d9587d41affb9ad31123d0aa703c09c46f088daa922b1e6557b457140dd3634b",
    "metrics": "5db9b2ad76c83d44d4b47a8e6534cbaae45836d1b6765ca324d471e1976dc4cc",
    "service_tiers": "a62b1a95549e84d49dd1d11f6d8a473b672a669ccf2ce8b38a02ff0ebbc37a82",
    "response_cases": "526d24e94f1455ac84746f9b82ad619152781ac3268bf7078f4702d9c9b0d342",
    "quotes": "ef30d6638a103cbc61c3ee5d4a70e27168ebce16a63ab321ecc26d26736cca8e",
    "photos": "db55ff563bf65b380b4ee4083a4a39ac5071497690f20a762d55f966a2cdc0a8",
    "glossary": "c7f2258e428af6c48bd1729c8b7f2258e7078ee91a5aa005d3b476f72ab5ad71",
    "numeric_mentions": "770a06514b4f4138e904792d4ec24bc7698c30889a761a1b69c95c3f904c1f91",
    "metric_readings": "6297b9fce9d76710ba0099a5be42d8c4af7fef9aedbf144ff6d473adea0ce0b1",
    "source_clean": "9662fb61858c7744f79d9191da13a55e54c5a55247a63a5ff5851f9a44aae62c",
    "source_simplified": "6d9b6634e8629368c2a7f28001050054f05e1ac3759fc44996182fa58b706553",
}
TEXT_FILES = {"source_clean": source.CLEAN_FILE, "source_simplified": source.SIMPLIFIED_FILE}


def _raw_corrections(data_dir: Path) -> list[dict[str, str]]:
    text = (data_dir / "corrections.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _undo(data_dir: Path, since: str, released: dict[str, str] = RELEASED_0_1_0) -> dict[str, str]:
    """Each table's and text's content digest with every correction of `since` and later undone."""
    corrections = [c for c in _raw_corrections(data_dir) if _key(c["version"]) >= _key(since)]
    digests = {}
    for name in released:
        mine = [c for c in corrections if c["table"] == name]
        if name in TEXT_FILES:
            chars = list((data_dir / TEXT_FILES[name]).read_text(encoding="utf-8"))
            for c in reversed(mine):  # newest first: a cell corrected twice is undone twice
                start = int(c["row_id"])
                assert "".join(chars[start : start + len(c["new_value"])]) == c["new_value"]
                chars[start : start + len(c["new_value"])] = list(c["old_value"])
            digests[name] = hashlib.sha256("".join(chars).encode("utf-8")).hexdigest()
            continue
        text = (data_dir / f"{name}.csv").read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        # A column removed since (split into others) comes back, empty, where the column that
        # replaces it stands; undoing its corrections refills it.
        for removed, successor in replaced_columns(name).items():
            if any(c["column"] == removed for c in mine):
                at = rows[0].index(successor)
                rows = [[*r[:at], removed if i == 0 else "", *r[at:]] for i, r in enumerate(rows)]
        header, key = rows[0], rows[0].index(schemas.primary_key(name))
        for c in reversed(mine):
            row = next(r for r in rows[1:] if r[key] == c["row_id"])
            column = header.index(c["column"])
            assert row[column] == c["new_value"], c["correction_id"]
            row[column] = c["old_value"]
        # A column added since: every cell's first correction fills an empty cell, and undoing
        # them leaves it empty. It did not exist before, so it goes. So do the columns whose Field
        # metadata says a version since added them (`added_in`): a column added whole (a split's
        # parts, a year beside its wording) has no correction per cell.
        first: dict[tuple[str, str], str] = {}  # each cell's oldest old value (a chain's start)
        for c in mine:
            first.setdefault((c["row_id"], c["column"]), c["old_value"])
        added = {col for _, col in first} - {col for (_, col), old in first.items() if old}
        added |= {
            column
            for column, version in added_in(name).items()
            if _key(version) >= _key(since) and column in rows[0]
        }
        for name_added in sorted(added):
            column = rows[0].index(name_added)
            if name_added in added_in(name) or all(r[column] == "" for r in rows[1:]):
                rows = [r[:column] + r[column + 1 :] for r in rows]
        digests[name] = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
    return digests


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def test_undoing_the_corrections_gives_back_release_0_1_0(data_dir: Path) -> None:
    assert _undo(data_dir, "0.2.0") == RELEASED_0_1_0


def test_undoing_the_corrections_of_0_3_0_gives_back_release_0_2_0(data_dir: Path) -> None:
    assert _undo(data_dir, "0.3.0", RELEASED_0_2_0) == RELEASED_0_2_0


def test_a_cell_corrected_twice_chains_its_corrections(data_copy: Path) -> None:
    """The older correction of a cell corrected again must end where the newer one starts."""
    frame = pd.read_csv(data_copy / "corrections.csv", dtype=str, keep_default_na=False)
    twice = frame[frame.duplicated(["table", "row_id", "column"], keep="last")]
    assert not twice.empty  # the resident's quote, corrected in 0.2.0 and in 0.3.0
    frame.loc[twice.index[0], "new_value"] += " (broken chain)"
    frame.to_csv(data_copy / "corrections.csv", index=False, lineterminator="\n")
    failures = validate_dir(data_copy, check_package=False)
    lines = {f.row for f in failures if f.file == "corrections.csv" and "new_value" in f.rule}
    assert lines == {int(twice.index[0]) + 2}


def test_an_unlisted_change_is_caught(data_copy: Path) -> None:
    path = data_copy / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("outpost", "out-post"), "utf-8")
    assert _undo(data_copy, "0.2.0")["glossary"] != RELEASED_0_1_0["glossary"]


def test_a_correction_whose_new_value_is_not_in_the_data_fails_validation(
    data_copy: Path,
) -> None:
    frame = pd.read_csv(data_copy / "corrections.csv", dtype=str, keep_default_na=False)
    row = frame.index[frame["column"] == "term_en"][0]
    frame.loc[row, "new_value"] = "three bureaus and two courts"
    text_row = frame.index[frame["table"] == "source_simplified"][0]
    frame.loc[text_row, "row_id"] = str(int(frame.loc[text_row, "row_id"]) + 1)
    frame.to_csv(data_copy / "corrections.csv", index=False, lineterminator="\n")
    failures = validate_dir(data_copy, check_package=False)
    lines = {f.row for f in failures if f.file == "corrections.csv" and "new_value" in f.rule}
    assert lines == {int(row) + 2, int(text_row) + 2}


def test_every_corrected_table_and_text_is_known(data_dir: Path) -> None:
    corrections = br.load("corrections")
    assert set(corrections["table"]) <= set(RELEASED_0_2_0)
    assert set(TEXT_RESOURCES) == set(TEXT_FILES)
    assert corrections["version"].map(_key).max() <= _key(br.__version__)


def test_the_changelog_lists_every_correction() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    corrections = br.load("corrections")
    assert errata.update(changelog, corrections) == changelog, (
        "CHANGELOG.md is stale: run `python -m baicheng_report.publish.errata`"
    )
    listed = errata.block(corrections, "0.2.0").count("\n| `")
    assert listed == (corrections["version"] == "0.2.0").sum() > 0


def test_the_changelog_block_is_required_and_regenerated() -> None:
    corrections = br.load("corrections")
    corrections = corrections[corrections["version"] == "0.2.0"]
    with pytest.raises(ValueError, match=r"no block for the corrections of 0\.2\.0"):
        errata.update("# Changelog\n", corrections)
    stale = errata.block(corrections.iloc[:1], "0.2.0")
    assert errata.update(stale, corrections) == errata.block(corrections, "0.2.0")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_book_shows_the_corrections(built_book: Path, lang: str) -> None:
    page = (edition_site(built_book, lang) / "book" / "reproducibility.html").read_text("utf-8")
    corrections = br.load("corrections")
    reasons = corrections["reason" if lang == "en" else "reason_zh"]
    assert all(html.escape(r) in page for r in reasons)
    assert ("勘误" in page) is (lang == "zh")
