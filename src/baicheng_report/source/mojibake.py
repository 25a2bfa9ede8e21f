"""Repair the passages garbled by a character-set accident.

Each passage was GBK-encoded and decoded one byte out of phase: the lead byte 0xA1 of a
sentence-final "。" became "?", and every following character was decoded from the trail byte
of one character plus the lead byte of the next ("!" is the fullwidth "！", 0xA3 0xA1, folded to
ASCII). The run ends where a byte below 0x80 re-aligned the decoder: either a visible ASCII
character (the in-phase trail byte of the last character) or a "?" that swallowed bytes for good.

The repair re-encodes the garbled characters to GBK, restores the lost 0xA1 and decodes in phase.
Nothing here pastes a replacement string: every character comes out of the bytes, and the three
kinds of context inference are computed from the rest of the article and stated in the log. Where
no context makes a character certain it stays □; a reader's candidate for it (`CANDIDATES`) is
only named in the note, and only after the code has checked that its bytes fit the survivors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOST = "\u25a1"  # □ marks one character whose bytes are gone
MARKER = "?!"
SENTENCE_END_LEAD = b"\xa1"  # 。 is 0xA1 0xA3; the 0xA3 survives inside the folded "！"
_FULLWIDTH_FOLD = {"!": "！"}
_PINYIN = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+"


@dataclass(frozen=True)
class Candidate:
    """A reader's reading of a lost character: named in the note, never put in the text.

    `before` is the repaired text just before the □, `word` the word the candidate would
    complete, `also_lost` what else the gap swallowed."""

    before: str
    character: str
    word: str
    meaning: str
    also_lost: str


CANDIDATES = (
    Candidate("在白城做", "生", "做生意", "do business", "the rest of the word and the tens digit"),
    Candidate("交巡警", "支", "交巡警支队", "traffic and patrol police detachment", ""),
)


@dataclass(frozen=True)
class Change:
    """One change to the raw text, in raw-text offsets."""

    raw_start: int
    raw_end: int
    raw_span: str
    replacement: str
    kind: str  # "pinyin_annotation", "mojibake" or "lost"
    confidence: str  # "exact", "inferred" or "lost"
    note: str


@dataclass(frozen=True)
class _Char:
    """A character decoded in phase, with the raw positions its two bytes came from."""

    text: str
    lead: int
    trail: int
    lead_pos: int  # index in the raw text of the character that carried the lead byte


def find_passages(raw: str) -> list[tuple[int, int]]:
    """Return (start, end) of each garbled run: the marker and the shifted characters after it.

    The run stops at the first character below U+0080 after the marker; a visible ASCII
    character there is the re-aligning trail byte and belongs to the run, a "?" does not.
    """
    spans = []
    for match in re.finditer(re.escape(MARKER), raw):
        end = match.end()
        while end < len(raw) and ord(raw[end]) >= 0x80:
            end += 1
        if end < len(raw) and raw[end] != "?":
            end += 1  # the in-phase trail byte of the last character
        spans.append((match.start(), end))
    return spans


def _in_phase_bytes(garbled: str, offset: int) -> list[tuple[int, int]]:
    """The passage's bytes in original order, each with the raw position that carried it."""
    stream = [(SENTENCE_END_LEAD[0], offset)]  # the "?" stood for the lost lead of 。
    for i, ch in enumerate(garbled[1:], start=offset + 1):
        encoded = _FULLWIDTH_FOLD.get(ch, ch).encode("gbk")
        stream.extend((b, i) for b in encoded)
    return stream


def _decode(stream: list[tuple[int, int]]) -> tuple[list[_Char], tuple[int, int] | None]:
    """Decode pairs in phase; return the characters and a dangling lead byte, if any."""
    chars: list[_Char] = []
    i = 0
    while i < len(stream):
        lead, pos = stream[i]
        if lead < 0x80:
            chars.append(_Char(chr(lead), lead, -1, pos))
            i += 1
            continue
        if i + 1 == len(stream):
            return chars, (lead, pos)
        trail = stream[i + 1][0]
        chars.append(_Char(bytes([lead, trail]).decode("gbk"), lead, trail, pos))
        i += 2
    return chars, None


def _outside(raw: str, passages: list[tuple[int, int]]) -> str:
    """The raw text with the garbled runs blanked, so context never comes from damage."""
    pieces, last = [], 0
    for start, end in passages:
        pieces.append(raw[last:start])
        pieces.append("\n")
        last = end
    pieces.append(raw[last:])
    return re.sub(rf"\({_PINYIN}\)", "", "".join(pieces))


def _lead(ch: str) -> int | None:
    try:
        encoded = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 2 else None


def _by_pinyin(raw: str, lead: int, pinyin: str) -> str | None:
    """The one character annotated with this pinyin elsewhere whose GBK lead byte matches."""
    found = {
        m.group(1)
        for m in re.finditer(rf"(\S)\({re.escape(pinyin)}\)", raw)
        if _lead(m.group(1)) == lead
    }
    return found.pop() if len(found) == 1 else None


def _by_phrase(context: str, previous: str, lead: int) -> tuple[str, str] | None:
    """The one character with this GBK lead byte that follows the longest tail of `previous`
    found elsewhere; returns (phrase, character). The longest tail decides: a shorter one that
    admits two characters (巡警, 巡線) does not outvote a longer one that admits one (交巡警)."""
    for size in range(min(len(previous), 3), 0, -1):
        tail = previous[-size:]
        found = {
            context[m.end()]
            for m in re.finditer(re.escape(tail), context)
            if m.end() < len(context) and _lead(context[m.end()]) == lead
        }
        if found:
            return (tail, found.pop()) if len(found) == 1 else None
    return None


def _by_pairing(context: str, previous: str, following: str, lead: int) -> tuple[str, str] | None:
    """A gap that closes the first item of a pair "X□、Y…": when the next item is Y + c, c has
    the surviving lead byte and XYc recurs elsewhere (交巡警 joins 交警 and 巡警), the pair
    shares its last character c. Returns (XYc, c)."""
    if not previous or len(following) < 3 or following[0] != "、":
        return None
    joined = previous[-1] + following[1] + following[2]
    if _lead(following[2]) == lead and joined in context:
        return joined, following[2]
    return None


def _candidate_note(before: str, lead: int | None, trail: int | None) -> str:
    """The reader's candidate for a character lost after `before`, if one is listed; its GBK
    bytes must fit the surviving byte, or the listing is wrong and the derivation stops."""
    for cand in CANDIDATES:
        if not before.endswith(cand.before):
            continue
        code = cand.character.encode("gbk")
        fits = (lead is None or code[0] == lead) and (trail is None or code[1] == trail)
        if not fits:
            raise ValueError(f"candidate {cand.character} does not fit the surviving byte")
        survivor = (
            f"lead byte {_hex(lead)}" if lead is not None else f"trail byte {_hex(trail or 0)}"
        )
        lost = f"; {cand.also_lost} are lost too" if cand.also_lost else ""
        return (
            f"candidate {cand.character} (0x{code.hex().upper()}) fits the surviving {survivor}, "
            f"as in {cand.word} ({cand.meaning}), but is not restored{lost}"
        )
    return ""


def _hex(value: int) -> str:
    return f"0x{value:02X}"


def repair(raw: str) -> list[Change]:
    """Every change that un-garbles the raw text, in raw order."""
    passages = find_passages(raw)
    context = _outside(raw, passages)
    changes: list[Change] = []
    for start, end in passages:
        chars, dangling = _decode(_in_phase_bytes(raw[start:end], start))
        changes.append(_passage_change(raw, start, end, chars, context))
        if dangling is not None:
            changes.append(_gap_change(raw, end, dangling, chars, context))
    return changes


def _passage_change(raw: str, start: int, end: int, chars: list[_Char], context: str) -> Change:
    """The in-phase decoding of one run; a character found nowhere else but whose lead byte
    continues a recurring phrase is a chimera of two characters split by lost bytes."""
    out: list[str] = []
    notes: list[str] = []
    for k, ch in enumerate(chars):
        previous = "".join(c.text for c in chars[:k])
        match = (
            _by_phrase(context, previous, ch.lead)
            if previous and ch.trail >= 0 and ch.text not in context
            else None
        )
        if match is not None and match[1] != ch.text:
            tail, candidate = match
            out.extend([candidate, LOST])
            notes.append(
                f"bytes {_hex(ch.lead)} {_hex(ch.trail)} decode to {ch.text}, found nowhere else; "
                f"lead {_hex(ch.lead)} continues the recurring phrase {tail}{candidate}, so "
                f"{candidate} is inferred and trail {_hex(ch.trail)} belongs to a lost character"
            )
            notes.extend(_misfits(context, previous + candidate, ch.trail))
            reading = _candidate_note(previous + candidate, None, ch.trail)
            if reading:
                notes.append(f"for that character, {reading}")
        else:
            out.append(ch.text)
    confidence = "inferred" if notes else "exact"
    note = "GBK bytes decoded one byte out of phase; re-decoded in phase"
    return Change(
        start, end, raw[start:end], "".join(out), "mojibake", confidence, "; ".join([note, *notes])
    )


def _misfits(context: str, before: str, trail: int) -> list[str]:
    """What follows `before` elsewhere in the article but cannot be the lost character, because
    its trail byte is not the surviving one (交巡警大队 in a caption, yet 大 is 0xB4F3)."""
    tail = before[-3:]
    found = sorted(
        {
            context[m.end()]
            for m in re.finditer(re.escape(tail), context)
            if m.end() < len(context) and _lead(context[m.end()]) is not None
        }
    )
    return [
        f"{tail}{ch} recurs elsewhere, but {ch} (0x{ch.encode('gbk').hex().upper()}) does not "
        f"fit trail {_hex(trail)}"
        for ch in found
        if ch.encode("gbk")[1] != trail
    ]


def _gap_change(
    raw: str, end: int, dangling: tuple[int, int], chars: list[_Char], context: str
) -> Change:
    """The "?" after a run: its character's lead byte survives, its trail byte does not."""
    lead, carrier = dangling
    annotation = re.match(rf"\?({_PINYIN})\)", raw[end:])
    gap_end = end + (annotation.end() if annotation else 1)
    previous = "".join(c.text for c in chars)
    origin = f"lead byte {_hex(lead)} survives in {raw[carrier]}, its trail byte is lost"

    def gap(replacement: str, confidence: str, why: str) -> Change:
        return Change(end, gap_end, raw[end:gap_end], replacement, "lost", confidence, why)

    if annotation:
        pinyin = annotation.group(1)
        found = _by_pinyin(raw, lead, pinyin)
        if found is not None:
            return gap(
                found,
                "inferred",
                f"{origin}; the surviving annotation ({pinyin}) names {found}, the only "
                f"character annotated so elsewhere with that lead byte",
            )
    match = _by_phrase(context, previous, lead) if previous else None
    if match is not None:
        tail, found = match
        return gap(
            found, "inferred", f"{origin}; {tail}{found} recurs elsewhere and is the only fit"
        )
    following = re.sub(rf"\({_PINYIN}\)", "", raw[gap_end : gap_end + 40])
    pair = _by_pairing(context, previous, following, lead)
    if pair is not None:
        joined, found = pair
        first, second = joined[0] + found, joined[1] + found
        return gap(
            found,
            "inferred",
            f"{origin}; the pair {previous[-1]}□、{following[1:3]} reads {first} / {second}, "
            f"which {joined} (found elsewhere) abbreviates, and {found} "
            f"(0x{found.encode('gbk').hex().upper()}) fits the surviving lead byte",
        )
    reading = _candidate_note(previous, lead, None)
    why = f"{origin}; no context makes the character certain, and the '?' may hide more"
    return gap(LOST, "lost", f"{why}; {reading}" if reading else why)
