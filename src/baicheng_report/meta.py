"""Facts about the dataset itself: version, title, licences, citations."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from typing import Literal

DIST = "baicheng-report"
CITATION_TITLE = (
    "baicheng-report: a traceable dataset of one article on policing reforms in Baicheng"
)
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (the tables; the quoted article "
    "text remains its publisher's)",
}
REPOSITORY = "https://github.com/baicheng-report/baicheng-report"
CitationStyle = Literal["bibtex", "apa"]


def version() -> str:
    try:
        return _dist_version(DIST)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def citation(style: CitationStyle = "apa") -> str:
    v = version()
    if style == "bibtex":
        return (
            f"@misc{{baicheng_report_{v.replace('.', '_')},\n"
            f"  title = {{{CITATION_TITLE}}},\n"
            f"  author = {{{{baicheng-report contributors}}}},\n"
            f"  year = {{2026}},\n  version = {{{v}}},\n  url = {{{REPOSITORY}}},\n"
            f"  note = {{Dataset; the source article's publisher and date are not stated}}\n}}"
        )
    if style == "apa":
        return (
            f"baicheng-report contributors. (2026). {CITATION_TITLE} (Version {v}) "
            f"[Data set]. {REPOSITORY}"
        )
    raise ValueError(f"unknown citation style {style!r}; choose 'bibtex' or 'apa'")
