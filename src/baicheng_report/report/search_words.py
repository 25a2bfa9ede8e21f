"""The words the Chinese edition's search must know whole: the article's terms and names.

Sphinx's Chinese search cuts the text into words with jieba. A name jieba does not know is cut
into pieces (长庆桥 → 长庆 · 桥, 四季华城 → 四季 · 华城), and a search for the whole name then
finds nothing. The glossary's terms and the tables' place, unit and person names are therefore
handed to jieba as a user dictionary, made from the tables at build time.

Each name is split the way the search page splits a query (at anything that is not a letter,
a digit, `_` or `+`; see `search_index.py` in the book's extensions), so a name with a
separator (民警代办、辅警捎办) yields the words a reader would type. Plain Latin words and
numbers are left out: Sphinx indexes those itself.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from baicheng_report.dataset import registry

# table -> its columns that hold terms or names in Chinese (the registry's `search`)
NAME_COLUMNS: dict[str, tuple[str, ...]] = {t.name: t.search for t in registry.TABLES if t.search}
_SEPARATORS = re.compile(r"[^\w+]+")  # what the search page splits a query at
_PLAIN_LATIN = re.compile(r"[A-Za-z0-9_]+")


def words(name: str) -> list[str]:
    """The words of one name that the segmenter must know: each run between separators, and
    each part of a run joined by `+` (1+N, 警力+民力 → 警力, 民力), in order of appearance."""
    found: list[str] = []
    for piece in _SEPARATORS.split(name):
        run = piece.strip("+")
        for word in (run, *run.split("+")):
            if len(word) >= 2 and not _PLAIN_LATIN.fullmatch(word) and word not in found:
                found.append(word)
    return found


def names(tables_dir: Path) -> Iterator[str]:
    """Every value of the name columns, read from the tables' CSV files in `tables_dir`."""
    for table, columns in NAME_COLUMNS.items():
        with (tables_dir / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield from (row[column] for column in columns if row[column])


def user_dictionary(values: Iterable[str]) -> str:
    """A jieba user dictionary: one word a line, sorted, so equal tables give equal bytes. No
    frequency is given: jieba then picks one just high enough to keep each word whole."""
    found = {word for value in values for word in words(value)}
    return "".join(f"{word}\n" for word in sorted(found))
