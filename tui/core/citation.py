"""An evidence sentence with its citation, to paste into notes and reports."""

from __future__ import annotations

from tui.core.edits import sentence_around
from tui.core.views import WorkspaceLike, article_title


def cite(ws: WorkspaceLike, article_id: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], on one line, then where it is from:
    “…” — title, outlet, date (article ID, offset N), N being the sentence's first character."""
    article = ws.articles[article_id]
    annotation = ws.annotations.get(article_id)
    meta = annotation.meta if annotation else article.meta
    lo, hi = sentence_around(article.text, start, end)
    sentence = " ".join(article.text[lo:hi].split())
    source = [article_title(ws, article_id), meta.outlet or "no outlet known", meta.published or "no date known"]
    return f"“{sentence}” — {', '.join(source)} (article {article_id}, offset {lo})"
