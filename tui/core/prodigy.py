"""Prodigy's `ner` task JSONL: what `newsdesk export --format prodigy` writes and what
`newsdesk import --format prodigy` reads (docs/interop.md).

One task per annotated article: its whole `Article.text` (every offset points into it),
the mentions nobody rejected as `spans`, `tokens` from spaCy's blank English tokenizer cut
at every mention boundary (so Prodigy's `ner.manual` never meets a span it cannot put on
tokens), `meta` for the annotator, and `answer`: "accept" for an article the analyst has
reviewed whole, "ignore" for one with model output left to review (so that `prodigy db-in`
never takes unreviewed output for gold).
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.labels import LABELS
from tui.core.models import Annotation, Article, Mention, Problem

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer

    from tui.core.workspace import Workspace

ANSWERS = ("accept", "reject", "ignore")


def text_hash(text: str) -> str:
    """How a task finds its article: the sha256 of the exact text, in UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def live_mentions(annotation: Annotation) -> list[Mention]:
    """The mentions a task carries: every one not rejected (orphans have no place in the text)."""
    return [m for m in annotation.mentions if m.status != "rejected"]


def reviewed(annotation: Annotation) -> bool:
    """No model output is left to review (as `newsdesk eval` counts it)."""
    return all(m.analyst_owned for m in annotation.mentions)


def blank_tokenizer() -> Tokenizer:
    import spacy  # only the prodigy and spacy exports need it

    return spacy.blank("en").tokenizer


def tokens(tokenizer: Tokenizer, text: str, cuts: set[int]) -> list[tuple[int, int, bool]]:
    """(start, end, followed by whitespace) of each token, a token that a mention boundary
    falls inside cut in two there."""
    out: list[tuple[int, int, bool]] = []
    for token in tokenizer(text):
        start, end = token.idx, token.idx + len(token.text)
        inner = sorted(c for c in cuts if start < c < end)
        for a, b in zip([start, *inner], [*inner, end]):
            out.append((a, b, False))
        out[-1] = (out[-1][0], end, bool(token.whitespace_))
    return out


def to_task(article: Article, annotation: Annotation, tokenizer: Tokenizer) -> dict:
    spans = sorted(live_mentions(annotation), key=lambda m: (m.start, m.end, m.label))
    toks = tokens(tokenizer, article.text, {o for m in spans for o in (m.start, m.end)})
    starts = [start for start, _, _ in toks]
    meta = annotation.meta
    return {
        "text": article.text,
        "spans": [{"start": m.start, "end": m.end, "label": m.label, "text": m.text,
                   # Prodigy's token_end is the last token's id, not one past it
                   "token_start": bisect_right(starts, m.start) - 1,
                   "token_end": bisect_right(starts, m.end - 1) - 1} for m in spans],
        "tokens": [{"text": article.text[a:b], "start": a, "end": b, "id": i, "ws": ws}
                   for i, (a, b, ws) in enumerate(toks)],
        "meta": {"id": article.id, "title": meta.title, "outlet": meta.outlet, "date": meta.published,
                 "source": annotation.source},
        "answer": "accept" if reviewed(annotation) else "ignore",
    }


def to_jsonl(ws: Workspace) -> str:
    """A task per article that has an annotation file, in article-id order."""
    tokenizer = blank_tokenizer()
    lines = [json.dumps(to_task(article, ws.annotations[aid], tokenizer), ensure_ascii=False)
             for aid, article in sorted(ws.articles.items()) if aid in ws.annotations]
    return "".join(line + "\n" for line in lines)


# ---- reading tasks back ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str
    answer: str | None   # the span's own answer (binary Prodigy tasks), else None


@dataclass(frozen=True, slots=True)
class Task:
    line: int
    text: str
    spans: tuple[Span, ...]
    answer: str | None
    meta_id: str | None   # meta.id, only to say which article a task was exported from


def read_task(raw: str, path: str, line: int) -> Task | Problem:
    """One JSONL line as a Task, or the Problem that says what is wrong with it."""
    def problem(message: str) -> Problem:
        return Problem(path, line, message)

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return problem(f"not JSON: {error.msg} (column {error.colno})")
    if not isinstance(data, dict):
        return problem("expected a JSON object (a Prodigy task)")
    text, answer = data.get("text"), data.get("answer")
    if not isinstance(text, str):
        return problem('no "text": a Prodigy ner task needs the article text')
    if answer is not None and answer not in ANSWERS:
        return problem(f'"answer" {json.dumps(answer)} is not one of {", ".join(ANSWERS)}')
    raw_spans = data.get("spans") or []
    if not isinstance(raw_spans, list):
        return problem('"spans" is not a list')
    spans: list[Span] = []
    for n, raw_span in enumerate(raw_spans, 1):
        span = _span(raw_span, text)
        if isinstance(span, str):
            return problem(f"span {n}: {span}")
        if span not in spans:
            spans.append(span)
    spans.sort(key=lambda s: (s.start, s.end, s.label))
    for a, b in zip(spans, spans[1:]):
        if b.start < a.end and "reject" not in (a.answer, b.answer):
            return problem(f"spans {a.start}-{a.end} {a.label} and {b.start}-{b.end} {b.label} overlap: "
                           "an entity can have only one reading")
    meta = data.get("meta")
    meta_id = meta.get("id") if isinstance(meta, dict) and isinstance(meta.get("id"), str) else None
    return Task(line, text, tuple(spans), answer, meta_id)


def _span(raw: object, text: str) -> Span | str:
    """The span, or what is wrong with it."""
    if not isinstance(raw, dict):
        return "expected an object with start, end and label"
    start, end, label, answer = raw.get("start"), raw.get("end"), raw.get("label"), raw.get("answer")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return "start and end must be whole numbers"
    if not 0 <= start < end <= len(text):
        return f"{start}-{end} is not a range in the text ({len(text)} characters)"
    if not text[start:end].strip():
        return f"{start}-{end} holds no text, only spaces"
    if label not in LABELS:
        return f"label {json.dumps(label)} is not one of newsdesk's labels ({', '.join(LABELS)})"
    if "text" in raw and raw["text"] != text[start:end]:
        return f'"text" {json.dumps(raw["text"])} is not the text at {start}-{end}'
    if answer is not None and answer not in ANSWERS:
        return f'"answer" {json.dumps(answer)} is not one of {", ".join(ANSWERS)}'
    return Span(start, end, label, answer)
