"""Facts about the dataset itself, in one record that every metadata view is generated from:
datapackage.json, CSVW, RO-Crate, schema.org JSON-LD, .zenodo.json, CITATION.cff and the
citations below. The version is the installed distribution's, so it cannot disagree with the
wheel."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from typing import Literal

DIST = "baicheng-report"
CitationStyle = Literal["bibtex", "apa"]


def version() -> str:
    try:
        return _dist_version(DIST)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


@dataclass(frozen=True)
class Licence:
    spdx: str
    url: str
    title: str


@dataclass(frozen=True)
class DatasetFacts:
    """What a catalogue needs to know about the dataset, stated once."""

    name: str
    title: str
    description: str
    keywords: tuple[str, ...]
    creators: tuple[str, ...]
    licence: Licence
    code_licence: Licence
    repository: str
    site_url: str  # where the book is published; sitemap and citation tags need absolute URLs
    publisher: str
    date_released: str  # of this version; bump it with the version (CHANGELOG heading)
    languages: tuple[str, ...]  # BCP 47: the tables are bilingual, the source is Chinese
    source_title: str

    @property
    def version(self) -> str:
        return version()

    def edition_url(self, lang: str) -> str:
        """Where an edition of the book is published: `site_url` and the edition's folder."""
        return f"{self.site_url}{lang}/"


DATASET = DatasetFacts(
    name=DIST,
    title="baicheng-report: a traceable dataset of one article on policing reforms in Baicheng",
    description=(
        "Every figure, case, quote, photo caption and term of one Chinese news article on the "
        "Baicheng (Jilin) Public Security Bureau's reforms, each traced to the exact sentence "
        "that states it, with character offsets into the repaired text. The article's "
        "publisher and date are not stated in the source."
    ),
    keywords=("Baicheng", "Jilin", "policing", "public security", "provenance", "dataset"),
    creators=("baicheng-report contributors",),
    licence=Licence(
        spdx="CC-BY-4.0",
        url="https://creativecommons.org/licenses/by/4.0/",
        title="Creative Commons Attribution 4.0 (the tables; the quoted article "
        "text remains its publisher's)",
    ),
    code_licence=Licence(spdx="MIT", url="https://opensource.org/license/mit", title="MIT"),
    repository="https://github.com/baicheng-report/baicheng-report",
    site_url="https://baicheng-report.github.io/baicheng-report/",
    publisher="baicheng-report contributors",
    date_released="2026-11-30",
    languages=("en", "zh-Hans"),
    source_title="News article on the Baicheng Public Security Bureau's reforms "
    "(publisher and date not stated)",
)
# Kept for callers of the first release.
CITATION_TITLE = DATASET.title
REPOSITORY = DATASET.repository
DATA_LICENSE = {
    "name": DATASET.licence.spdx,
    "path": DATASET.licence.url,
    "title": DATASET.licence.title,
}


def citation(style: CitationStyle = "apa") -> str:
    v, year = version(), DATASET.date_released[:4]
    author = "; ".join(DATASET.creators)
    if style == "bibtex":
        return (
            f"@misc{{baicheng_report_{v.replace('.', '_')},\n"
            f"  title = {{{DATASET.title}}},\n"
            f"  author = {{{{{author}}}}},\n"
            f"  year = {{{year}}},\n  version = {{{v}}},\n  url = {{{DATASET.repository}}},\n"
            f"  note = {{Dataset; the source article's publisher and date are not stated}}\n}}"
        )
    if style == "apa":
        return f"{author}. ({year}). {DATASET.title} (Version {v}) [Data set]. {DATASET.repository}"
    raise ValueError(f"unknown citation style {style!r}; choose 'bibtex' or 'apa'")
