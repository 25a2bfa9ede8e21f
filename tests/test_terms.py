"""Guards on the words: terms quoted as the article's own, simplified script, pinyin, and
full-width punctuation in everything the Chinese edition writes."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pypinyin import Style, lazy_pinyin

import baicheng_report as br
from baicheng_report.report import i18n
from baicheng_report.source import text as source

QUOTED = re.compile(r"“([^“”]+)”")
SLOT = re.compile(r"\{glue\}`[^`]+`|\{[a-z_]+\}")  # a glue role, or a template's slot
CODE = re.compile(r"`[^`]*`")
HALF_WIDTH = re.compile(r"[,;:!?()]")

# Words in “…” that are not the article's, each with the reason it is quoted anyway.
PARAPHRASES: dict[str, str] = {
    "每个": "corrections.reason_zh quotes the word the 0.1.0 definition added",
    "做生意": "the reading of a lost word: only 生 is inferred, from one surviving byte",
    "著": "corrections.reason_zh names the traditional character that the text no longer has",
    # the repairs' reasons name the garbled characters of the text as received, and a candidate
    # reading of a lost one (zh.yml, source_repairs.note)
    "錾": "a garbled character of the raw text, re-decoded away",
    "睌": "a garbled character of the raw text, re-decoded away",
    "痪": "a garbled character of the raw text, re-decoded away",
    "晶": "a garbled character of the raw text, re-decoded away",
    "交巡警支队": "the reading of a lost character: 支 fits one surviving byte, not restored",
    "數": "a byte-level name: the bytes fit 數 (0x94B5), which the simplified text writes 数",
}
# Readings of what pypinyin leaves as it is (digits, signs, Latin letters, punctuation).
NON_HAN_READINGS = {"1+N": "yījiāN", "+": "jiā", "10": "shí", "30": "sānshí", "、": ","}
# Where the glossary deliberately reads a character otherwise than pypinyin: (term, index).
DELIBERATE_READINGS: dict[tuple[str, int], tuple[str, str]] = {
    ("无空档", 1): ("kòng", "空档 (a gap) is kòngdàng in the Xiandai Hanyu Cidian"),
}


def _zh_columns(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str, str]]:
    """(table, column, value) of every Chinese column, the glossary's terms included."""
    return [
        (name, column, value)
        for name, frame in tables.items()
        for column in frame.columns
        if column.endswith("_zh")
        for value in frame[column].dropna()
    ]


@pytest.fixture(scope="module")
def article() -> str:
    return br.source_text("simplified")


@pytest.fixture(scope="module")
def chinese() -> list[tuple[str, str]]:
    """(where, text) of everything the Chinese edition writes: catalogue and Chinese columns."""
    found = [(f"zh.yml: {key[:40]}", text) for key, text in i18n.catalogue("zh").items()]
    found += [(f"{t}.{c}", v) for t, c, v in _zh_columns(br.load_all())]
    return found


def _occurs(term: str, article: str) -> bool:
    """Verbatim in the article; a {slot} or a glue role of the catalogue stands for the value it
    is filled with."""
    pattern = "".join(
        "[^“”\n]+" if SLOT.fullmatch(part) else re.escape(part)
        for part in re.split(f"({SLOT.pattern})", term)
        if part
    )
    return re.search(pattern, article) is not None


def test_every_quoted_term_is_the_articles_own(
    article: str, chinese: list[tuple[str, str]]
) -> None:
    quoted = [(where, term) for where, text in chinese for term in QUOTED.findall(text)]
    assert len(quoted) > 20
    wrong = [(w, t) for w, t in quoted if t not in PARAPHRASES and not _occurs(t, article)]
    assert wrong == []


def test_every_glossary_term_is_the_articles_own(article: str) -> None:
    glossary = br.load("glossary")
    assert [t for t in glossary["term_zh"] if t not in article] == []


def test_each_listed_paraphrase_is_still_used_and_is_not_the_articles(
    article: str, chinese: list[tuple[str, str]]
) -> None:
    quoted = {term for _, text in chinese for term in QUOTED.findall(text)}
    for term in PARAPHRASES:
        assert term in quoted, f"{term}: listed as a paraphrase but no longer quoted"
        assert not _occurs(term, article), f"{term}: the article has it; unlist it"


@pytest.mark.parametrize(
    ("term", "found"),
    [("流动纠纷化解室", True), ("流动矛盾纠纷调解室", False), ("共商共建", False),
     ("{urban}分钟服务圈", True), ("{self_service}小时", True), ("{x}合作机制", False)],
)  # fmt: skip
def test_the_term_check_tells_the_articles_words_from_paraphrase(
    article: str, term: str, found: bool
) -> None:
    assert _occurs(term, article) is found


def test_no_chinese_text_is_traditional_in_context(chinese: list[tuple[str, str]]) -> None:
    def unquoted(text: str) -> str:  # a listed paraphrase may name a traditional character
        return QUOTED.sub(lambda m: "" if m.group(1) in PARAPHRASES else m.group(0), text)

    found = [(w, source.traditional_in_context(unquoted(t))) for w, t in chinese]
    assert [(w, chars) for w, chars in found if chars] == []


def _reading(term: str) -> str:
    syllables = lazy_pinyin(term, style=Style.TONE)
    han = iter(range(len(term)))
    out = []
    for syllable in syllables:
        if syllable in NON_HAN_READINGS:
            out.append(NON_HAN_READINGS[syllable])
            continue
        index = next(i for i in han if re.match(r"[\u3400-\u9fff]", term[i]))
        out.append(DELIBERATE_READINGS.get((term, index), (syllable, ""))[0])
    return "".join(out)


def _wrong_pinyin(glossary: pd.DataFrame) -> list[tuple[str, str]]:
    return [
        (term, written)
        for term, written in zip(glossary["term_zh"], glossary["pinyin"], strict=True)
        if re.sub(r"\s", "", written) != _reading(term)
    ]


def test_glossary_pinyin_agrees_with_pypinyin() -> None:
    assert _wrong_pinyin(br.load("glossary")) == []


def test_the_pinyin_check_catches_a_wrong_tone_and_uses_every_listed_reading() -> None:
    glossary = br.load("glossary")
    wrong = glossary.assign(pinyin=glossary["pinyin"].str.replace("rónghé", "rōnghé"))
    assert _wrong_pinyin(wrong) == [("警地融合", "jǐng dì rōnghé")]
    assert _reading("无空档") == "wúkòngdàng"
    assert {term for term, _ in DELIBERATE_READINGS} <= set(glossary["term_zh"])


def test_chinese_uses_full_width_punctuation(article: str, chinese: list[tuple[str, str]]) -> None:
    """Half-width , ; : ! ? ( ) only inside code, or in a verbatim quotation of the article (whose
    captions and quotes keep the commas it was received with)."""
    wrong = [
        (where, text)
        for where, text in chinese
        if HALF_WIDTH.search(CODE.sub("", text)) and text not in article
    ]
    assert wrong == []


def test_the_punctuation_check_sees_half_width_marks(article: str) -> None:
    assert HALF_WIDTH.search("快速反应时间(第一档)")
    assert not HALF_WIDTH.search("快速反应时间（第一档）")
    assert "快速反应时间(第一档)" not in article


# Names the article uses that the glossary does not list, with their one English rendering.
NAMES = {"情报指挥中心": "Intelligence and Command Centre", "辅警": "auxiliary police"}


def _comparable(english: str) -> str:
    """Lower case, one space, straight quotes: how a rendering is looked for in a text."""
    text = re.sub(r"\s+", " ", english).lower().replace("’", "'")
    return re.sub(r"[“”]", '"', text)


def _renderings() -> dict[str, str]:
    """Each term's one English rendering: the glossary's (its gloss in brackets left out), and
    the names above."""
    glossary = br.load("glossary")
    terms = {
        zh: re.sub(r"\s*\([^)]*\)$", "", en)
        for zh, en in zip(glossary["term_zh"], glossary["term_en"], strict=True)
    }
    return terms | NAMES


def _bilingual() -> list[tuple[str, str, str]]:
    """(where, English, Chinese) of everything both editions say: each catalogue message with
    its translation, and each row's `<column>_en` with its `<column>_zh`."""
    pairs = [(f"zh.yml: {en[:40]}", en, zh) for en, zh in i18n.catalogue("zh").items()]
    for name, frame in br.load_all().items():
        for column in frame.columns:
            base = column.removesuffix("_en")
            if column.endswith("_en") and f"{base}_zh" in frame.columns:
                pairs += [
                    (f"{name}.{column}", en, zh)
                    for en, zh in zip(frame[column], frame[f"{base}_zh"], strict=True)
                    if isinstance(en, str) and isinstance(zh, str)
                ]
    return pairs


def test_each_term_has_one_rendering_in_each_language() -> None:
    """Wherever the Chinese says a term, the English says it with the term's one rendering; and
    wherever the English uses a rendering, the Chinese says the term (the article's own)."""
    renderings = _renderings()
    pairs = _bilingual()
    assert len(pairs) > 100 and len(renderings) > 20
    wrong = [
        (where, term)
        for where, en, zh in pairs
        for term, rendering in renderings.items()
        if (term in zh) != (_comparable(rendering) in _comparable(en))
    ]
    assert wrong == []
