"""Where the rules of patterns.yaml match, and what they do to an article's mentions.

Matching is spaCy's SpanRuler (a PhraseMatcher on ORTH) over the tokens of spaCy's English
tokenizer: case-sensitive, whole tokens only ("Lib Dems" matches "the Lib Dems'" but not
"lib dems" or "Lib Demsworth"), in the body paragraphs the model reads, never in page
chrome. `newsdesk annotate` and the app's key use this same matcher, so a rule matches the
same text in both. spaCy is imported when a matcher is first built, never at app start.

Precedence, in apply_rules: the analyst's own mentions (made, reviewed or rejected) are
never touched, and a rule does not apply where it would overlap one. Nor does a rule cut
a longer entity that holds its phrase ("Conservative" in "Scottish Conservative Party").
Otherwise a rule wins over the model: a label rule replaces whatever the model and the
repairs made over its phrase (the same span, or pieces of it), a "not an entity" rule
removes a model mention of exactly its phrase, a link rule links the PERSON mention
within its phrase to its person ("Clarke" of "Mr Clarke": titles stay outside names), or
makes the phrase one. Where two rules' matches overlap, the longer match wins, then the
earlier one, then the rule written first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.corpus import paragraphs
from tui.core.edits import Edit, EditSource, MentionChange
from tui.core.models import Article, Mention
from tui.core.patterns import NOT_ENTITY, Patterns, Rule, RuleChange
from tui.core.span_index import SpanIndex

if TYPE_CHECKING:
    from spacy.language import Language

_SPANS_KEY = "newsdesk_rules"


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    rule: Rule


class RuleMatcher:
    """The rules' phrases (and their conditions' phrases) as one SpanRuler."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        self._nlp: Language | None = None
        self._phrases = {r.phrase for r in self.rules} | {r.if_article_mentions for r in self.rules
                                                            if r.if_article_mentions}

    def _pipeline(self) -> Language:
        if self._nlp is None:
            import spacy

            nlp = spacy.blank("en")
            ruler = nlp.add_pipe("span_ruler", config={"spans_key": _SPANS_KEY, "annotate_ents": False})
            # add_pipe is typed as returning any pipe callable; this one is a SpanRuler
            ruler.add_patterns(  # type: ignore[attr-defined]
                [{"label": phrase, "pattern": phrase} for phrase in sorted(self._phrases)])
            self._nlp = nlp
        return self._nlp

    def hits(self, article: Article) -> list[Hit]:
        """The rules' matches in the article's body, conditions met, overlaps resolved."""
        if not self.rules or not any(phrase in article.text for phrase in self._phrases):
            return []   # most articles hold no phrase at all: no tokenizing
        found: dict[str, list[tuple[int, int]]] = {}
        nlp = self._pipeline()
        for start, end in paragraphs(article):
            if not any(phrase in article.text[start:end] for phrase in self._phrases):
                continue
            doc = nlp(article.text[start:end])
            for span in doc.spans[_SPANS_KEY]:
                found.setdefault(span.label_, []).append((start + span.start_char, start + span.end_char))
        order = {id(rule): n for n, rule in enumerate(self.rules)}
        hits = [Hit(s, e, rule) for rule in self.rules if rule.phrase in found
                and (rule.if_article_mentions is None or rule.if_article_mentions in found)
                for s, e in found[rule.phrase]]
        hits.sort(key=lambda h: (-(h.end - h.start), h.start, order[id(h.rule)]))
        taken: list[Hit] = []
        for hit in hits:
            if not any(t.start < hit.end and hit.start < t.end for t in taken):
                taken.append(hit)
        return sorted(taken, key=lambda h: h.start)


def apply_rules(article: Article, mentions: list[Mention], hits: list[Hit]) -> list[Mention]:
    """The mentions with the rules applied (see the module docstring); a new list, sorted.
    A mention a rule made or linked is `rule: <id>`; one it made, `by: rule` too."""
    if not hits:
        return mentions
    owned = SpanIndex([m for m in mentions if m.analyst_owned])
    out = list(mentions)
    for hit in hits:
        if owned.overlaps(hit.start, hit.end):
            continue   # the analyst's decision there beats any rule
        rule, span = hit.rule, (hit.start, hit.end)
        if rule.label == NOT_ENTITY:
            out = [m for m in out if m.analyst_owned or (m.start, m.end) != span]
            continue
        if any(m.start <= hit.start and hit.end <= m.end and (m.start, m.end) != span for m in out):
            continue   # inside a longer entity ("Conservative" in "Scottish Conservative Party")
        label = rule.target_label
        same = next((m for m in out if (m.start, m.end) == span and m.label == label), None)
        if same is not None and rule.person is None:
            continue   # the model says so already
        if rule.person is not None and same is None:   # "Mr Clarke": the name in it is the mention
            same = next((m for m in out if m.label == label and not m.analyst_owned
                         and hit.start <= m.start and m.end <= hit.end), None)
            if same is not None:
                out.remove(same)
                out.append(dataclasses.replace(same, person=rule.person, candidates=[], rule=rule.id))
                continue
        out = [m for m in out if m.analyst_owned or not (m.start < hit.end and hit.start < m.end)]
        if same is not None:
            out.append(dataclasses.replace(same, person=rule.person, candidates=[], rule=rule.id))
        else:
            out.append(Mention(hit.start, hit.end, article.text[hit.start:hit.end], label, person=rule.person,
                               by="rule", rule=rule.id))
    return sorted(out, key=lambda m: (m.start, m.end))


def reassert(made: list[Mention], mentions: list[Mention], rules: dict[str, Rule],
             people: Mapping[str, str]) -> list[Mention]:
    """After corpus-wide linking, which links model mentions afresh and may relabel or drop
    what it takes for no person: the mentions rules made or linked before it (`made`) as
    they were, linked to their link rule's person. people maps each person id, and each id
    merged into a person, to the person's id; a rule whose person is not there links no one
    (annotate reports it). Returns the new list, sorted."""
    out = list(mentions)
    for before in made:
        rule = rules.get(before.rule or "")
        if rule is None:
            continue
        live = next((m for m in out if (m.start, m.end, m.label) == (before.start, before.end, before.label)), None)
        if live is None:
            if any(m.analyst_owned and m.start < before.end and before.start < m.end for m in out):
                continue
            out = [m for m in out if m.analyst_owned or not (m.start < before.end and before.start < m.end)]
            live = dataclasses.replace(before, person=None, candidates=[])
            out.append(live)
        live.rule = rule.id
        if rule.person is not None and rule.person in people and not live.analyst_owned:
            live.person, live.candidates = people[rule.person], []
    return sorted(out, key=lambda m: (m.start, m.end))


def rule_edit(ws: EditSource, patterns: Patterns, rule: Rule) -> Edit:
    """One undoable edit: the rule added to patterns.yaml (replacing the one with its phrase
    and condition) and applied now to every article of the workspace (ws.articles). The
    analyst's own mentions stay as they are, as in annotate."""
    matcher = RuleMatcher([rule])
    changes: list = [RuleChange(patterns, patterns.same_as(rule), rule)]
    spans, touched, articles = 0, 0, getattr(ws, "articles", {})
    for aid, annotation in sorted(ws.annotations.items()):
        article = articles.get(aid)
        hits = matcher.hits(article) if article is not None else []
        new = apply_rules(article, annotation.mentions, hits) if article is not None and hits else annotation.mentions
        gone = [MentionChange(aid, m, None) for m in annotation.mentions if m not in new]
        added = [MentionChange(aid, None, m) for m in new if m not in annotation.mentions]
        spans += len({m.start for c in gone + added if (m := c.before or c.after)})
        touched += bool(gone or added)
        changes += gone + added
    return Edit(f"rule {rule.describe()}: {spans} place{'s' * (spans != 1)} changed in {touched} "
                f"article{'s' * (touched != 1)}", changes)
