"""'Report a problem': the issue form is valid for GitHub, and every page and every claim's
popover links to a new issue whose form fields are filled with what the reader was looking at."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

import baicheng_report as br
from baicheng_report.dataset import schemas
from baicheng_report.meta import DATASET
from baicheng_report.report import prose
from baicheng_report.report.build import chapters
from baicheng_report.report.problem_report import FIELDS, FORM, issue_url, page_link
from tests.conftest import EDITIONS, ROOT, edition_site

TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"


def _form_ids() -> list[str]:
    form = yaml.safe_load((TEMPLATES / FORM).read_text(encoding="utf-8"))
    return [item["id"] for item in form["body"] if item["type"] != "markdown"]


def _query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{DATASET.repository}/issues/new"
    query = {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}
    assert query.pop("template") == FORM and (TEMPLATES / FORM).is_file()
    assert set(query) - {"title"} <= set(_form_ids())  # GitHub fills a field by its id
    return query


def test_the_issue_forms_match_githubs_schema_offline(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("check-jsonschema")

    def check(schema: str, *files: Path) -> int:
        args = [str(exe), "--builtin-schema", schema, *map(str, files)]
        return subprocess.run(args, capture_output=True, check=False).returncode

    assert check("vendor.github-issue-forms", TEMPLATES / FORM) == 0
    assert check("vendor.github-issue-config", TEMPLATES / "config.yml") == 0
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\nbody:\n  - type: input\n    id: a\n", encoding="utf-8")
    assert check("vendor.github-issue-forms", broken) == 1  # an input without its label


def test_the_form_has_every_field_the_links_fill_in_the_same_order() -> None:
    ids = _form_ids()
    assert [i for i in ids if i in FIELDS] == list(FIELDS)


def test_an_issue_url_carries_each_field_and_refuses_others() -> None:
    cell = {"claim": "claim-x", "table": "metrics", "row": "r", "column": "value"}
    query = _query(issue_url(page="https://e/x.html", edition="zh", evidence="下降22%", **cell))
    assert query == {
        **cell,
        "evidence": "下降22%",
        "page": "https://e/x.html",
        "edition": "zh",
        "title": "Data error: metrics.r.value",
    }
    assert _query(issue_url(page="p", edition="en"))["title"] == "Problem on p"
    with pytest.raises(ValueError, match="proposed"):
        issue_url(page="p", edition="en", proposed="1")


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_claims_popover_reports_that_claim(lang: str) -> None:
    for claimed in br.claims().to_dict("records"):
        key = schemas.primary_key(claimed["table"])
        table = br.load(claimed["table"])
        row = table[table[key].astype(str) == claimed["row_id"]].iloc[0]
        link = prose.claim(claimed["table"], row, claimed["column"], lang=lang)
        hrefs = re.findall(r'<a class="claim-report" href="([^"]+)"', link)
        assert len(hrefs) == 1, claimed["claim_id"]
        query = _query(hrefs[0].replace("&amp;", "&"))
        assert query["claim"] == claimed["claim_id"]
        assert (query["table"], query["row"], query["column"]) == (
            claimed["table"],
            claimed["row_id"],
            claimed["column"],
        )
        assert query["evidence"] == claimed["evidence"] and query["edition"] == lang
        assert query["page"] == DATASET.site_url + claimed[f"url_{lang}"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.reports: list[str] = []
        self._in_report = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "p" and found.get("class") == "report-problem":
            self._in_report = True
        elif tag == "a" and self._in_report:
            self.reports.append(str(found["href"]))
            self._in_report = False


def test_the_page_link_speaks_the_editions_language() -> None:
    assert "Report a problem with this page" in page_link("en", "book/overview")
    assert "报告本页的问题" in page_link("zh", "book/overview")


@pytest.mark.slow
@pytest.mark.parametrize("lang", EDITIONS)
def test_every_page_reports_itself(built_book: Path, lang: str) -> None:
    pages = [f"book/{stem}" for stem in chapters(built_book)]
    for page in pages:
        parser = _Links()
        parser.feed((edition_site(built_book, lang) / f"{page}.html").read_text("utf-8"))
        assert len(parser.reports) == 1, page
        query = _query(parser.reports[0])
        assert query == {
            "page": f"{DATASET.site_url}{lang}/{page}.html",
            "edition": lang,
            "title": f"Problem on {DATASET.site_url}{lang}/{page}.html",
        }
