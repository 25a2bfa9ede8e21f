"""Numbers as the article writes them, with property tests for the parsers."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baicheng_report.source import numerals


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("22%", 22, "exact"),
        ("60余万", 600_000, "more_than"),
        ("2000余万", 20_000_000, "more_than"),
        ("不到5", 5, "less_than"),
        ("5以内", 5, "less_than"),
        ("30以上", 30, "more_than"),
        ("129", 129, "exact"),
    ],
)
def test_parse_value(text: str, value: float, qualifier: str) -> None:
    assert numerals.parse_value(text) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("四项", 4),
        ("两户", 2),
        ("二人", 2),
        ("三局", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三百零五", 305),
        ("一万二千", 12_000),
        ("78", 78),
    ],
)
def test_parse_integer(text: str, value: int) -> None:
    assert numerals.parse_integer(text) == value


def _to_chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d, n = divmod(n, size)
        if d:
            out += ("零" if zero else "") + digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert numerals.chinese_to_int(_to_chinese(n)) == n


@given(
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["", "余", "以上", "以内"]),
    st.sampled_from(["", "万"]),
)
def test_arabic_values_round_trip(n: int, word: str, magnitude: str) -> None:
    text = f"{n}余{magnitude}" if word == "余" else f"{n}{magnitude}{word}"
    value, qualifier = numerals.parse_value(text)
    assert value == n * (10_000 if magnitude else 1)
    assert (
        qualifier
        == {"": "exact", "余": "more_than", "以上": "more_than", "以内": "less_than"}[word]
    )


@given(st.text(max_size=12))
def test_parse_value_fails_only_with_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        numerals.parse_value(text)
