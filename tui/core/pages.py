"""A web page saved from a browser: its story text and what the page says about itself.

trafilatura finds the main text and leaves navigation, ads, cookie banners, related
links, comments and footers out. On the pages in tests/fixtures/inputs/ it kept every
story sentence and let no chrome through, where readability-lxml let the inline ads
through and gives no author, date or site name. The saved file is only read, never changed.
"""

from __future__ import annotations

import logging

# The extractor's own log lines ("discarding data", "empty HTML tree") would reach the
# terminal under the app's screen; what matters to the analyst is said as a Problem.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def extract(html: str | bytes) -> tuple[str, dict[str, str]] | None:
    """The page's story text (a blank line between paragraphs) and its fields (title,
    author, date, source, url); None when the page has no story text."""
    import trafilatura  # lxml and friends: loaded only when a folder holds a page

    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                           favor_precision=True, with_metadata=True)
    # a dict only with as_dict=True, which is not asked for
    if document is None or isinstance(document, dict) or not (text := document.text or "").strip():
        return None
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    fields = {"title": document.title, "author": document.author, "date": document.date,
              "source": document.sitename, "url": document.url}
    return "\n\n".join(paragraphs), {k: v for k, v in fields.items() if isinstance(v, str) and v.strip()}
