"""The text layer: archive, pinyin removal, in-phase repair, simplification."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baicheng_report import mojibake, source


@pytest.fixture(scope="module")
def derived(data_dir: Path) -> source.Derived:
    return source.derive_from(data_dir)


# The SHA-256 of the article as received, pinned here rather than read from the code under test.
ARCHIVE_SHA256 = "fd79a4995bfd34dd59a97fc463a4d1fed6b0a598f8527ea088d32a635ddbfcf2"


def test_archive_is_byte_identical_to_the_seed(data_dir: Path) -> None:
    data = (data_dir / source.RAW_FILE).read_bytes()
    assert source.sha256(data) == ARCHIVE_SHA256 == source.RAW_SHA256
    assert len(data) == 6419


def test_ninety_seven_annotations_are_removed(derived: source.Derived) -> None:
    annotations = [c for c in derived.changes if c.kind == "pinyin_annotation"]
    assert len(annotations) == 97
    assert all(re.fullmatch(r"\([a-zà-ǜ]+\)", c.raw_span) for c in annotations)
    assert not re.search(r"\([a-zà-ǜ]+\)", derived.clean)


def test_six_garbled_passages_are_found_and_repaired(derived: source.Derived) -> None:
    passages = mojibake.find_passages(derived.raw)
    assert len(passages) == 6
    assert "?!" not in derived.clean and "?" not in derived.clean
    for start, end in passages:  # no garbled run survives, nor any 3 characters of one
        run = derived.raw[start + 2 : end]
        assert not any(run[i : i + 3] in derived.clean for i in range(len(run) - 2))
    for start, _ in passages:  # every passage now starts with the 。 it lost
        change = next(c for c in derived.changes if c.raw_start == start)
        assert change.kind == "mojibake" and change.replacement.startswith("。")


@pytest.mark.parametrize(
    "expected",
    [
        "“在白城做□0年了",
        "。”数字无言",
        "。“警务工作站将交□、巡警警力",
        "。”交巡警□队诱英说",
        "。“我们通过一体化作战体系",
        "。”情报指挥中心主任桑振龙说",
    ],
)
def test_repaired_passages_read_as_expected(derived: source.Derived, expected: str) -> None:
    assert expected in derived.simplified


def test_inferences_are_labelled_and_explained(derived: source.Derived) -> None:
    inferred = [c for c in derived.changes if c.confidence == "inferred"]
    assert {c.replacement[:1] for c in inferred} == {"數", "。"}
    shu = next(c for c in inferred if c.replacement == "數")
    assert "(shù)" in shu.note and "0x94" in shu.note
    chimera = next(c for c in inferred if c.kind == "mojibake")
    assert "交巡警" in chimera.note and "晶" in chimera.note
    lost = [c for c in derived.changes if c.confidence == "lost"]
    assert [c.replacement for c in lost] == [mojibake.LOST, mojibake.LOST]


def test_repair_decodes_bytes_rather_than_pasting_text() -> None:
    # A passage built by the same accident from text the module has never seen is repaired.
    # 過 is 0xDF 0x5E: out of phase its trail byte reads as "^" and re-aligns the decoder.
    original = "。“我们今天很高兴過"
    shifted = original.encode("gbk")[1:].decode("gbk")
    assert shifted.endswith("^")
    raw = "前文" + "?" + shifted.replace("！", "!") + "。"
    changes = mojibake.repair(raw)
    assert changes[0].replacement == original


def test_simplified_keeps_offsets(derived: source.Derived) -> None:
    assert len(derived.simplified) == len(derived.clean)
    for clean_ch, simple_ch in zip(derived.clean, derived.simplified, strict=True):
        assert (clean_ch == simple_ch) or ("\u3400" <= clean_ch <= "\u9fff")


def test_clean_spans_point_at_each_replacement(derived: source.Derived) -> None:
    for change, (start, end) in zip(derived.changes, derived.clean_spans, strict=True):
        assert derived.clean[start:end] == change.replacement


def test_shipped_text_variants_match_the_derivation(
    data_dir: Path, derived: source.Derived
) -> None:
    assert (data_dir / source.CLEAN_FILE).read_text(encoding="utf-8") == derived.clean
    assert (data_dir / source.SIMPLIFIED_FILE).read_text(encoding="utf-8") == derived.simplified
