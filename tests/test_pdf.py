"""The PDF edition: printed by the system's Chromium from the same executed notebooks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from baicheng_report.report.build import PDF_NAME
from baicheng_report.report.chromium import missing
from tests.browser import need as _need
from tests.conftest import EDITIONS, edition_site

pytestmark = [pytest.mark.slow, pytest.mark.browser]
TITLES = {
    "en": [
        "Public safety",
        "Patrols and rapid response",
        "Service tiers",
        "Co-governance",
        "The source",
        "Data dictionary",
        "Reproducibility",
    ],
    "zh": [
        "治安形势",
        "巡逻防控与快速反应",
        "服务层级",
        "共建共治",
        "原文",
        "数据字典",
        "可复现性",
    ],
}
FIRST = {"en": "Overview", "zh": "概述"}


def _poppler(tool: str, *args: str) -> str:
    _need(shutil.which(tool) is not None, f"{tool} is missing (apt-get install poppler-utils)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module", params=EDITIONS)
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def pdf(built_book: Path, lang: str) -> Path:
    _need(missing() is None, f"{missing()}: the PDF is printed by it")
    path = edition_site(built_book, lang) / PDF_NAME
    assert path.is_file()
    return path


def _first_lines(pdf: Path) -> list[str]:
    pages = int(
        next(
            line.split()[-1]
            for line in _poppler("pdfinfo", str(pdf)).splitlines()
            if line.startswith("Pages:")
        )
    )
    firsts = []
    for page in range(1, pages + 1):
        text = _poppler("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-")
        firsts.append(next((line for line in text.splitlines() if line.strip()), ""))
    return firsts


def test_every_chapter_starts_a_page_and_the_manifest_ends_it(pdf: Path, lang: str) -> None:
    firsts = _first_lines(pdf)
    titles = TITLES[lang]
    starts = {title: firsts.index(title) for title in titles if title in firsts}
    assert list(starts) == titles, firsts
    assert list(starts.values()) == sorted(starts.values())
    last = _poppler("pdftotext", "-f", str(starts[titles[-1]] + 1), str(pdf), "-")
    assert "SHA-256" in last and ("dataset" if lang == "en" else "数据集") in last


def test_contents_page_lists_every_chapter(pdf: Path, lang: str) -> None:
    first = _poppler("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")
    for title in [FIRST[lang], *TITLES[lang]]:
        assert title in first


def test_charts_are_static_images(pdf: Path, built_book: Path, lang: str) -> None:
    """One image per chart of the edition's pages, and nothing else."""
    charts = {
        name
        for page in (edition_site(built_book, lang) / "book").glob("*.html")
        for name in re.findall(r'id="spec-([a-z-]+)"', page.read_text(encoding="utf-8"))
    }
    rows = _poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    images = [row for row in rows if row.split()[2] == "image"]
    assert len(charts) > 0 and len(images) == len(charts)


def test_chinese_text_is_embedded_and_extractable(pdf: Path) -> None:
    text = _poppler("pdftotext", str(pdf), "-")
    assert "白城市公安局" in text and "警地融合" in text and "□" in text
    fonts = _poppler("pdffonts", str(pdf))
    assert "Type 3" in fonts or "CJK" in fonts  # Chromium embeds the CJK outlines as Type 3


def test_table_headings_and_names_are_not_split_inside_a_word(pdf: Path, lang: str) -> None:
    """On paper a table fits the page width, but a column heading or a speaker's name breaks at
    spaces only: "Photographer" and 桑振龙 stay whole."""
    lines = _poppler("pdftotext", "-layout", str(pdf), "-").splitlines()
    if lang == "en":
        assert any("Caption" in line and "Photographer" in line for line in lines)
    else:  # the quotes table's row: name, role, quote
        row = [line for line in lines if "情报指挥中心主任" in line and "我们通过" in line]
        assert row and all("桑振龙" in line for line in row), row
