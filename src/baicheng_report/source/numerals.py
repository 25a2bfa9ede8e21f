"""Read numbers as the article writes them: 22%, 60余万, 不到5, 两户, 四项指数, 三局两院."""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1_000}
MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
MORE_THAN = ("余", "多", "以上")
LESS_THAN = ("不到", "以内", "不足")
_CHINESE = "".join([*DIGITS, *UNITS, *MAGNITUDES])
_NUMBER = re.compile(rf"\d+(?:\.\d+)?|[{_CHINESE}]+")


def chinese_to_int(text: str) -> int:
    """四 → 4, 十二 → 12, 二十 → 20, 三百零五 → 305, 一万二千 → 12000."""
    if not text or any(ch not in _CHINESE for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = section = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit = 0
        else:
            total += (section + digit) * MAGNITUDES[ch]
            section = digit = 0
    return total + section + digit


def parse_integer(text: str) -> int:
    """The number a numeral states, ignoring the measure word after it (四项 → 4)."""
    match = _NUMBER.search(text)
    if match is None:
        raise ValueError(f"no number in {text!r}")
    token = match.group()
    return int(token) if token[0].isdigit() else chinese_to_int(token)


def parse_value(text: str) -> tuple[float, str]:
    """A stated value and its qualifier: 60余万 → (600000.0, "more_than"), 不到5 → (5, "less_than").

    Arabic digits may carry a Chinese magnitude (万, 亿) and a qualifier before or after.
    """
    match = re.fullmatch(
        r"(?P<pre>不到|不足)?(?P<num>\d+(?:\.\d+)?)(?P<mid>余|多)?(?P<mag>[万亿])?"
        r"(?P<post>以上|以内|余|多)?%?",
        text.strip(),
    )
    if match is None:
        raise ValueError(f"cannot read a value from {text!r}")
    value = float(match["num"]) * (MAGNITUDES[match["mag"]] if match["mag"] else 1)
    words = "".join(filter(None, [match["pre"], match["mid"], match["post"]]))
    if any(w in words for w in LESS_THAN):
        return value, "less_than"
    if any(w in words for w in MORE_THAN):
        return value, "more_than"
    return value, "exact"


def number_tokens(text: str) -> list[str]:
    """Every run of Arabic digits, as written."""
    return re.findall(r"\d+", text)
