"""Jupyter Book runs each edition's builders in one process (`report.jupyter_book_run`): every
builder asked for is built, a Sphinx warning fails the edition with its name and the warning,
before any later builder runs, and the process loads no data stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baicheng_report.report.errors import BuildError
from baicheng_report.report.rendering import jupyter_book

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
import json
from pathlib import Path

def setup(app):
    def record(app, error):
        loaded = sorted(set(sys.modules) & {"pandas", "pandera", "numpy"})
        (Path(app.srcdir) / "modules.json").write_text(json.dumps(loaded))
    app.connect("build-finished", record)
"""


def test_an_editions_jupyter_book_process_loads_no_data_stack(tmp_path: Path) -> None:
    """Jupyter Book runs once per edition, with the book's own extensions; what they write from
    the data (citation tags, the Dataset JSON-LD, the edition's URL) the build hands them in the
    configuration, so the process never imports pandas or pandera (0.7 s of its 2 s)."""
    import yaml

    from tests.conftest import ROOT

    book = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]
    edition = _edition(tmp_path / "en", "# A page\n\nText.\n")
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "modules_loaded.py").write_text(PROBE, encoding="utf-8")
    extensions = {name: str(ROOT / path) for name, path in book["local_extensions"].items()}
    config = {
        "title": "A page",
        "execute": {"execute_notebooks": "off"},
        "sphinx": {
            "local_extensions": {**extensions, "modules_loaded": str(tmp_path / "probe")},
            "extra_extensions": book["extra_extensions"],
            "config": {
                "br_edition": "en",
                "br_edition_url": "https://example.org/en/",
                "br_citation_tags": '<meta name="citation_title" content="A page">',
                "br_dataset_script": '<script type="application/ld+json">{}</script>',
            },
        },
    }
    (edition / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = jupyter_book(edition)
    page = (built / "html" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_title" content="A page">' in page  # the extensions ran
    assert "Report a problem" in page
    assert json.loads((edition / "modules.json").read_text(encoding="utf-8")) == []
