"""The tables, and what each one is: one record per table, the only list of tables there is.

The load path, the models, validation, the descriptor and every metadata file, the claims, the
book's views and its search read a table's facts here: its key and foreign keys, whether its rows
are facts with evidence, what each shown column counts, which column holds its figure, the
figure's unit and qualifier, and which hold names for search. No other module lists tables (a
test checks).

Nothing but the standard library is imported: the pandera model of a table is named by its import
path and imported only when asked for (`model`), so loading data never pays for pandera.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandera.pandas as pa

# The names again, for type checkers, which cannot read them from TABLES (a test keeps them equal).
TableName = Literal[
    "sources",
    "source_repairs",
    "metrics",
    "metric_readings",
    "service_tiers",
    "response_cases",
    "quotes",
    "photos",
    "glossary",
    "numeric_mentions",
    "corrections",
]


@dataclass(frozen=True)
class Coverage:
    """What of the article must each be a row: every match of `pattern` in the simplified text,
    lying where `lies` says relative to some row's evidence (the match is the evidence, lies
    inside it, or begins where it ends)."""

    pattern: str
    what: str
    lies: Literal["is_evidence", "in_evidence", "after_evidence"]


@dataclass(frozen=True)
class Table:
    """One table. Columns named here are columns of its model (a test checks each one)."""

    name: TableName
    model_path: str  # "package.module.Class" of its pandera DataFrameModel
    key: str  # the primary key: one column, unique
    # column -> the table whose key it names, in the order the descriptor lists them
    foreign_keys: Mapping[str, TableName] = field(default_factory=dict)
    # Its rows are facts of the article, each with the phrase that states it: the source chapter
    # anchors each row, the annotations describe it, a numeral may be captured by it.
    # (numeric_mentions has a phrase per numeral too, but indexes the text: it states no fact.)
    evidence: bool = False
    # Each row has its item in the source chapter even without evidence (a numeral's own span),
    # so that a claim on it links to it, `trace` follows it and an annotation describes it.
    anchored: bool = False
    # What a shown value of each column counts, in each edition: the row's columns `<base>_en`
    # and `<base>_zh` (data, required wherever the value is claimed), never the row's place name.
    counts: Mapping[str, str] = field(default_factory=dict)
    value: str | None = None  # the column holding its figure (the one its claims show by default)
    unit: str | None = None  # the column holding the unit code of `value`
    qualifier: str | None = None  # the column holding the qualifier code of `value`
    # column -> the column of the row holding that figure as the article writes it (22%, 3分钟)
    written: Mapping[str, str] = field(default_factory=dict)
    # numeric columns whose unit their definition fixes (items and venues are counts)
    fixed_units: Mapping[str, str] = field(default_factory=dict)
    # text columns holding a literal that is not one number (7×24), and the unit its words take
    literal_units: Mapping[str, str] = field(default_factory=dict)
    # What a reader calls the table, per edition: the heading of its rows in the source chapter.
    title: Mapping[str, str] = field(default_factory=dict)
    # column -> code -> the code in each edition's words: what `trace` and `cite` show for a
    # cell of the column (the data keeps the code). Every code the model allows (a test checks).
    codes: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    # columns whose code names a table of the dataset: shown as that table's title
    names_tables: tuple[str, ...] = ()
    search: tuple[str, ...] = ()  # columns of Chinese terms and names the search must know whole
    covers: Coverage | None = None  # what of the article must each be one of its rows

    @property
    def classified(self) -> tuple[str, ...]:
        """The columns whose codes classify a row and have words here (`codes`, `names_tables`)."""
        return (*self.codes, *self.names_tables)


_SOURCE: Mapping[str, TableName] = {"source_id": "sources"}
_MODELS = "baicheng_report.dataset.schemas"

# In dependency order: a table comes after the tables it names.
TABLES: tuple[Table, ...] = (
    Table("sources", f"{_MODELS}.sources.Sources", "source_id"),
    Table(
        "source_repairs",
        f"{_MODELS}.source_repairs.SourceRepairs",
        "repair_id",
        codes={  # a repair's kind and how sure it is, as the source chapter names them
            "kind": {
                "pinyin_annotation": {"en": "pinyin annotation", "zh": "删除拼音夹注"},
                "mojibake": {"en": "garbled passage", "zh": "乱码重新解码"},
                "lost": {"en": "lost", "zh": "字节丢失"},
            },
            "confidence": {
                "exact": {"en": "exact", "zh": "确定"},
                "inferred": {"en": "inferred", "zh": "推断"},
                "lost": {"en": "not restored", "zh": "无法补出"},
            },
        },
        foreign_keys=_SOURCE,
    ),
    Table(
        "metrics",
        f"{_MODELS}.metrics.Metrics",
        "metric_id",
        title={"en": "The figures", "zh": "数字指标"},
        # the article's own terms for its topics where it has one (快速反应, 共建共治共享)
        codes={
            "section": {
                "public_safety": {"en": "public safety", "zh": "治安与交通安全"},
                "patrol_grid": {"en": "patrols", "zh": "巡逻防控"},
                "rapid_response": {"en": "rapid response", "zh": "快速反应"},
                "co_governance": {"en": "co-governance", "zh": "共建共治共享"},
                "services": {"en": "services to the public", "zh": "便民服务"},
            }
        },
        foreign_keys=_SOURCE,
        evidence=True,
        counts={"value": "indicator", "baseline_year": "baseline_label"},
        written={"value": "value_text"},
        value="value",
        unit="unit",
        qualifier="qualifier",
        fixed_units={"baseline_year": "year"},
        search=("area_zh",),  # a place, as the article names it (白城市区)
    ),
    Table(
        "metric_readings",
        f"{_MODELS}.metric_readings.MetricReadings",
        "metric_id",
        # how to read a figure, as the reading-the-figures chapter names each code; a target is
        # what the article says the system "can achieve" (能够实现)
        codes={
            "kind": {
                "change_without_base": {
                    "en": "change without its base",
                    "zh": "没有基数的变化幅度",
                },
                "count_at_a_date": {"en": "count at one moment", "zh": "某一时刻的数量"},
                "target": {"en": "capability claimed, not measured", "zh": "声称可达到，并非实测"},
                "cumulative_total": {"en": "running total", "zh": "累计数"},
                "service_hours": {"en": "hours of service", "zh": "服务时长"},
                "single_case": {"en": "single case", "zh": "个例"},
            },
            "stated_by": {
                "article_unattributed": {
                    "en": "the article, no source named",
                    "zh": "报道本身，未注明来源",
                },
                "bureau_officer_quoted": {
                    "en": "a bureau officer, quoted",
                    "zh": "公安局民警的引语",
                },
                "photo_caption": {"en": "a photo caption", "zh": "图片说明"},
                "named_outside_source": {"en": "a named outside source", "zh": "注明的外部来源"},
            },
        },
        foreign_keys={**_SOURCE, "metric_id": "metrics"},
    ),
    Table(
        "service_tiers",
        f"{_MODELS}.service_tiers.ServiceTiers",
        "tier_id",
        title={"en": "The service tiers", "zh": "服务层级"},
        codes={  # in Chinese as the article says it (the row's coverage_zh)
            "coverage": {
                "city_and_county": {"en": "the city and its counties", "zh": "市县"},
                "urban": {"en": "urban areas", "zh": "城区"},
                "rural": {"en": "rural areas", "zh": "农村"},
            }
        },
        foreign_keys=_SOURCE,
        evidence=True,
        counts={
            "item_count": "items_label",
            "venue_count": "venue",  # the venues are what it counts
            "service_circle_minutes": "circle_label",
            "self_service": "self_service_label",
        },
        value="item_count",
        fixed_units={
            "item_count": "count",
            "venue_count": "count",
            "service_circle_minutes": "minute",
        },
        literal_units={"self_service": "hour"},  # 7×24: days a week × hours a day (7×24小时)
        search=("venue_zh", "metaphor_zh"),
    ),
    Table(
        "response_cases",
        f"{_MODELS}.response_cases.ResponseCases",
        "case_id",
        title={"en": "The dated cases", "zh": "注明时间的案例"},
        foreign_keys=_SOURCE,
        evidence=True,
        counts={"duration_value": "duration_label"},
        written={"duration_value": "duration_text"},
        value="duration_value",
        unit="duration_unit",
        search=("place_zh", "unit_zh"),
        covers=Coverage(r"今年\d+月", "dated case", "in_evidence"),
    ),
    Table(
        "quotes",
        f"{_MODELS}.quotes.Quotes",
        "quote_id",
        title={"en": "The quotations", "zh": "引语"},
        foreign_keys=_SOURCE,
        evidence=True,
        search=("speaker_zh", "role_zh"),
        # a quoted sentence, not a quoted term; the quotation is the row's evidence
        covers=Coverage(r"(?<=“)[^“”]*[。！？](?=”)", "quotation", "is_evidence"),
    ),
    Table(
        "photos",
        f"{_MODELS}.photos.Photos",
        "photo_id",
        title={"en": "The photo captions", "zh": "图片说明"},
        foreign_keys=_SOURCE,
        evidence=True,
        search=("photographer_zh",),
        # a credit (name 摄) follows its caption, which is the row's evidence
        covers=Coverage(r"(?<=。)\s*[^\s。，,]+\s+摄", "photo credit", "after_evidence"),
    ),
    Table(
        "glossary",
        f"{_MODELS}.glossary.Glossary",
        "term_id",
        title={"en": "The terms", "zh": "术语"},
        codes={
            "category": {
                "programme": {"en": "named initiative", "zh": "工作举措"},
                "concept": {"en": "policing term", "zh": "警务术语"},
                "slogan": {"en": "slogan", "zh": "口号"},
            }
        },
        foreign_keys=_SOURCE,
        evidence=True,
        search=("term_zh",),
    ),
    Table(
        "numeric_mentions",
        f"{_MODELS}.numeric_mentions.NumericMentions",
        "mention_id",
        title={"en": "Every number of the text", "zh": "文中的每一个数字"},
        codes={
            "kind": {
                "digits": {"en": "Arabic numerals", "zh": "阿拉伯数字"},
                "chinese": {"en": "Chinese numerals", "zh": "汉字数字"},
            }
        },
        names_tables=("captured_table",),
        foreign_keys=_SOURCE,
        anchored=True,  # a number the book shows that no fact's column holds (两户)
        counts={"value": "label"},
        written={"value": "evidence"},  # the numeral itself: 两户, 22
        value="value",
    ),
    Table("corrections", f"{_MODELS}.corrections.Corrections", "correction_id"),
)
TABLE_NAMES: tuple[TableName, ...] = tuple(t.name for t in TABLES)
# The tables whose rows are facts with evidence (see Table.evidence), in registry order.
EVIDENCE_TABLES: tuple[TableName, ...] = tuple(t.name for t in TABLES if t.evidence)
# The tables whose every row has an item in the source chapter: the facts, then the numerals.
ANCHORED_TABLES: tuple[TableName, ...] = (
    *EVIDENCE_TABLES,
    *(t.name for t in TABLES if t.anchored and not t.evidence),
)
_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The record of a table; a KeyError names the tables there are, and the one a typo meant."""
    if not isinstance(name, str):  # a list or a number is a mistake of type, not of spelling
        raise TypeError(f"a table name is a str such as 'metrics', not {type(name).__name__}")
    try:
        return _BY_NAME[name]
    except KeyError:
        close = get_close_matches(str(name), TABLE_NAMES, n=1)
        meant = f" (did you mean {close[0]!r}?)" if close else ""
        raise KeyError(
            f"unknown table {name!r}{meant}; choose one of: {', '.join(TABLE_NAMES)}"
        ) from None


def code_words(name: str, column: str, code: str, lang: str) -> str | None:
    """A code of the table's column in an edition's words: the table's own words for it, or the
    title of the table it names; None for a column with no words for its codes."""
    record = table(name)
    if column in record.names_tables:
        return table(code).title[lang]
    words = record.codes.get(column, {}).get(code)
    return None if words is None else words[lang]


def words_of_codes(name: str, lang: str) -> dict[str, dict[str, str]]:
    """Every code of the table's coded columns in an edition's words: column -> code -> words."""
    return {
        column: {code: words[lang] for code, words in by_code.items()}
        for column, by_code in table(name).codes.items()
    }


def model(name: str) -> type[pa.DataFrameModel]:
    """The pandera DataFrameModel that defines a table, imported now (pandera with it)."""
    module, _, attr = table(name).model_path.rpartition(".")
    found: type[pa.DataFrameModel] = getattr(importlib.import_module(module), attr)
    return found
