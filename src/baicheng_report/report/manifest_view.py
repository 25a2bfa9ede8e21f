"""The reproducibility chapter's tables: what the build manifest records, and the corrections."""

from __future__ import annotations

from typing import Any

import pandas as pd

from baicheng_report.report.charts import data_table
from baicheng_report.report.i18n import gettext
from baicheng_report.vocabulary.render import yes_no


def versions_table(record: dict[str, Any], lang: str = "en") -> str:
    """The dataset's and the package's versions, Python's, and every pinned dependency's."""
    _ = gettext(lang)
    rows = [
        (_("dataset"), record.get("dataset_version")),
        (_("package"), record.get("package_version")),
        ("python", record.get("python")),
        *sorted(record.get("dependencies", {}).items()),
    ]
    frame = pd.DataFrame(rows, columns=[_("Component"), _("Version")])
    return data_table(frame, _("Versions"), lang=lang)


def files_table(record: dict[str, Any], lang: str = "en") -> str:
    """The source and every table, by the SHA-256 the build read them with."""
    _ = gettext(lang)
    frame = pd.DataFrame(sorted(record.get("files", {}).items()), columns=[_("File"), "SHA-256"])
    return data_table(frame, _("Source and tables, by SHA-256"), lang=lang)


def timings_table(record: dict[str, Any], lang: str = "en") -> str:
    """How long each chapter took to execute, and whether it came from the cache: each chapter by
    its title and the cache by yes or no, in the edition's words (the manifest keeps the codes)."""
    _ = gettext(lang)
    rows = [
        (n["title"], n["seconds"], yes_no(n["cached"], lang)) for n in record.get("notebooks", [])
    ]
    frame = pd.DataFrame(rows, columns=[_("Chapter"), _("Execution (s)"), _("From cache")])
    return data_table(frame, _("Per-chapter execution time (varies between builds)"), lang=lang)


def corrections_table(corrections: pd.DataFrame, lang: str = "en") -> str:
    """Every value changed since the first release, with the reason in the edition's language."""
    _ = gettext(lang)
    reason = "reason" if lang == "en" else "reason_zh"
    frame = corrections.fillna("")[
        ["version", "table", "row_id", "column", "old_value", "new_value", reason]
    ]
    frame.columns = [
        _("Version"),
        _("Table"),
        _("Row"),
        _("Column"),
        _("Old value"),
        _("New value"),
        _("Reason"),
    ]
    return data_table(frame, _("Corrections since the first release"), lang=lang)
