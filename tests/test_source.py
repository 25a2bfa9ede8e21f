"""The text layer: archive, pinyin removal, in-phase repair, simplification."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baicheng_report import hashing
from baicheng_report.source import mojibake
from baicheng_report.source import text as source


@pytest.fixture(scope="module")
def derived(data_dir: Path) -> source.Derived:
    return source.derive_from(data_dir)


# The SHA-256 of the article as received, pinned here rather than read from the code under test.
ARCHIVE_SHA256 = "fd79a4995bfd34dd59a97fc463a4d1fed6b0a598f8527ea088d32a635ddbfcf2"


def test_archive_is_byte_identical_to_the_seed(data_dir: Path) -> None:
    data = (data_dir / source.RAW_FILE).read_bytes()
    assert hashing.sha256(data) == ARCHIVE_SHA256 == source.RAW_SHA256
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
        "。“警务工作站将交警、巡警警力",
        "。”交巡警□队诱英说",
        "。“我们通过一体化作战体系",
        "。”情报指挥中心主任桑振龙说",
    ],
)
def test_repaired_passages_read_as_expected(derived: source.Derived, expected: str) -> None:
    assert expected in derived.simplified


def test_inferences_are_labelled_and_explained(derived: source.Derived) -> None:
    inferred = [c for c in derived.changes if c.confidence == "inferred"]
    assert {c.replacement[:1] for c in inferred} == {"數", "警", "。"}
    shu = next(c for c in inferred if c.replacement == "數")
    assert "(shù)" in shu.note and "0x94" in shu.note
    chimera = next(c for c in inferred if c.kind == "mojibake")
    assert "交巡警" in chimera.note and "晶" in chimera.note
    paired = next(c for c in inferred if c.replacement == "警")
    assert "0xBE" in paired.note and "交警 / 巡警" in paired.note and "0xBEAF" in paired.note
    lost = [c for c in derived.changes if c.confidence == "lost"]
    assert [c.replacement for c in lost] == [mojibake.LOST]


def test_lost_characters_name_their_candidates_without_restoring_them(
    derived: source.Derived,
) -> None:
    # 做□0年: the lead byte 0xC9 fits 生 (0xC9FA); the rest of the word and the tens digit are gone.
    years = next(c for c in derived.changes if c.confidence == "lost")
    assert years.replacement == mojibake.LOST
    assert "生 (0xC9FA)" in years.note and "0xC9" in years.note and "tens digit" in years.note
    # 交巡警□队: the trail byte 0xA7 fits 支 (0xD6A7); 大 of the caption's 交巡警大队 does not.
    unit = next(c for c in derived.changes if "晶" in c.note)
    assert "警" + mojibake.LOST + "隊" in unit.replacement
    assert "支 (0xD6A7)" in unit.note and "大 (0xB4F3) does not fit" in unit.note


def test_a_candidate_that_does_not_fit_the_surviving_byte_stops_the_derivation(
    derived: source.Derived, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = mojibake.Candidate("在白城做", "意", "做生意", "do business", "")  # 意 is 0xD2E2
    monkeypatch.setattr(mojibake, "CANDIDATES", (wrong,))
    with pytest.raises(ValueError, match="does not fit"):
        mojibake.repair(derived.raw)


def test_a_pair_shares_its_last_character_only_when_the_joined_form_recurs() -> None:
    # 交□、巡警 with 交巡警 elsewhere: 警; without it, nothing is inferred.
    lead = "警".encode("gbk")[0]
    assert mojibake._by_pairing("交巡警大队", "将交", "、巡警警力", lead) == ("交巡警", "警")
    assert mojibake._by_pairing("巡警大队", "将交", "、巡警警力", lead) is None
    assert mojibake._by_pairing("交巡警大队", "将交", "、巡警警力", lead + 1) is None


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


@pytest.mark.parametrize(
    ("clean", "expected"),
    [
        ("看到警務工作站的燈還亮著", "看到警务工作站的灯还亮着"),
        ("24小時守護著廣大市民的安全", "24小时守护着广大市民的安全"),
        ("承擔著警情處置", "承担着警情处置"),
        ("他是著名的作家,著作很多", "他是著名的作家,著作很多"),  # zhù stays
    ],
)
def test_the_aspect_particle_zhe_is_simplified(clean: str, expected: str) -> None:
    assert source.to_simplified(clean) == expected


def test_the_articles_zhe_cases_read_zhe(derived: source.Derived) -> None:
    cases = [m.start() for m in re.finditer("著", derived.clean)]
    assert [derived.clean[i - 2 : i + 1] for i in cases] == ["還亮著", "守護著", "承擔著"]
    assert all(derived.simplified[i] == "着" for i in cases)


def test_no_character_of_the_simplified_text_is_traditional_in_context(
    derived: source.Derived,
) -> None:
    assert source.traditional_in_context(derived.simplified) == []
    # the guard sees what it guards against: the clean text, and 著 as a particle
    assert (0, "鎮") in source.traditional_in_context(derived.clean)
    assert source.traditional_in_context("灯还亮著,很著名") == [(3, "著")]
