"""The downloads: each edition's page links every file the site serves for the data, the zip
is the data package as Frictionless reads it, and the files are the package's own."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.publish.metadata import site
from baicheng_report.report import downloads
from tests.conftest import EDITIONS, edition_site


def test_the_zip_holds_the_descriptor_and_every_file_it_lists(
    data_dir: Path, tmp_path: Path
) -> None:
    first = downloads.package_zip(data_dir, tmp_path / "a.zip").read_bytes()
    again = downloads.package_zip(data_dir, tmp_path / "b.zip").read_bytes()
    assert first == again  # no build time inside: the same data gives the same zip
    descriptor = json.loads((data_dir / "datapackage.json").read_bytes())
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        listed = [r["path"] for r in descriptor["resources"]]
        assert set(names) == {*site.METADATA_DOWNLOADS, *listed} and len(names) == len(set(names))
        for name in names:
            assert archive.read(name) == (data_dir / name).read_bytes(), name


def test_frictionless_reads_the_zip_as_it_is(data_dir: Path, tmp_path: Path) -> None:
    path = downloads.package_zip(data_dir, tmp_path / site.PACKAGE_ZIP)
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(exe), "validate", "--json", path.name],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    report = json.loads(result.stdout)
    assert report["valid"], result.stdout[:2000]
    descriptor = json.loads((data_dir / "datapackage.json").read_bytes())
    assert len(report["tasks"]) == len(descriptor["resources"])


def test_the_claims_download_is_the_claims_frame(data_dir: Path, tmp_path: Path) -> None:
    downloads.write(data_dir, tmp_path)
    served = pd.read_csv(tmp_path / site.CLAIMS_CSV, dtype=str, keep_default_na=False)
    frame = br.claims().astype(str).replace("nan", "")
    assert list(served.columns) == list(frame.columns) and len(served) == len(frame)
    assert (served["claim_id"] == frame["claim_id"]).all()


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_page_lists_every_download_once(lang: str) -> None:
    links = re.findall(r'href="\.\./_static/data/([^"]+)"', downloads.downloads_html(lang))
    served = [path.removeprefix(f"{site.DOWNLOADS}/") for path in site.download_paths()]
    assert sorted(links) == sorted(served)


@pytest.mark.slow
@pytest.mark.parametrize("lang", EDITIONS)
def test_every_download_link_of_the_built_book_is_served(built_book: Path, lang: str) -> None:
    book = edition_site(built_book, lang) / "book"
    page = (book / "downloads.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(\.\./_static/data/[^"]+)"', page)
    assert len(links) == len(site.download_paths())
    for link in links:
        assert (book / link).resolve().is_file(), link
    for other in ("overview", "dictionary"):  # the way in
        assert 'href="downloads.html"' in (book / f"{other}.html").read_text(encoding="utf-8")
