""" "Report a problem": a link to a new issue on the repository, prefilled through the issue form
`.github/ISSUE_TEMPLATE/data-error.yml` (GitHub fills a form field from the query parameter
named by its id). Every page and every claim's popover carries one."""

from __future__ import annotations

import html
from urllib.parse import quote, urlencode

from baicheng_report.meta import DATASET
from baicheng_report.report.i18n import gettext

FORM = "data-error.yml"
# The form's field ids, in its order; a test holds the form to them.
FIELDS = ("claim", "table", "row", "column", "current", "evidence", "page", "edition")


def issue_url(*, page: str, edition: str, **cell: str) -> str:
    """A new issue about `page` of `edition`; `cell` may name the claim and its table, row,
    column, current value and evidence (keys of FIELDS), which fill the form's fields."""
    unknown = set(cell) - set(FIELDS)
    if unknown:
        raise ValueError(f"not a field of the issue form: {', '.join(sorted(unknown))}")
    values = {**cell, "page": page, "edition": edition}
    address = ".".join(cell.get(key, "") for key in ("table", "row", "column"))
    title = f"Data error: {address}" if cell.get("table") else f"Problem on {page}"
    query = {"template": FORM, "title": title}
    query.update({key: values[key] for key in FIELDS if values.get(key)})
    return f"{DATASET.repository}/issues/new?{urlencode(query, quote_via=quote)}"


def page_link(edition: str, pagename: str) -> str:
    """The foot of every page: a report about the page, in the edition's language."""
    _ = gettext(edition)
    url = issue_url(page=f"{DATASET.edition_url(edition)}{pagename}.html", edition=edition)
    return (
        f'<p class="report-problem"><a href="{html.escape(url)}" rel="nofollow">'
        f"{_('Report a problem with this page')}</a></p>"
    )
