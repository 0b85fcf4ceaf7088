"""`newsdesk export --format spacy`: the reviewed articles as a spaCy DocBin (`.spacy`),
training data for `spacy train` (docs/interop.md).

Only articles with no model output left to review go in: their mentions are gold. Each
Doc is the whole `Article.text` through spaCy's blank English tokenizer (no model to
load), with the mentions nobody rejected as `doc.ents`. spaCy entities must cover whole
tokens and must not overlap, so a mention whose edge falls inside a token is widened to
the token (`alignment_mode="expand"`), and of overlapping mentions the longest is kept
(`spacy.util.filter_spans`); each is counted, with examples, for the warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.prodigy import live_mentions, reviewed

if TYPE_CHECKING:
    from tui.core.workspace import Workspace

ARTICLE_KEY = "newsdesk_article"   # doc.user_data key holding the article id
EXAMPLES = 3                        # examples named in each warning


@dataclass(slots=True)
class DocBinSummary:
    docs: int = 0
    ents: int = 0
    left_out: list[str] = field(default_factory=list)   # article ids with model output to review
    widened: list[str] = field(default_factory=list)    # "article 120-131 “text”"
    dropped: list[str] = field(default_factory=list)    # overlapping mentions left out

    def warnings(self) -> list[str]:
        out = []
        if self.widened:
            out.append(f"{_mentions(self.widened)} ending inside a spaCy token, widened to whole tokens: "
                       f"{_some(self.widened)}")
        if self.dropped:
            out.append(f"{_mentions(self.dropped)} left out (spaCy entities cannot overlap: the longest is "
                       f"kept): {_some(self.dropped)}")
        return out


def _mentions(items: list[str]) -> str:
    return f"{len(items)} mention{'' if len(items) == 1 else 's'}"


def _some(items: list[str]) -> str:
    more = f", and {len(items) - EXAMPLES} more" if len(items) > EXAMPLES else ""
    return "; ".join(items[:EXAMPLES]) + more


def to_docbin(ws: Workspace) -> tuple[bytes, DocBinSummary]:
    """The DocBin's bytes (DocBin.to_bytes, what DocBin.to_disk writes) and what was done."""
    import spacy  # only this export needs it
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank("en")
    summary = DocBinSummary()
    docbin = DocBin(store_user_data=True)
    for aid, article in sorted(ws.articles.items()):
        annotation = ws.annotations.get(aid)
        if annotation is None:
            continue
        if not reviewed(annotation):
            summary.left_out.append(aid)
            continue
        doc = nlp.make_doc(article.text)
        spans = []
        for m in live_mentions(annotation):
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is None:   # no token under it: only spaces, or past the end
                summary.dropped.append(f"{aid} {m.start}-{m.end} {m.label} “{m.text}” (no token there)")
                continue
            if (span.start_char, span.end_char) != (m.start, m.end):
                summary.widened.append(f"{aid} {m.start}-{m.end} “{m.text}” → “{span.text}”")
            spans.append(span)
        kept = filter_spans(spans)
        chosen = {(s.start, s.end, s.label_) for s in kept}
        summary.dropped.extend(f"{aid} {s.start_char}-{s.end_char} {s.label_} “{s.text}”"
                               for s in spans if (s.start, s.end, s.label_) not in chosen)
        doc.ents = kept
        doc.user_data[ARTICLE_KEY] = aid
        docbin.add(doc)
        summary.docs += 1
        summary.ents += len(kept)
    return docbin.to_bytes(), summary
