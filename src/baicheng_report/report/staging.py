"""Staging: each edition's sources (configuration, executed notebooks, assets) laid out in a
staging folder for Jupyter Book, which never sees the repository's own files."""

from __future__ import annotations

import shutil
from pathlib import Path

from baicheng_report.atomic import write_atomic
from baicheng_report.report import i18n
from baicheng_report.report.cache_keys import BOOK_FOLDERS
from baicheng_report.report.execute import Outcome
from baicheng_report.report.pdf import PDF_LINK_EXTENSION, PDF_NAME
from baicheng_report.report.publish import Layout


def edition_config(layout: Layout, lang: str, langs: tuple[str, ...], pdf: bool) -> str:
    """The book's _config.yml for one edition: its language, title and sibling editions, and
    the link to its PDF when one is printed (none at all otherwise, rather than a dead one)."""
    import yaml

    from baicheng_report.publish.metadata import (
        site as metadata_site,  # pandera: only when building
    )

    _ = i18n.gettext(lang)
    config = yaml.safe_load((layout.root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = _("Policing reform in Baicheng: a traceable report")
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    if pdf:
        config["sphinx"].setdefault("local_extensions", {})[PDF_LINK_EXTENSION] = "book/_ext"
        sphinx["br_pdf"] = PDF_NAME
    sphinx["language"] = i18n.SPHINX_LANGUAGE[lang]
    sphinx["br_edition"] = lang
    sphinx["br_editions"] = list(langs)
    # What the dataset_metadata extension writes, made here, where pandas and pandera are loaded
    # already: each Jupyter Book process is spared importing them (0.7 s).
    sphinx.update(metadata_site.sphinx_config(lang, pdf))
    options = sphinx.setdefault("html_theme_options", {})
    options["search_bar_text"] = _("Search the report")
    sphinx["nb_code_prompt_show"] = _("Show the code")  # the toggles over folded code
    sphinx["nb_code_prompt_hide"] = _("Hide the code")
    return str(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


# Sphinx's and the theme's own words that their Chinese catalogues leave in English: the heading
# links on every page, the colour-mode button, and what the theme writes without gettext, which
# book/_templates passes through it (the sidebar buttons and the navigation's names).
THEME_WORDS = (
    "Link to this heading",
    "Link to this definition",
    "Color mode",
    "System Settings",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Main",
    "Page",
)


def theme_catalogue(lang: str) -> str | None:
    """THEME_WORDS in the edition's language, as a `locales/` catalogue Sphinx reads before its
    own; None for the source language."""
    if lang == i18n.SOURCE_LANG:
        return None
    _ = i18n.gettext(lang)
    entries = "".join(f"\nmsgid {_po(k)}\nmsgstr {_po(_(k))}\n" for k in THEME_WORDS)
    return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries


def _po(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def shared_assets(layout: Layout, stage: Path, data_dir: Path) -> Path:
    """What every edition serves alike, made once: the Vega bundle and the table downloads."""
    from baicheng_report.publish.export import export
    from baicheng_report.publish.metadata import (
        site as metadata_site,  # pandera: only when building
    )
    from baicheng_report.report import charts, downloads

    assets = stage / "assets"
    bundle = layout.cache.parent / (
        f"{charts.BUNDLE_NAME}.{charts.versions()['vega-lite']}.{charts.BUNDLE_FORMAT}"
    )
    if not bundle.is_file():  # kept whole or not at all: every later build copies it
        bundle.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(bundle, charts.vega_bundle().encode("utf-8"))
    assets.mkdir(parents=True)
    shutil.copyfile(bundle, assets / charts.BUNDLE_NAME)
    # the downloads chapter's files, which the JSON-LD distribution lists too
    for fmt in metadata_site.SITE_EXPORTS:
        export(data_dir, assets / "data", fmt)
    downloads.write(data_dir, assets / "data")
    return assets


def stage_edition(  # noqa: PLR0917 - what an edition is made of, passed on as it is
    layout: Layout, edition: Path, lang: str, outcomes: list[Outcome], config: str, assets: Path
) -> Path:
    """One edition's sources (configuration, executed notebooks, assets, the catalogue of the
    theme's words) in `edition`."""
    (edition / "book").mkdir(parents=True)
    (edition / "_config.yml").write_text(config, encoding="utf-8")
    catalogue = theme_catalogue(lang)
    if catalogue is not None:  # where Sphinx looks by default (`locale_dirs`), compiled by it
        messages = edition / "locales" / i18n.SPHINX_LANGUAGE[lang] / "LC_MESSAGES"
        messages.mkdir(parents=True)
        (messages / "sphinx.po").write_text(catalogue, encoding="utf-8")
    shutil.copyfile(layout.root / "_toc.yml", edition / "_toc.yml")
    for folder in BOOK_FOLDERS:  # the assets, templates and extensions the site key covers
        shutil.copytree(
            layout.root / "book" / folder,
            edition / "book" / folder,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copytree(assets, edition / "book" / "_static", dirs_exist_ok=True)
    for outcome in outcomes:
        shutil.copyfile(outcome.output, edition / "book" / f"{outcome.stem}.ipynb")
    return edition
