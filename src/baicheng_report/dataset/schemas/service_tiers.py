"""The `service_tiers` table: hall, workstations and stations (旗舰店 / 便利店 / 连锁店)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from baicheng_report.dataset import checks
from baicheng_report.dataset.schemas._base import SLUG, Evidenced


class ServiceTiers(Evidenced):
    """One row per tier of police services."""

    tier_id: Series[str] = pa.Field(
        unique=True,
        str_matches=SLUG,
        title="Tier id",
        metadata={"title_zh": "层级编号"},
        description="Slug.",
    )
    metaphor_zh: Series[str] = pa.Field(
        title="Metaphor (zh)",
        metadata={"title_zh": "比喻（中文）"},
        description="The article's shop metaphor.",
    )
    metaphor_en: Series[str] = pa.Field(
        title="Metaphor (en)", metadata={"title_zh": "比喻（英文）"}, description="English."
    )
    venue_zh: Series[str] = pa.Field(
        title="Venue (zh)",
        metadata={"title_zh": "场所（中文）"},
        description="Where the services sit.",
    )
    venue_en: Series[str] = pa.Field(
        title="Venue (en)", metadata={"title_zh": "场所（英文）"}, description="English."
    )
    item_count: Series[int] = pa.Field(
        gt=0,
        title="Service items (count)",
        metadata={
            "title_zh": "业务数（项）",
            "note": "Do not add the tiers up: the article states each tier's items on its own "
            "and never says the lists are disjoint, so a total would count some items twice.",
            "note_zh": "不要把各层级的业务数相加：文章分别列出每个层级的业务，从未说明这些业务"
            "互不重复，相加会把部分业务计算两次。",
        },
        description="Service items offered there.",
    )
    items_label_en: Series[str] = pa.Field(
        title="What the service items are (en)",
        metadata={"title_zh": "业务说明（英文）"},
        description="What item_count counts: the tier's service items (English).",
    )
    items_label_zh: Series[str] = pa.Field(
        title="What the service items are (zh)",
        metadata={"title_zh": "业务说明（中文）"},
        description="What item_count counts: the tier's service items (Chinese).",
    )
    venue_count: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        gt=0,
        title="Venues (count)",
        metadata={"title_zh": "场所数（个）"},
        description="How many venues, where stated.",
    )
    coverage: Series[str] = pa.Field(
        isin=["city_and_county", "urban", "rural"],
        title="Coverage (code)",
        metadata={"title_zh": "覆盖范围（代码）"},
        description="The area the article ties the tier to: city_and_county (the halls), urban "
        "(the workstations' circle), rural (the stations' errands and circle; their items are "
        "not said to be rural only).",
    )
    coverage_zh: Series[str] = pa.Field(
        title="Coverage (zh)",
        metadata={"title_zh": "覆盖范围（中文）"},
        description="As the article says it.",
    )
    service_circle_minutes: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        gt=0,
        title="Service circle (minutes)",
        metadata={"title_zh": "服务圈（分钟）"},
        description="The minutes that name the tier's service circle (10分钟服务圈), where stated; "
        "the article does not say how a circle is measured.",
    )
    circle_label_en: Series[str] = pa.Field(
        nullable=True,
        title="What the service circle is (en)",
        metadata={"title_zh": "服务圈说明（英文）"},
        description="What the circle's minutes name, where a circle is stated (English).",
    )
    circle_label_zh: Series[str] = pa.Field(
        nullable=True,
        title="What the service circle is (zh)",
        metadata={"title_zh": "服务圈说明（中文）"},
        description="What the circle's minutes name, where a circle is stated (Chinese).",
    )
    self_service: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^\d+×\d+$",
        title="Self-service hours (days a week × hours a day)",
        metadata={"title_zh": "自助服务时间（每周天数×每天小时数）"},
        description="Days × hours of self-service, e.g. 7×24.",
    )
    self_service_label_en: Series[str] = pa.Field(
        nullable=True,
        title="What the self-service hours are (en)",
        metadata={"title_zh": "自助服务时间说明（英文）"},
        description="What the self-service hours are, where stated (English).",
    )
    self_service_label_zh: Series[str] = pa.Field(
        nullable=True,
        title="What the self-service hours are (zh)",
        metadata={"title_zh": "自助服务时间说明（中文）"},
        description="What the self-service hours are, where stated (Chinese).",
    )

    @pa.dataframe_check(
        description="service_circle_minutes comes with circle_label_en and circle_label_zh, "
        "self_service with self_service_label_en and self_service_label_zh"
    )
    def figures_labelled(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.labelled(df, "service_circle_minutes", "circle_label") & checks.labelled(
            df, "self_service", "self_service_label"
        )

    @pa.dataframe_check(
        description="item_count, venue_count, service_circle_minutes and self_service are "
        "each the one number its word follows in evidence (129项, 9个, 10分钟, 7×24小时)"
    )
    def figures_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.figures_in_evidence(
            df, ["item_count", "venue_count", "service_circle_minutes", "self_service"]
        )

    @pa.dataframe_check(description="metaphor_zh, venue_zh and coverage_zh appear in evidence")
    def words_in_evidence(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return checks.words_in_evidence(df, ["metaphor_zh", "venue_zh", "coverage_zh"])
