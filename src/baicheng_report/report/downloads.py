"""The downloads every edition serves beside its pages, in `_static/data/`: each table in every
export format, the metadata files, the claims, and one zip of the whole data package (its
descriptor with every file it lists, so `frictionless` reads the zip as it is). The build writes
them with `write`; the downloads chapter lists them with `downloads_html`."""

from __future__ import annotations

import html
import json
import zipfile
from pathlib import Path

from baicheng_report.dataset import guarded
from baicheng_report.dataset.registry import TABLE_NAMES
from baicheng_report.dataset.tables import DESCRIPTOR
from baicheng_report.publish.metadata import csvw_tables, ro_crate
from baicheng_report.publish.metadata.site import (
    CLAIMS_CSV,
    DATABASE_FILES,
    DOWNLOADS,
    METADATA_DOWNLOADS,
    PACKAGE_ZIP,
    SITE_EXPORTS,
)
from baicheng_report.report.charts import header_cells, table_box
from baicheng_report.report.i18n import gettext
from baicheng_report.vocabulary.claims import claims

TABLE_FORMATS = tuple(fmt for fmt in SITE_EXPORTS if fmt not in DATABASE_FILES)
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "parquet": "Parquet"}
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time: the zip is reproducible


def write(data_dir: Path, target: Path) -> list[Path]:
    """Beside the exports in `target`: the metadata files, the claims and the package zip."""
    written = []
    for name in METADATA_DOWNLOADS:
        (target / name).write_bytes(guarded.read_bytes(data_dir, name))
        written.append(target / name)
    frame = claims(data_dir=data_dir)
    (target / CLAIMS_CSV).write_text(frame.to_csv(index=False, lineterminator="\n"), "utf-8")
    written.append(target / CLAIMS_CSV)
    written.append(package_zip(data_dir, target / PACKAGE_ZIP))
    return written


def package_zip(data_dir: Path, target: Path) -> Path:
    """The descriptor, every file it lists (tables and source texts) at the path it gives, and
    the other metadata files; entries in a fixed order with a fixed time. Every file is read
    through the guarded reader, so a listed path can never reach outside the data directory."""
    descriptor = json.loads(guarded.read_bytes(data_dir, DESCRIPTOR, guarded.MAX_DESCRIPTOR_BYTES))
    members = [*METADATA_DOWNLOADS, *(r["path"] for r in descriptor["resources"])]
    with zipfile.ZipFile(target, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, guarded.read_bytes(data_dir, member, guarded.MAX_TEXT_BYTES))
    return target


def downloads_html(lang: str = "en") -> str:
    """Two tables of links: each table in each format, then the files of the whole dataset."""
    _ = gettext(lang)
    base = f"../{DOWNLOADS}"
    per_table = "".join(
        f"<tr><td><code>{name}</code></td>"
        + "".join(
            f'<td><a href="{base}/{name}.{fmt}" download>{FORMAT_NAMES[fmt]}</a></td>'
            for fmt in TABLE_FORMATS
        )
        + "</tr>"
        for name in TABLE_NAMES
    )
    tables = table_box(
        f'<table class="downloads"><caption>{_("Each table")}</caption><thead><tr>'
        + header_cells([_("Table"), *(FORMAT_NAMES[fmt] for fmt in TABLE_FORMATS)], lang)
        + f"</tr></thead><tbody>{per_table}</tbody></table>"
    )
    whole = [
        (PACKAGE_ZIP, _("The data package: every table, the source texts and the metadata")),
        (DATABASE_FILES["sqlite"], _("Every table in one SQLite database")),
        (DATABASE_FILES["duckdb"], _("Every table in one DuckDB database")),
        (DESCRIPTOR, _("The Frictionless Data Package descriptor")),
        (csvw_tables.FILE, _("CSV on the Web (CSVW) metadata")),
        (ro_crate.FILE, _("RO-Crate metadata")),
        ("DICTIONARY.md", _("The data dictionary")),
        (CLAIMS_CSV, _("Every number the book states, with its evidence")),
    ]
    rows = "".join(
        f'<tr><td><a href="{base}/{name}" download><code>{name}</code></a></td>'
        f"<td>{html.escape(what)}</td></tr>"
        for name, what in whole
    )
    dataset = table_box(
        f'<table class="downloads"><caption>{_("The whole dataset")}</caption><thead><tr>'
        + header_cells([_("File"), _("What it holds")], lang)
        + f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    return tables + dataset
