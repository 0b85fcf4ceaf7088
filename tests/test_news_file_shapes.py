"""Title, publication date and outlet from the common shapes of the top of a news file:
date lines above or below the headline, in any case, beside a section name, and
`Key: value` header lines. A date line is never the title and never part of the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import read_article

STORY = ("BRUSSELS (Reuters) - European Union foreign ministers met their Ukrainian counterpart "
         "on Monday to discuss sanctions, officials said.\n\nThe talks came after months of negotiation.\n")
TITLE = "EU ministers meet Ukraine envoy"


@pytest.mark.parametrize("top, published", [
    (f"{TITLE}\nTuesday, March 5, 2024", "2024-03-05"),
    (f"MARCH 5, 2024\n{TITLE}", "2024-03-05"),
    (f"{TITLE}\nMar 5, 2024 | World", "2024-03-05"),
    (f"{TITLE}\nMar 5, 2024 | Middle East", "2024-03-05"),
    (f"{TITLE}\nPolitics · 5 March 2024", "2024-03-05"),
    (f"{TITLE}\n5 March 2024", "2024-03-05"),
    (f"{TITLE}\nPublished 6:34 AM EDT, Tue June 6, 2023", "2023-06-06"),
    (f"{TITLE}\nPublished: March 5, 2024\nSource: Reuters", "2024-03-05"),
    (f"Title: {TITLE}\nDate: 2024-03", "2024-03"),
    (f"Headline: {TITLE}\nPublished: 2024-03-05T10:00:00Z\nURL: https://example.com/eu", "2024-03-05"),
    # a government readout's masthead: headline, kind, office, place and date in one block
    (f"{TITLE}\nMedia Note\nOffice of the Spokesperson\nWashington, DC\nMarch 5, 2024", "2024-03-05"),
])
def test_the_headline_and_its_date_line(tmp_path: Path, top: str, published: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"{top}\n\n{STORY}")
    article, problems = read_article(path)
    assert not problems
    assert (article.meta.title, article.meta.published, article.meta.outlet) == (TITLE, published, "Reuters")
    assert article.text[article.body[0]:].startswith("BRUSSELS (Reuters)")


def test_a_date_line_alone_above_the_story_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Tuesday, March 5, 2024\n\n{STORY}")
    article, _ = read_article(path)
    assert article.meta.title is None and article.meta.published == "2024-03-05"
    assert article.text[article.body[0]:].startswith("BRUSSELS")


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: {TITLE}\ndate: 2024-03-05\nsource: Reuters\nurl: https://example.com/x\n---\n\n{STORY}")
    article, _ = read_article(path)
    assert (article.meta.title, article.meta.published, article.meta.outlet) == (TITLE, "2024-03-05", "Reuters")


def test_a_story_that_opens_with_a_colon_is_not_taken_for_header_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"{TITLE}\n\nNote: officials said the ministers met on Monday in Brussels to talk.\n\n"
                    "The talks came after months of negotiation.\n")
    article, _ = read_article(path)
    assert article.meta.title == TITLE
    assert article.text[article.body[0]:].startswith("Note: officials said")


def test_a_story_sentence_beside_a_date_is_still_story(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Ministers met in Brussels on March 5, 2024 to agree the package | officials said\n"
                    "The talks came after months of negotiation and will resume in April.\n")
    article, _ = read_article(path)
    assert article.meta.title is None
    assert article.body[0] == 0
