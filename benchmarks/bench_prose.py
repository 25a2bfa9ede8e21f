"""Prose against code in each chapter's notebook source: non-blank lines of the Markdown a reader
reads (fenced examples aside) against non-blank lines of code cells, the parameters included.
Target: more prose than code in every chapter (a ratio above 1)."""

from __future__ import annotations

from pathlib import Path

from baicheng_report.report.build import chapters, prose_and_code_lines

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0


def main() -> None:
    print("| chapter | prose lines | code lines | prose / code | target |")
    print("|---|---:|---:|---:|---|")
    for stem in chapters(ROOT):
        prose, code = prose_and_code_lines(ROOT / "book" / f"{stem}.md")
        met = "met" if prose > TARGET * code else "missed"
        print(f"| {stem} | {prose} | {code} | {prose / code:.2f} | > {TARGET:g} ({met}) |")


if __name__ == "__main__":
    main()
