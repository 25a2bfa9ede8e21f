"""How cost grows with the data: synthetic corpora of 1, 10, 100 and 1,000 articles.

Each corpus is the packaged data with every table's rows repeated once an article, each copy
under a new `source_id` (and keys made unique, the references among tables following them), the
archived article copied once an article under its own file name, and datapackage.json brought in
line with the files (bytes and SHA-256). Nothing is worked around: where the code assumes one
article, validation says so, and the failures are listed below the curve by rule.

Measured, each in a fresh interpreter that first imports everything and runs the same step once on
the packaged data (so pandera's schema builds and imports are not counted): `validate_dir`,
`load_all` and the claims frame (`claims()`). Time is one run (the largest corpus takes minutes);
memory is the growth of peak resident memory during the step (ru_maxrss: pandas' Arrow strings
are invisible to tracemalloc). Per row: divided by every table's rows together. Flat per-row
figures mean linear cost; a per-row figure that grows with the corpus is a cost above linear.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from baicheng_report import hashing
from baicheng_report.dataset import registry
from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.dataset.tables import DESCRIPTOR
from baicheng_report.source import text as source

SIZES = tuple(int(n) for n in os.environ.get("BENCH_ARTICLES", "1,10,100,1000").split(","))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "900"))  # seconds a step may take
STEPS = ("validate", "load", "claims")


# A row of any table is named by two columns: `table` and `row_id`, or `<x>_table` and `<x>_id`.
def _row_references(header: list[str]) -> list[tuple[str, str]]:
    """(id column, table column) pairs of a table's header."""
    return [
        ("row_id" if column == "table" else column.removesuffix("_table") + "_id", column)
        for column in header
        if column == "table" or column.endswith("_table")
    ]


def article_id(k: int) -> str:
    """A `source_id` for the k-th copy: 16 hex digits, as the schema asks."""
    return hashing.sha256(f"synthetic article {k}".encode())[:16]


def _new_key(value: str, k: int, table: str) -> str:
    """The k-th copy's key in `table`: the first copy keeps the article's own keys (the book's
    claims name them) but not its `source_id`; numbered keys (r001, n001, c001) count on by a
    thousand a copy, named ones get a suffix."""
    if table == "sources":
        return article_id(k)
    if k == 0:
        return value
    if value[:1] in "rnc" and value[1:].isdigit():
        return f"{value[0]}{int(value[1:]) + 1000 * k:03d}"
    return f"{value}_a{k}"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _repeat(name: str, rows: list[dict[str, str]], n: int) -> list[dict[str, str]]:
    table = registry.table(name)
    named = {table.key: name, **table.foreign_keys}
    out = []
    for k in range(n):
        for row in rows:
            copy = dict(row)
            for column, target in named.items():
                copy[column] = _new_key(row[column], k, target)
            for column, target_column in _row_references(list(row)):
                if row[column]:
                    copy[column] = _new_key(row[column], k, row[target_column])
            if name == "sources":
                copy["file"] = f"source/{k:03d}_{article_id(k)}.txt"
            out.append(copy)
    return out


def make_corpus(root: Path, n: int) -> tuple[Path, int]:
    """The corpus of `n` articles under `root`, and its number of rows (every table's)."""
    data = root / f"articles-{n}"
    shutil.copytree(package_data_dir(), data)
    raw = (data / source.RAW_FILE).read_bytes()
    for k in range(n):
        (data / "source" / f"{k:03d}_{article_id(k)}.txt").write_bytes(raw)
    total = 0
    for name in registry.TABLE_NAMES:
        path = data / f"{name}.csv"
        header, rows = _rows(path)
        repeated = _repeat(name, rows, n)
        total += len(repeated)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(repeated)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    _rehash(data)
    return data, total


def _rehash(data: Path) -> None:
    """datapackage.json in line with the files as they are: bytes and SHA-256."""
    path = data / DESCRIPTOR
    desc = json.loads(path.read_bytes())
    for res in desc["resources"]:
        file = data / res["path"]
        if file.is_file():
            content = file.read_bytes()
            res["bytes"], res["hash"] = len(content), "sha256:" + hashing.sha256(content)
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _step(step: str, data: Path | None) -> Any:
    import baicheng_report as br
    from baicheng_report.dataset.validation import validate_dir

    if step == "validate":
        return validate_dir(data) if data else validate_dir(package_data_dir())
    if step == "load":
        return br.load_all(data_dir=data)
    return br.claims(data_dir=data)


def measure(step: str, data: Path) -> dict[str, Any]:
    """In this interpreter: `step` once on the packaged data, then timed on `data`."""
    _step(step, None)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    failures: Counter[str] = Counter()
    example: dict[str, str] = {}
    try:
        result = _step(step, data)
        if step == "validate":
            for failure in result:
                failures[failure.rule_id] += 1
                example.setdefault(failure.rule_id, str(failure)[:160])
    except Exception as err:  # a step that cannot run at this size says why
        failures[type(err).__name__] += 1
        example.setdefault(type(err).__name__, str(err).splitlines()[0][:160])
    seconds = time.perf_counter() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {"seconds": seconds, "kib": grown, "failures": failures, "examples": example}


def _in_fresh_interpreter(step: str, data: Path) -> dict[str, Any]:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import bench_growth as b; "
        "from pathlib import Path; print(json.dumps(b.measure(sys.argv[2], Path(sys.argv[3]))))"
    )
    here = str(Path(__file__).parent)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, here, step, str(data)],
            capture_output=True,
            text=True,
            check=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": None, "kib": None, "failures": {}, "examples": {}}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cell(result: dict[str, Any], rows: int) -> str:
    if result["seconds"] is None:
        return f"> {TIMEOUT:.0f} s | – | – | –"
    seconds, kib = result["seconds"], result["kib"]
    return (
        f"{seconds:.3f} s | {seconds / rows * 1e6:.1f} µs | {kib / 1024:.1f} MB | "
        f"{kib * 1024 / rows:.0f} B"
    )


def main() -> None:
    header = " | ".join(f"{s} time | {s} per row | {s} peak memory | {s} per row" for s in STEPS)
    print(f"| articles | rows | {header} |")
    print("|---" * (2 + 4 * len(STEPS)) + "|")
    found: dict[tuple[str, str], dict[int, int]] = {}
    examples: dict[tuple[str, str], str] = {}
    with tempfile.TemporaryDirectory(prefix="br-growth-") as tmp:
        for n in SIZES:
            data, rows = make_corpus(Path(tmp), n)
            results = {step: _in_fresh_interpreter(step, data) for step in STEPS}
            print(
                f"| {n:,} | {rows:,} | " + " | ".join(_cell(results[s], rows) for s in STEPS) + " |"
            )
            for step, result in results.items():
                for rule, count in result["failures"].items():
                    found.setdefault((step, rule), {})[n] = count
                    examples.setdefault((step, rule), result["examples"][rule])
            shutil.rmtree(data)
    print()
    print("Where the code assumes one article (failures and errors by corpus size, as they are):")
    print()
    print("| step | rule | " + " | ".join(f"{n:,} articles" for n in SIZES) + " | first failure |")
    print("|---" * (3 + len(SIZES)) + "|")
    for (step, rule), counts in sorted(found.items()):
        cells = " | ".join(f"{counts.get(n, 0):,}" for n in SIZES)
        example = examples[(step, rule)].replace("|", "\\|")
        print(f"| {step} | {rule} | {cells} | {example} |")


if __name__ == "__main__":
    main()
