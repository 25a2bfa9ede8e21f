"""The one renderer: a value with its unit, qualifier and sign as each edition writes it.

Every surface that shows a number to a person (prose, popovers, listings and data tables, chart
labels and tooltips, `cite`, the display columns of `claims()`, annotation bodies and page
descriptions) goes through `quantity`, so the words for units, qualifiers and the direction of
a change exist here and nowhere else. The codes of the data (`person_time`, `more_than`) stay in
the tables and machine formats. Pure Python: the load path and the CLI import it without pandas.
"""

from __future__ import annotations

import math

LANGUAGES = ("en", "zh")  # the book's editions, the one list: i18n, claims and the CLI use it
# Units written after the number: English (singular, plural), Chinese (no space, no plural).
UNIT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "minute": ("minute", "minutes"),
        "hour": ("hour", "hours"),
        "person_time": ("person-time", "person-times"),
        "yuan": ("yuan", "yuan"),
    },
    "zh": {
        "minute": ("分钟", "分钟"),
        "hour": ("小时", "小时"),
        "person_time": ("人次", "人次"),
        "yuan": ("元", "元"),
    },
}
# Units whose number stands alone: a count (what it counts is the row's label), a year.
BARE_UNITS = frozenset({"count", "year"})
# A percent change reads as the direction it went: "fell 22%" / "下降22%".
DIRECTION_WORDS = {"en": ("fell", "rose", "unchanged at"), "zh": ("下降", "上升", "持平于")}
QUALIFIER_WORDS = {
    "en": {"more_than": "more than ", "less_than": "under "},
    "zh": {"more_than": "超过", "less_than": "不到"},
}
# Numbers up to ten that the article writes in words (两户) read as words in English too.
ENGLISH_WORDS = (
    *("zero", "one", "two", "three", "four", "five"),
    *("six", "seven", "eight", "nine", "ten"),
)
# A unit named on its own (a column's unit, a unit cell), where no number precedes it.
BARE_UNIT_WORDS = {
    "en": {"percent": "percentage", "count": "number of things", "year": "calendar year"},
    "zh": {"percent": "百分比", "count": "个数", "year": "年份"},
}
# A month of the article's year (it names none) and a yes/no cell, as each edition writes them.
MONTH_NAMES = {
    "en": (
        *("January", "February", "March", "April", "May", "June"),
        *("July", "August", "September", "October", "November", "December"),
    ),
    "zh": tuple(f"{m}月" for m in range(1, 13)),
}
BOOLEAN_WORDS = {"en": ("no", "yes"), "zh": ("否", "是")}
CODES = frozenset({*UNIT_WORDS["en"], *BARE_UNITS, "percent", "more_than", "less_than", "exact"})


def _check(unit: str | None, qualifier: str | None, lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"no edition {lang!r}: one of {', '.join(LANGUAGES)}")
    if unit is not None and unit not in UNIT_WORDS["en"] and unit not in BARE_UNITS | {"percent"}:
        raise ValueError(f"no words for the unit {unit!r}")
    if qualifier not in (None, "exact", *QUALIFIER_WORDS["en"]):
        raise ValueError(f"no words for the qualifier {qualifier!r}")


def _digits(magnitude: float, lang: str, unit: str | None) -> str:
    if unit == "year":
        return f"{magnitude:.0f}"
    if lang == "en" and magnitude >= 1_000_000 and magnitude % 100_000 == 0:
        return f"{magnitude / 1_000_000:g} million"  # 20,000,000 → 20 million
    # as many decimals as the value has, up to three: 1.25 hours, not 1.2; a fall of 0.04%, not
    # 0.0%; a value that three decimals would show as 0 keeps its first significant digit
    text = f"{magnitude:,.3f}".rstrip("0").rstrip(".")
    if text == "0" and magnitude:
        text = f"{magnitude:.1g}" if magnitude >= 1e-4 else f"{magnitude:.1e}"
    return text.replace(",", "") if lang == "zh" and magnitude < 10_000 else text


def number(
    value: float, unit: str | None = None, qualifier: str | None = None, lang: str = "en"
) -> str:
    """The number with its qualifier, unsigned, as the article writes it in Chinese: 22%,
    60余万, 不到5; "22%", "more than 600,000", "under 5" in English."""
    _check(unit, qualifier, lang)
    magnitude = abs(float(value))
    if lang == "zh" and magnitude >= 10_000 and magnitude % 10_000 == 0:
        head = f"{magnitude / 10_000:g}"  # 600000 → 60万, as Chinese counts
        if qualifier == "more_than":
            return head + "余万"  # 60余万, as the article writes it
        return QUALIFIER_WORDS[lang].get(qualifier or "", "") + head + "万"  # 不到60万
    text = _digits(magnitude, lang, unit) + ("%" if unit == "percent" else "")
    return QUALIFIER_WORDS[lang].get(qualifier or "", "") + text


def quantity(
    value: float,
    unit: str | None = None,
    qualifier: str | None = None,
    lang: str = "en",
    *,
    attributive: bool = False,
) -> str:
    """A value as a person reads it: "fell 22%" / "下降22%", "more than 600,000 person-times" /
    "60余万人次", "under 5 minutes" / "不到5分钟", "more than 20 million yuan" / "2000余万元".
    `attributive` writes a duration before a noun: "10-minute" (a 10-minute circle)."""
    shown = number(value, unit, qualifier, lang)
    space = "" if lang == "zh" else " "
    if unit == "percent":
        fell, rose, flat = DIRECTION_WORDS[lang]
        verb = fell if value < 0 else rose if value > 0 else flat
        return verb + space + shown
    if unit == "year":
        return shown + ("年" if lang == "zh" else "")  # 2019年
    if unit is None or unit == "count":
        return shown
    singular, plural = UNIT_WORDS[lang][unit]
    if attributive and lang == "en":
        return f"{shown}-{singular}"
    return shown + space + (singular if float(value) == 1 else plural)


def in_words(value: float, phrase: str, lang: str) -> str:
    """A number the article writes in words (两户): the article's words in Chinese and, up to
    ten, the English word; otherwise the digits."""
    if lang == "zh":
        return phrase
    if float(value).is_integer() and 0 <= value < len(ENGLISH_WORDS):
        return ENGLISH_WORDS[int(value)]
    return number(value, lang=lang)


def claim_text(
    value: float,
    value_text: str,
    unit: str | None,
    qualifier: str | None,
    lang: str,
    *,
    phrase: str | None = None,
) -> str:
    """How a claim of the book reads in an edition: a literal as written, with its unit (7×24
    hours), a number the article writes in words (两户), alone or in a phrase, in words, any
    other value (a year too) through `quantity`."""
    if math.isnan(value):
        return literal(value_text, unit, lang)
    if unit == "year":
        return quantity(value, unit, qualifier, lang)
    if phrase is not None:
        return in_words(value, phrase, lang)
    if not any(c.isdigit() for c in value_text):
        return in_words(value, value_text, lang)
    return quantity(value, unit, qualifier, lang)


def literal(text: str, unit: str | None, lang: str) -> str:
    """A value that is not one number (7×24: days a week × hours a day) as the article writes
    it, followed by its unit's words: "7×24 hours" / "7×24小时"."""
    _check(unit, None, lang)
    if unit is None or unit in BARE_UNITS or unit == "percent":
        return text
    return text + ("" if lang == "zh" else " ") + UNIT_WORDS[lang][unit][1]


def month(number: int, lang: str) -> str:
    """A month without a year: "March" / "3月"; a ValueError for a number that names none."""
    _check(None, None, lang)
    if not 1 <= number <= 12:
        raise ValueError(f"no month {number!r}: months are 1 to 12")
    return MONTH_NAMES[lang][number - 1]


def yes_no(flag: bool, lang: str) -> str:
    """A yes/no cell: "yes" / "是"."""
    _check(None, None, lang)
    return BOOLEAN_WORDS[lang][int(flag)]


def unit_name(unit: str, lang: str) -> str:
    """A unit code named on its own: "person-times" / "人次", "number of things" / "个数"."""
    _check(unit, None, lang)
    if unit in UNIT_WORDS[lang]:
        return UNIT_WORDS[lang][unit][1]
    return BARE_UNIT_WORDS[lang][unit]
