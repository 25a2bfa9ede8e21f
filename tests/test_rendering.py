"""Jupyter Book runs each edition's builders in one process (`report.jupyter_book_run`): every
builder asked for is built, a Sphinx warning fails the edition with its name and the warning,
before any later builder runs, and the process loads no data stack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from baicheng_report.dataset.paths import package_data_dir
from baicheng_report.meta import DATASET
from baicheng_report.publish.metadata import site as metadata_site
from baicheng_report.report import i18n
from baicheng_report.report.errors import BuildError
from baicheng_report.report.pdf import PDF_NAME
from baicheng_report.report.publish import layout_for
from baicheng_report.report.rendering import jupyter_book
from baicheng_report.report.staging import edition_config, stage_edition
from tests.conftest import EDITIONS, ROOT

pytestmark = pytest.mark.slow  # Jupyter Book itself, about 3 s


def _edition(folder: Path, page: str) -> Path:
    folder.mkdir()
    (folder / "_config.yml").write_text(
        'title: A page\nexecute:\n  execute_notebooks: "off"\n', encoding="utf-8"
    )
    (folder / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (folder / "index.md").write_text(page, encoding="utf-8")
    return folder


def test_each_builder_asked_for_is_built(tmp_path: Path) -> None:
    built = jupyter_book(_edition(tmp_path / "en", "# A page\n\nText.\n"), ("html", "singlehtml"))
    for builder in ("html", "singlehtml"):
        assert "Text." in (built / builder / "index.html").read_text(encoding="utf-8")


def test_a_warning_fails_the_edition_by_name_before_the_next_builder(tmp_path: Path) -> None:
    edition = _edition(tmp_path / "zh", "# A page\n\nSee {doc}`nowhere`.\n")
    with pytest.raises(BuildError) as failed:
        jupyter_book(edition, ("html", "singlehtml"))
    message = str(failed.value)
    assert message.startswith("jupyter-book build of the zh edition failed (warnings are errors)")
    assert "unknown document: 'nowhere'" in message
    assert not (edition / "_build" / "singlehtml").exists()


PROBE = """import json, sys
from pathlib import Path

def setup(app):
    def record(app, error):
        loaded = sorted(set(sys.modules) & {"pandas", "pandera", "numpy"})
        (Path(app.srcdir) / "modules.json").write_text(json.dumps(loaded))
    app.connect("build-finished", record)
"""


# A page with a section (the theme then adds the page's contents and their sidebar button) and a
# folded code cell, as the chapters fold their plumbing.
PAGE = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---
# A page

Text.

## A section

```{code-cell} python3
:tags: [hide-input]
print("folded")
```
"""
# The words Sphinx and the theme write in English whatever the edition, as this page carries
# them (staging.THEME_WORDS less "Link to this definition": the page defines no term).
PAGE_WORDS = {
    "Link to this heading": 'title="{}"',
    "Color mode": 'title="{}"',
    "System Settings": "{}",
    "Toggle primary sidebar": 'title="{}"',
    "Toggle secondary sidebar": 'title="{}"',
    "Main": 'aria-label="{}"',
    "Page": 'aria-label="{}"',
}


def _one_page_edition(tmp_path: Path, lang: str, staged: bool = True) -> tuple[str, list[str]]:
    """An edition staged as the build stages one (its configuration, with the PDF link; the
    book's extensions; the tables the Chinese search reads), one page in place of the chapters,
    built by Jupyter Book with a probe of what the process imported. Not `staged`: without what
    the build hands the extensions, as a plain `jupyter-book build` of the book runs. Returns
    the page and the data stack's modules the process loaded."""
    import yaml

    layout = layout_for(ROOT, tmp_path / "out")
    config = yaml.safe_load(edition_config(layout, lang, EDITIONS, pdf=True))
    if not staged:
        for name in metadata_site.sphinx_config(lang, pdf=True):
            del config["sphinx"]["config"][name]
    config["sphinx"]["local_extensions"]["modules_loaded"] = str(tmp_path / "probe")
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "modules_loaded.py").write_text(PROBE, encoding="utf-8")
    assets = tmp_path / "assets"
    shutil.copytree(package_data_dir(), assets / "data", ignore=shutil.ignore_patterns("*.json"))
    edition = stage_edition(layout, tmp_path / lang, lang, [], yaml.safe_dump(config), assets)
    (edition / "_toc.yml").write_text("format: jb-book\nroot: book/index\n", encoding="utf-8")
    (edition / "book" / "index.md").write_text(PAGE, encoding="utf-8")
    page = (jupyter_book(edition) / "html" / "book" / "index.html").read_text(encoding="utf-8")
    return page, json.loads((edition / "modules.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", EDITIONS)
def test_an_editions_jupyter_book_process_loads_no_data_stack(lang: str, tmp_path: Path) -> None:
    """Jupyter Book runs once per edition, with the book's own extensions; what they write from
    the data (citation tags, the Dataset JSON-LD, the edition's URL) the build hands them in the
    configuration, so the process never imports pandas or pandera (0.7 s of its 2 s)."""
    page, loaded = _one_page_edition(tmp_path, lang)
    assert "citation_title" in page and "application/ld+json" in page  # the extensions ran
    assert 'class="report-problem"' in page and PDF_NAME in page
    assert loaded == []
    # Sphinx's and the theme's own words, in the edition's language: its catalogue leaves these
    # in English, or the theme writes them without one; the staged `locales/` catalogue and
    # book/_templates give them (heading links, the colour button, sidebar buttons, navigation)
    catalogue = i18n.catalogue(lang)
    for english, where in PAGE_WORDS.items():
        assert (where.format(english) in page) is (lang == "en"), english
        assert where.format(catalogue.get(english, english)) in page, english
    # a folded cell's toggle is named by the words it shows, not by myst-nb's English label
    assert "Toggle hidden content" not in page
    shown = catalogue.get("Show the code", "Show the code")
    assert f'<summary>\n<p class="collapsed admonition-title">{shown}</p>' in page


def test_a_plain_jupyter_book_build_makes_the_metadata_itself(tmp_path: Path) -> None:
    """Without the build's configuration (a plain `jupyter-book build` of the book, as the build
    benchmark's baseline runs it), the extensions make the same tags themselves."""
    page, _ = _one_page_edition(tmp_path, "en", staged=False)
    assert "citation_title" in page and "application/ld+json" in page
    assert f'content="{DATASET.edition_url("en")}' in page  # opengraph's og:url, from the base
