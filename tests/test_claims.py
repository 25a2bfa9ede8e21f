"""Every number citable: claims(), the claim links built from it, annotations.jsonld and `cite`.

The values are checked against the tables themselves, never against numbers typed here.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import baicheng_report as br
from baicheng_report.dataset.registry import ANCHORED_TABLES
from baicheng_report.dataset.registry import table as registered
from baicheng_report.dataset.validation import validate_dir
from baicheng_report.report import annotations, i18n, prose, source_view
from baicheng_report.report.build import chapters
from baicheng_report.report.dictionary_view import dictionary_html
from baicheng_report.vocabulary.claims import (
    COLUMNS,
    EDITIONS,
    SHOWN,
    claim_id,
    dictionary_anchor,
    evidence_anchor,
    find,
    record,
    simplified_text,
)
from tests.conftest import ROOT, edition_site, loaded_by

TAG = re.compile(r"<[^>]+>")
ID = re.compile(r'\sid="([^"]+)"')  # not data-id


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return br.claims()


@pytest.fixture(scope="module")
def text() -> str:
    return br.source_text("simplified")


def _row(table: str, row_id: str) -> pd.Series:
    frame = br.load(table)  # type: ignore[arg-type]
    return frame.set_index(registered(table).key, drop=False).loc[row_id]


def _visible(fragment: str) -> str:
    return html.unescape(TAG.sub("", fragment))


def test_claims_is_typed_with_one_row_per_listed_claim(claims: pd.DataFrame) -> None:
    assert list(claims.columns) == list(COLUMNS)
    assert {c: str(t) for c, t in claims.dtypes.items()} == COLUMNS
    assert len(claims) == len(SHOWN) >= 30
    assert claims["claim_id"].is_unique
    assert set(claims["page"]) <= set(chapters(ROOT))
    assert claims.equals(br.claims())  # same inputs, same rows


def test_claim_ids_come_from_table_row_and_column_only(claims: pd.DataFrame) -> None:
    for r in claims.itertuples():
        assert r.claim_id == claim_id(r.table, r.row_id, r.column)
        assert re.fullmatch(r"claim-[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+", r.claim_id)
        for lang in EDITIONS:
            assert getattr(r, f"url_{lang}") == f"{lang}/book/{r.page}.html#{r.claim_id}"
    assert EDITIONS == i18n.LANGS


def test_every_claim_matches_its_row_and_its_evidence(claims: pd.DataFrame, text: str) -> None:
    mentions = br.load("numeric_mentions")
    for r in claims.to_dict(orient="records"):
        row = _row(r["table"], r["row_id"])
        assert (r["evidence"], r["char_start"], r["char_end"]) == (
            row["evidence"],
            row["char_start"],
            row["char_end"],
        )
        assert text[r["char_start"] : r["char_end"]] == r["evidence"]
        facts = registered(r["table"])
        base = facts.counts[r["column"]]
        assert (r["label_en"], r["label_zh"]) == (row[f"{base}_en"], row[f"{base}_zh"])
        cell = row[r["column"]]
        if isinstance(cell, str) and r["value_text"] != cell:  # a number read from words
            inside = mentions[
                (mentions["char_start"] >= r["char_start"])
                & (mentions["char_end"] <= r["char_end"])
                & (mentions["evidence"] == r["value_text"])
            ]
            assert r["value"] in set(inside["value"]), r["claim_id"]
        elif isinstance(cell, str):  # a literal such as 7×24
            assert pd.isna(r["value"]) and r["value_text"] == cell
        else:
            assert r["value"] == float(cell), r["claim_id"]
        if r["column"] == facts.value and facts.unit:  # the figure's unit, as its row holds it
            assert r["unit"] == row[facts.unit], r["claim_id"]
        if r["column"] == facts.value and facts.qualifier:
            assert r["qualifier"] == row[facts.qualifier], r["claim_id"]


def test_the_sentence_holds_the_evidence_and_ends_where_sentences_end(
    claims: pd.DataFrame, text: str
) -> None:
    for r in claims.itertuples():
        assert r.sentence_start <= r.char_start < r.char_end <= r.sentence_end
        sentence = text[r.sentence_start : r.sentence_end]
        assert "\n" not in sentence
        before = text[: r.sentence_start].rstrip("”’ ")
        assert before == "" or before[-1] in "。！？!?;；\n", r.claim_id
        assert sentence.rstrip("”’")[-1] in "。！？!?;；" or text[r.sentence_end] == "\n"


def _directive(url: str) -> tuple[str, str, str, str]:
    """(element id, prefix, phrase, suffix) of `page#id:~:text=prefix-,phrase,-suffix`."""
    fragment = url.split("#", 1)[1]
    element, directive = fragment.split(":~:text=")
    prefix, phrase, suffix = directive.split(",")
    assert prefix.endswith("-") and suffix.startswith("-")
    unquote = urllib.parse.unquote
    return element, unquote(prefix[:-1]), unquote(phrase), unquote(suffix[1:])


def test_each_text_fragment_spells_its_evidence_item_in_the_source_chapter(
    claims: pd.DataFrame, text: str
) -> None:
    listing = source_view.evidence_list(text, br.load_all())
    items = {
        anchor: _visible(body)
        for anchor, body in re.findall(r'<li id="([^"]+)"[^>]*>(.*?)</li>', listing)
    }
    for r in claims.itertuples():
        for lang in EDITIONS:
            url = getattr(r, f"source_url_{lang}")
            assert url.startswith(f"{lang}/book/source.html#")
            element, prefix, phrase, suffix = _directive(url)
            assert element == evidence_anchor(r.table, r.row_id)
            assert phrase == r.evidence
            # the whole item, so the match is this item: its row id, offsets and context
            assert prefix + phrase + suffix == items[element], r.claim_id
            assert sum(prefix + phrase + suffix in item for item in items.values()) == 1


def test_claims_imports_no_report_or_validation_stack() -> None:
    heavy = {"pandera", "altair", "papermill", "jupyter_book", "nbformat", "opencc", "click"}
    assert loaded_by("import baicheng_report as br; br.claims()", heavy | {"IPython", "yaml"}) == []


def test_br_claims_stays_the_function_when_the_module_is_imported() -> None:
    code = (
        "import baicheng_report as br; import baicheng_report.vocabulary.claims; "
        "from baicheng_report.report import prose; print(len(br.claims()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == len(SHOWN)


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_claim_link_and_popover_are_built_from_the_claim(
    claims: pd.DataFrame, lang: str
) -> None:
    fields = set(ID.findall(dictionary_html(lang)))
    for r in claims.to_dict(orient="records"):
        row = _row(r["table"], r["row_id"])
        link = prose.claim(r["table"], row, r["column"], r["value_text"], lang=lang)
        cid = r["claim_id"]
        assert f'id="{cid}" aria-describedby="{cid}-note">' in link
        assert f'id="{cid}-note"' in link and f'id="{cid}-popover" hidden' in link
        note = re.search(rf'<span class="claim-note" id="{cid}-note">(.*?)</q></span>', link)
        assert note, cid
        assert f'<mark class="claim-phrase">{html.escape(r["evidence"])}</mark>' in note.group(1)
        assert r[f"label_{lang}"] in _visible(note.group(1))
        source = r[f"source_url_{lang}"].split("/book/", 1)[1]
        assert f'href="{html.escape(source)}"' in link
        anchor = dictionary_anchor(r["table"], r["column"])
        assert f'href="dictionary.html#{anchor}"' in link and anchor in fields
        assert f'href="#{cid}"' in link  # the permalink
        # its tooltip says what it is in the reader's words, not the cell's address
        title = re.search(r'class="claim-permalink" [^>]*title="([^"]*)"', link)
        assert title and title.group(1) == i18n.gettext(lang)("Link to this figure"), cid
        assert f"{r['table']}.{r['row_id']}" not in title.group(1)


def test_a_number_the_claims_do_not_list_is_refused(claims: pd.DataFrame) -> None:
    metrics = br.load("metrics").set_index("metric_id", drop=False)
    listed = set(claims.loc[claims["table"] == "metrics", "row_id"])
    unlisted = next(mid for mid in metrics.index if mid not in listed)
    with pytest.raises(KeyError, match=f"metrics.{unlisted}.value is not in claims.SHOWN"):
        prose.claim("metrics", metrics.loc[unlisted], "value")


def test_the_dictionary_has_one_anchor_per_column() -> None:
    ids = ID.findall(dictionary_html("en"))
    assert len(ids) == len(set(ids))
    for name in br.list_tables():
        for column in br.load(name).columns:
            assert dictionary_anchor(name, column) in ids


# --- annotations.jsonld ---------------------------------------------------------------------

# The W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld) terms the export uses:
# properties, classes and the motivation, as the Web Annotation Vocabulary defines them.
W3C_PROPERTIES = {
    "id",
    "type",
    "label",
    "total",
    "first",
    "items",
    "startIndex",
    "motivation",
    "body",
    "target",
    "source",
    "selector",
    "format",
    "language",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "value",
}
W3C_CLASSES = {
    "AnnotationCollection",
    "AnnotationPage",
    "Annotation",
    "SpecificResource",
    "Text",
    "TextQuoteSelector",
    "TextPositionSelector",
}


def _keys_and_types(node: Any) -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    types: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            keys.add(key)
            if key == "type":
                types.add(value)
            sub_keys, sub_types = _keys_and_types(value)
            keys |= sub_keys
            types |= sub_types
    elif isinstance(node, list):
        for item in node:
            sub_keys, sub_types = _keys_and_types(item)
            keys |= sub_keys
            types |= sub_types
    return keys, types


def check_selectors(document: dict[str, Any], served: str) -> int:
    """Re-check every selector of the collection against the served text; return the count."""
    checked = 0
    for item in document["first"]["items"]:
        quote, position = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert served[start:end] == quote["exact"], item["id"]
        assert served[start - len(quote["prefix"]) : start] == quote["prefix"], item["id"]
        assert served[end : end + len(quote["suffix"])] == quote["suffix"], item["id"]
        whole = quote["prefix"] + quote["exact"] + quote["suffix"]
        assert served.count(whole) == 1, item["id"]
        checked += 1
    return checked


def test_annotations_are_one_per_fact_row_with_selectors_that_match(text: str) -> None:
    document = annotations.collection()
    rows = sum(len(br.load(table)) for table in ANCHORED_TABLES)
    assert document["total"] == len(document["first"]["items"]) == rows
    assert len({item["id"] for item in document["first"]["items"]}) == rows
    assert check_selectors(document, text) == rows
    for item in document["first"]["items"]:
        table, row_id = item["id"][1:].split(".")
        row = _row(table, row_id)
        position = item["target"]["selector"][1]
        assert (position["start"], position["end"]) == (row["char_start"], row["char_end"])
        assert item["target"]["source"]["id"] == annotations.TEXT_FILE


def test_annotation_bodies_carry_every_claim_with_its_urls(claims: pd.DataFrame) -> None:
    document = annotations.collection()
    bodies = {
        (body["table"], body["row"], body["column"]): body
        for item in document["first"]["items"]
        for body in item["body"]
        if "column" in body
    }
    assert len(bodies) == len(claims)
    for r in claims.to_dict(orient="records"):
        body = bodies[(r["table"], r["row_id"], r["column"])]
        expected = r["value_text"] if pd.isna(r["value"]) else r["value"]
        assert body["value"] == expected
        assert body.get("unit") == (r["unit"] if isinstance(r["unit"], str) else None)
        assert body.get("qualifier") == (
            r["qualifier"] if isinstance(r["qualifier"], str) else None
        )
        assert [c["id"] for c in body["claim"]] == [f"../{r[f'url_{lang}']}" for lang in EDITIONS]
        assert [c["language"] for c in body["claim"]] == [i18n.HTML_LANG[x] for x in EDITIONS]
        assert body["shown"] == [
            {"value": r[f"text_{x}"], "language": i18n.HTML_LANG[x]} for x in EDITIONS
        ]
    only_en = annotations.collection(langs=("en",))
    assert all(
        len(body["claim"]) == 1
        for i in only_en["first"]["items"]
        for body in i["body"]
        if "claim" in body
    )


def test_annotations_are_json_ld_in_the_w3c_vocabulary() -> None:
    document = annotations.collection()
    text = json.dumps(document, ensure_ascii=False, allow_nan=False)  # no NaN, plain JSON
    assert json.loads(text) == document
    w3c, own = document["@context"]
    assert w3c == "http://www.w3.org/ns/anno.jsonld"
    prefix = own["br"]
    assert urllib.parse.urlparse(prefix).scheme == "https" and prefix.endswith("#")
    for term, definition in own.items():
        if term != "br":
            iri = definition["@id"] if isinstance(definition, dict) else definition
            assert iri == f"br:{term}", term  # a compact IRI on the dataset's namespace
    keys, types = _keys_and_types(document)
    assert keys - W3C_PROPERTIES - set(own) == set()  # no term a JSON-LD processor would drop
    assert types == W3C_CLASSES
    assert {item["motivation"] for item in document["first"]["items"]} == {"describing"}
    assert not W3C_PROPERTIES & set(own)  # the dataset's terms never redefine the W3C ones


# --- the built book --------------------------------------------------------------------------


def _claim_ids(page: str) -> list[str]:
    return re.findall(r'<a class="claim" [^>]*\bid="([^"]+)"', page)


@pytest.mark.slow
@pytest.mark.parametrize("lang", EDITIONS)
def test_the_book_shows_exactly_the_listed_claims_each_on_its_page(
    built_book: Path, claims: pd.DataFrame, lang: str
) -> None:
    site = edition_site(built_book, lang)
    for stem in chapters(built_book):
        page = (site / "book" / f"{stem}.html").read_text(encoding="utf-8")
        shown = _claim_ids(page)
        assert len(shown) == len(set(shown)) == page.count('<a class="claim" '), stem
        assert sorted(shown) == sorted(claims.loc[claims["page"] == stem, "claim_id"]), stem
        ids = ID.findall(page)
        assert len(ids) == len(set(ids)), stem
    dictionary = (site / "book" / "dictionary.html").read_text(encoding="utf-8")
    for r in claims.itertuples():
        assert f'id="{dictionary_anchor(r.table, r.column)}"' in dictionary


@pytest.mark.slow
@pytest.mark.parametrize("lang", EDITIONS)
def test_each_edition_serves_the_text_and_the_annotations(built_book: Path, lang: str) -> None:
    site = edition_site(built_book, lang)
    served = (site / annotations.TEXT_FILE).read_bytes()
    assert (
        served == (Path(br.data_path("metrics")).parent / "source" / "simplified.txt").read_bytes()
    )
    assert not served.startswith(b"\xef\xbb\xbf")  # no BOM: offsets count from the first character
    text = served.decode("utf-8")
    assert text == simplified_text()
    document = json.loads((site / annotations.ANNOTATIONS_FILE).read_text(encoding="utf-8"))
    assert document == annotations.collection()
    assert check_selectors(document, text) == document["total"]
    for item in document["first"]["items"]:
        for body in item["body"]:
            for claim in body.get("claim", []):
                target = (site / claim["id"].split("#")[0]).resolve()
                assert target.is_file(), claim["id"]


def test_a_claimed_value_without_its_label_is_refused(data_copy: Path) -> None:
    """What a value counts is data: a claimed cell whose label is empty is not shown with the
    row's place name instead, it is refused by name."""
    path = data_copy / "service_tiers.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["tier_id"] == "workstations", "circle_label_zh"] = ""
    frame.to_csv(path, index=False, lineterminator="\n")
    row = br.load("service_tiers").set_index("tier_id", drop=False).loc["workstations"].to_dict()
    row["circle_label_zh"] = None
    shown = find("service_tiers", "workstations", "service_circle_minutes")
    with pytest.raises(ValueError, match=r"workstations\.circle_label_zh is empty"):
        record(shown, row, simplified_text())
    failures = validate_dir(data_copy, check_package=False)
    assert [f.rule_id for f in failures if f.file == "service_tiers.csv"] == [
        "service_tiers.figures_labelled"
    ]


def test_the_two_households_link_to_their_numeral_labelled_as_households(text: str) -> None:
    """Review finding 3: 两户 is a numeral no fact's column holds. Its claim is the numeral's own
    row of numeric_mentions, says it counts the households in the dispute, and its popover
    lands on that numeral's item in the source chapter, not on the workstation case's."""
    mentions = br.load("numeric_mentions")
    numeral = mentions[mentions["evidence"] == "两户"].iloc[0]
    households = br.claims().query("value_text == '两户'")
    assert len(households) == 1
    r = households.iloc[0].to_dict()
    assert (r["table"], r["row_id"], r["column"]) == (
        "numeric_mentions",
        numeral["mention_id"],
        "value",
    )
    assert (r["label_en"], r["label_zh"]) == (numeral["label_en"], numeral["label_zh"])
    assert "household" in r["label_en"].lower() and "户" in r["label_zh"]
    assert (r["char_start"], r["char_end"]) == (numeral["char_start"], numeral["char_end"])
    item = evidence_anchor("numeric_mentions", numeral["mention_id"])
    listing = source_view.evidence_list(text, br.load_all())
    assert re.search(rf'<li id="{item}"[^>]*>.*?<mark class="evidence">两户</mark>', listing)
    for lang in EDITIONS:
        link = prose.claim("numeric_mentions", numeral, "value", lang=lang)
        assert f'href="source.html#{item}"' in link  # the claim itself
        assert f'href="source.html#{item}:~:text=' in link  # the popover's evidence link
        assert r[f"label_{lang}"] in _visible(link)
        assert "response_cases" not in link  # not the case's row, nor its evidence
