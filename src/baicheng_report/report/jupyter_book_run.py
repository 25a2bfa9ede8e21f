"""Jupyter Book's builders for one staged edition, one after another in one process: the
single-page build the PDF is printed from reuses the site build's imports and parsed pages
(about 2.5 s an edition, against a new interpreter for each).

    python -m baicheng_report.report.jupyter_book_run EDITION BUILDER [BUILDER ...]

Warnings are errors (-n -W --keep-going); the first builder that fails ends the run with exit 1
after Jupyter Book's own report."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from jupyter_book.cli.main import build

    edition, *builders = argv
    for builder in builders:
        options = ["--path-output", edition, "--builder", builder, "-n", "-W", "--keep-going"]
        try:
            build.main([edition, *options, "-q"], standalone_mode=False)
        except SystemExit as stop:  # a failed Sphinx build: Jupyter Book exits with its code
            if stop.code:
                return 1
        except Exception as error:  # what Jupyter Book raises for a failed build, as text
            print(error, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
