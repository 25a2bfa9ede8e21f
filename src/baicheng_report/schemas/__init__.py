"""One pandera DataFrameModel per table: the single source of truth for every table."""

from __future__ import annotations

import pandera.pandas as pa

from baicheng_report.schemas._base import Evidenced
from baicheng_report.schemas.corrections import Corrections
from baicheng_report.schemas.glossary import Glossary
from baicheng_report.schemas.metric_readings import MetricReadings
from baicheng_report.schemas.metrics import Metrics
from baicheng_report.schemas.numeric_mentions import NumericMentions
from baicheng_report.schemas.photos import Photos
from baicheng_report.schemas.quotes import Quotes
from baicheng_report.schemas.response_cases import ResponseCases
from baicheng_report.schemas.service_tiers import ServiceTiers
from baicheng_report.schemas.source_repairs import SourceRepairs
from baicheng_report.schemas.sources import Sources

MODELS: dict[str, type[pa.DataFrameModel]] = {
    "sources": Sources,
    "source_repairs": SourceRepairs,
    "metrics": Metrics,
    "metric_readings": MetricReadings,
    "service_tiers": ServiceTiers,
    "response_cases": ResponseCases,
    "quotes": Quotes,
    "photos": Photos,
    "glossary": Glossary,
    "numeric_mentions": NumericMentions,
    "corrections": Corrections,
}
# Columns naming a row of another table (by its primary key), besides source_id, which every
# table but `sources` has.
FOREIGN_KEYS: dict[str, dict[str, str]] = {"metric_readings": {"metric_id": "metrics"}}
_EVIDENCE_COLUMNS = list(Evidenced.to_schema().columns)


def columns(name: str) -> list[str]:
    """Column order of a table: its own columns first, the evidence columns last."""
    own = list(MODELS[name].to_schema().columns)
    if not issubclass(MODELS[name], Evidenced):
        return own
    return [c for c in own if c not in _EVIDENCE_COLUMNS] + _EVIDENCE_COLUMNS


def primary_key(name: str) -> str:
    """The table's id column: the first unique column."""
    schema = MODELS[name].to_schema()
    return next(c for c in columns(name) if schema.columns[c].unique)
