"""The errata: the changelog's list of corrections, generated from the `corrections` table.

`python -m baicheng_report.publish.errata [CHANGELOG.md]` rewrites each version's generated block; a
test fails when CHANGELOG.md differs from the table.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

BEGIN = "<!-- corrections {version}: generated from corrections.csv; do not edit -->"
END = "<!-- end of corrections {version} -->"
HEADER = ["table", "row", "column", "old value", "new value", "reason"]


def _cell(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if not text:
        return "(empty)"
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def block(corrections: pd.DataFrame, version: str) -> str:
    """The markdown table of one version's corrections, between its markers."""
    rows = corrections[corrections["version"] == version]
    lines = [
        BEGIN.format(version=version),
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += [
        f"| `{r.table}` | `{r.row_id}` | `{r.column}` | {_cell(r.old_value)} | "
        f"{_cell(r.new_value)} | {_cell(r.reason)} |"
        for r in rows.itertuples()
    ]
    return "\n".join([*lines, "", END.format(version=version)])


def update(changelog: str, corrections: pd.DataFrame) -> str:
    """`changelog` with every version's block regenerated; a version without its markers is an
    error, so a release's corrections cannot go missing from the changelog."""
    for version in dict.fromkeys(corrections["version"]):
        pattern = re.compile(
            re.escape(BEGIN.format(version=version))
            + r".*?"
            + re.escape(END.format(version=version)),
            re.S,
        )
        found = pattern.search(changelog)
        if found is None:
            raise ValueError(f"the changelog has no block for the corrections of {version}")
        changelog = (
            changelog[: found.start()] + block(corrections, version) + changelog[found.end() :]
        )
    return changelog


def main(argv: list[str] | None = None) -> int:
    import baicheng_report as br

    path = Path((argv if argv is not None else sys.argv[1:] or ["CHANGELOG.md"])[0])
    text = path.read_text(encoding="utf-8")
    new = update(text, br.load("corrections"))
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
