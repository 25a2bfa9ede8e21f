"""The archived article and the text variants derived from it: raw → clean → simplified.

`clean` drops the inline pinyin annotations and repairs the garbled passages; `simplified` is
`clean` through OpenCC t2s, character for character, so offsets carry across both, with one
context rule OpenCC lacks: the aspect particle 著 (亮著, 守护著) is 着 in simplified script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from baicheng_report.source.mojibake import Change, find_passages, repair

if TYPE_CHECKING:
    import pandas as pd

SOURCE_ID = "fa7bd7b7798f17a9"
# The archived bytes are immutable evidence: this hash is checked wherever the file is read.
RAW_SHA256 = "fd79a4995bfd34dd59a97fc463a4d1fed6b0a598f8527ea088d32a635ddbfcf2"
RAW_FILE = f"source/000_{SOURCE_ID}.txt"
CLEAN_FILE = "source/clean.txt"
SIMPLIFIED_FILE = "source/simplified.txt"
Variant = Literal["raw", "clean", "simplified"]
VARIANTS: tuple[Variant, ...] = ("raw", "clean", "simplified")

# A Han character followed by its toneful pinyin in ASCII parentheses: 鎮(zhèn).
_ANNOTATION = re.compile(r"(?<=[\u3400-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")


@dataclass(frozen=True)
class Derived:
    """Everything derived from one raw text."""

    raw: str
    clean: str
    simplified: str
    changes: tuple[Change, ...]
    clean_spans: tuple[tuple[int, int], ...]  # where each change's replacement sits in `clean`


def read_raw(data_dir: Path) -> str:
    """The archived article, decoded strictly: a byte that is not UTF-8 is refused, by name."""
    from baicheng_report.dataset import guarded

    data = guarded.read_bytes(data_dir, RAW_FILE, guarded.MAX_TEXT_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise guarded.RefusedFile(
            RAW_FILE, "file.encoding", f"not UTF-8 (byte {err.start})"
        ) from None


def annotation_changes(raw: str) -> list[Change]:
    """One change per intact pinyin annotation outside the garbled runs."""
    garbled = find_passages(raw)
    return [
        Change(
            m.start(),
            m.end(),
            m.group(0),
            "",
            "pinyin_annotation",
            "exact",
            f"pinyin annotation of {raw[m.start() - 1]} removed",
        )
        for m in _ANNOTATION.finditer(raw)
        if not any(start <= m.start() < end for start, end in garbled)
    ]


# Simplified script keeps 著 only for zhù, "to write; notable"; every other 著 (the aspect
# particle zhe, and zháo/zhuó) is 着. OpenCC t2s leaves 著 alone unless a phrase of its
# dictionary decides, so 亮著, 守护著 and 承担著 came through unchanged.
ZHU_WORDS = (
    "著名", "著作", "著称", "著述", "著书", "著录", "著者", "显著", "名著", "原著", "论著",
    "巨著", "编著", "卓著", "昭著", "土著", "专著", "译著", "合著", "遗著", "拙著", "撰著",
)  # fmt: skip


def _zhu_positions(text: str) -> set[int]:
    """Offsets of 著 that read zhù: inside one of `ZHU_WORDS`."""
    return {
        m.start() + word.index("著")
        for word in ZHU_WORDS
        for m in re.finditer(re.escape(word), text)
    }


def simplify_zhe(text: str) -> str:
    """Write 着 for every 著 of simplified text that is not zhù (the aspect particle above all)."""
    keep = _zhu_positions(text)
    return "".join("着" if ch == "著" and i not in keep else ch for i, ch in enumerate(text))


def traditional_in_context(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every character that simplified script writes otherwise here:
    one OpenCC t2s changes on its own, or a 著 that is not zhù."""
    import opencc

    converter = opencc.OpenCC("t2s")
    keep = _zhu_positions(text)
    return [
        (i, ch)
        for i, ch in enumerate(text)
        if converter.convert(ch) != ch or (ch == "著" and i not in keep)
    ]


def to_simplified(text: str) -> str:
    import opencc  # only the derivation needs OpenCC, never `load`

    simplified: str = simplify_zhe(opencc.OpenCC("t2s").convert(text))
    if len(simplified) != len(text):  # offsets must carry across variants unchanged
        raise ValueError("OpenCC t2s changed the text length; offsets would not carry over")
    return simplified


def derive(raw: str) -> Derived:
    """Apply every change in raw order and simplify the result."""
    changes = sorted([*annotation_changes(raw), *repair(raw)], key=lambda c: c.raw_start)
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = length = 0
    for change in changes:
        if change.raw_start < cursor:
            raise ValueError(f"overlapping repairs at raw offset {change.raw_start}")
        pieces.append(raw[cursor : change.raw_start])
        length += change.raw_start - cursor
        spans.append((length, length + len(change.replacement)))
        pieces.append(change.replacement)
        length += len(change.replacement)
        cursor = change.raw_end
    pieces.append(raw[cursor:])
    clean = "".join(pieces)
    return Derived(raw, clean, to_simplified(clean), tuple(changes), tuple(spans))


@cache
def _derive_cached(raw: str) -> Derived:
    return derive(raw)


def derive_from(data_dir: Path) -> Derived:
    """Derive from the raw file in `data_dir`; cached by content, so an edit is never missed."""
    return _derive_cached(read_raw(data_dir))


def repair_table(derived: Derived) -> pd.DataFrame:
    """The source_repairs table: one row per change from raw to clean, as derived."""
    import pandas as pd  # only `package` and validation build the table; reading text needs none

    rows = [
        {
            "repair_id": f"r{i:03d}",
            "source_id": SOURCE_ID,
            "raw_start": c.raw_start,
            "raw_end": c.raw_end,
            "raw_span": c.raw_span,
            "replacement": c.replacement or None,
            "clean_start": span[0],
            "clean_end": span[1],
            "kind": c.kind,
            "confidence": c.confidence,
            "note": c.note,
        }
        for i, (c, span) in enumerate(zip(derived.changes, derived.clean_spans, strict=True), 1)
    ]
    return pd.DataFrame(rows)
