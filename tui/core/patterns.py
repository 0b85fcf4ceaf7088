"""Corpus-wide rules made from the analyst's corrections: annotations/patterns.yaml.

A rule says what a phrase is wherever it stands ("Lib Dems" is ORG, "Across Wales" is not
an entity) or who it names ("Mr Clarke" is charles-clarke), optionally only in articles
that mention another phrase ("Home Office"). The app offers one after a relabel, reject,
add or link (offer()), and remembers it here; analysts also write rules by hand. How they
are matched and applied is rule_match.py; the format is docs/patterns.md.

The file is read as the other annotation files are (yaml_io: size limit, no tags or
anchors, `path:line` problems); a bad rule is reported at its line and skipped, the
others apply. A file with any problem is not written by the app until it is fixed.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.edits import Edit, EditSource, MentionChange, StaleEdit, Target
from tui.core.labels import LABELS
from tui.core.models import Problem
from tui.core.names import slug
from tui.core.roundtrip import preserve
from tui.core.store import ReadOnlyError, _Check, write_protected  # _Check: the annotation files' own checks
from tui.core.yaml_io import block_map, block_seq, parse_text, read_text, render, scalar, write_atomic

PATTERNS_FILE = "patterns.yaml"
PATTERNS: Target = ("patterns", "")
NOT_ENTITY = "none"   # the label of a "not an entity" rule
HEADER = "newsdesk rules: format in docs/patterns.md"
_FIELDS = ("id", "phrase", "label", "person", "if_article_mentions", "from", "note")


@dataclass(frozen=True, slots=True)
class Rule:
    """A label rule (label set), a "not an entity" rule (label NOT_ENTITY) or a link rule
    (person set: the phrase is a PERSON mention linked to that person)."""

    id: str
    phrase: str
    label: str | None = None
    person: str | None = None
    if_article_mentions: str | None = None   # only in articles whose text matches this phrase
    made_in: str | None = None               # `from:` the article of the correction it came from
    note: str = ""
    line: int | None = field(default=None, compare=False)   # where it is in the file

    @property
    def target_label(self) -> str:
        """The label it gives its phrase: its label, PERSON for a link rule, or NOT_ENTITY."""
        return self.label or "PERSON"

    def describe(self, person_name: str | None = None) -> str:
        """One line for the status bar: “Lib Dems” is ORG (in articles mentioning “X”)."""
        what = ("is not an entity" if self.label == NOT_ENTITY else
                f"is {person_name or self.person}" if self.person else f"is {self.label}")
        where = f" in articles mentioning “{self.if_article_mentions}”" if self.if_article_mentions else ""
        return f"“{self.phrase}” {what}{where}"


@dataclass(slots=True)
class Patterns:
    """The rules of one annotations folder, in file order."""

    path: Path
    rules: list[Rule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # any problem: not written until fixed
    seen: list[Rule] = field(default_factory=list)           # as last loaded or saved

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def same_as(self, rule: Rule) -> Rule | None:
        """The rule with rule's phrase and condition, which rule would replace."""
        return next((r for r in self.rules if (r.phrase, r.if_article_mentions)
                     == (rule.phrase, rule.if_article_mentions)), None)


def load_patterns(annotations_dir: Path) -> Patterns:
    """patterns.yaml of an annotations folder (no file: no rules); never raises."""
    path = Path(annotations_dir) / PATTERNS_FILE
    patterns = Patterns(path)
    text = read_text(path)
    if text is None:
        return patterns
    parsed = text if not isinstance(text, str) else parse_text(text, str(path))
    if parsed.data is None:
        patterns.problems = list(parsed.problems)
        return patterns
    check = _Check(parsed)
    top = check.mapping(parsed.data, (), "patterns file", ("rules",), ())
    first: dict[str, int | None] = {}
    for raw, kp in check.items(top or {}, "rules", ()):
        rule = _rule(check, raw, kp)
        if rule is None:
            continue
        if rule.id in first:
            check.error((*kp, "id"), f"duplicate rule id '{rule.id}' (first on line {first[rule.id]})")
            continue
        if (twin := patterns.same_as(rule)) is not None:
            check.error(kp, f"rule '{rule.id}': same phrase and condition as rule '{twin.id}' "
                            f"(line {twin.line}): keep one")
            continue
        first[rule.id] = rule.line
        patterns.rules.append(rule)
    patterns.problems = check.problems
    patterns.seen = list(patterns.rules)
    return patterns


def _rule(check: _Check, raw: object, kp: tuple) -> Rule | None:
    errors = len(check.errors)
    r = check.mapping(raw, kp, "rule", ("id", "phrase"), _FIELDS[2:])
    if r is None:
        return None
    values = {key: check.text(r, key, kp, nullable=True) for key in _FIELDS}
    if len(check.errors) > errors:
        return None   # an unknown key, a missing one, a wrong type: said once, by check
    rule_id, phrase, label, person = (values[k] for k in ("id", "phrase", "label", "person"))
    wrong = None
    if not rule_id or not rule_id.strip():
        wrong = ("id", "id: empty")
    elif not phrase or not phrase.strip() or phrase != phrase.strip():
        wrong = ("phrase", f"rule '{rule_id}': phrase: expected words with no space at either end, got {phrase!r}")
    elif label is not None and label not in (*LABELS, NOT_ENTITY):
        wrong = ("label", f"rule '{rule_id}': label: {label!r} is not one of {', '.join(LABELS)} or "
                          f"{NOT_ENTITY} (not an entity)")
    elif person is not None and label not in (None, "PERSON"):
        wrong = ("label", f"rule '{rule_id}': a rule with a person makes PERSON mentions: "
                          "leave out label or make it PERSON")
    elif label is None and person is None:
        wrong = ("", f"rule '{rule_id}': needs a label (an entity label, or {NOT_ENTITY}) or a person")
    elif values["if_article_mentions"] is not None and not values["if_article_mentions"].strip():
        wrong = ("if_article_mentions", f"rule '{rule_id}': if_article_mentions: empty")
    if wrong is not None:
        check.error((*kp, *((wrong[0],) if wrong[0] else ())), wrong[1])
        return None
    assert rule_id is not None and phrase is not None   # both checked above
    return Rule(rule_id, phrase, label if not (person and label == "PERSON") else None, person,
                values["if_article_mentions"], values["from"], values["note"] or "",
                check.parsed.line((*kp, "id")) or check.parsed.line(kp))


# ---- writing ----------------------------------------------------------------------------------

def patterns_text(rules: list[Rule]) -> str:
    """patterns.yaml: one block per rule, in the order given, empty fields left out."""
    def pairs(rule: Rule) -> list:
        values = (rule.id, rule.phrase, rule.label, rule.person, rule.if_article_mentions, rule.made_in,
                  rule.note or None)
        return [(key, scalar(value)) for key, value in zip(_FIELDS, values) if value is not None]

    return render(block_map([("rules", block_seq([block_map(pairs(r)) for r in rules]))]), HEADER)


def save_patterns(patterns: Patterns) -> None:
    """Write patterns.yaml atomically, keeping hand comments; never over a file with a problem.
    Rules changed in the file by hand since it was read are kept, unless this session
    changed the same rule since (by id): then ours wins. The caller holds the folder lock."""
    if write_protected(patterns.path):
        raise ReadOnlyError(f"{patterns.path} is write-protected: not saved (to save rules to it, make it "
                            f"writable: chmod u+w '{patterns.path}')")
    if patterns.problems:
        raise ReadOnlyError(f"{patterns.problems[0]} — not saved until the file is fixed")
    disk = load_patterns(patterns.path.parent)
    if disk.problems:   # broken by hand since it was loaded: leave it to the analyst
        patterns.problems = disk.problems
        raise ReadOnlyError(f"{disk.problems[0]} — not saved until the file is fixed")
    base, theirs = {r.id: r for r in patterns.seen}, {r.id: r for r in disk.rules}
    ours = {r.id: r for r in patterns.rules}
    for rule_id in set(base) | set(theirs):
        if theirs.get(rule_id) != base.get(rule_id) and ours.get(rule_id) == base.get(rule_id):
            if rule_id in theirs:
                ours[rule_id] = theirs[rule_id]
            else:
                ours.pop(rule_id, None)
    order = [r.id for r in disk.rules] + [r.id for r in patterns.rules if r.id not in theirs]
    patterns.rules = [ours[i] for i in dict.fromkeys(order) if i in ours]
    text = read_text(patterns.path)
    old = text if isinstance(text, str) else None
    write_atomic(patterns.path, preserve(old, patterns_text(patterns.rules)).encode("utf-8"))
    patterns.seen = list(patterns.rules)


# ---- offering a rule after a correction, and adding it as an edit -----------------------------

def offer(edit: Edit, patterns: Patterns) -> Rule | None:
    """The rule an analyst's correction suggests: a relabel, a reject, an added mention or a
    link, each turned into "this phrase is that, everywhere". None for other edits, and when
    patterns.yaml holds that rule already."""
    changes = [c for c in edit.changes if isinstance(c, MentionChange) and c.after is not None]
    if len(changes) != 1:
        return None
    change = changes[0]
    before, after = change.before, change.after
    assert after is not None   # kept by the filter above
    rule = None
    if before is None and after.status == "accepted":                       # added
        rule = _new_rule(patterns, after.text, label=after.label)
    elif before is None or (before.start, before.end) != (after.start, after.end):
        return None                                                        # a resize
    elif after.status == "rejected" and before.status != "rejected":        # rejected
        rule = _new_rule(patterns, after.text, label=NOT_ENTITY)
    elif after.person and after.person != before.person:                    # linked
        rule = _new_rule(patterns, after.text, person=after.person)
    elif after.label != before.label:                                      # relabelled
        rule = _new_rule(patterns, after.text, label=after.label)
    if rule is None:
        return None
    rule = dataclasses.replace(rule, made_in=change.article)
    same = patterns.same_as(rule)
    return None if same is not None and (same.label, same.person) == (rule.label, rule.person) else rule


def _new_rule(patterns: Patterns, phrase: str, label: str | None = None, person: str | None = None) -> Rule | None:
    if not phrase.strip() or phrase != phrase.strip() or "\n" in phrase:
        return None
    base = f"{slug(phrase)}-{person or ('not-entity' if label == NOT_ENTITY else label.lower())}"  # type: ignore[union-attr]  # a label or a person
    taken = {r.id for r in patterns.rules}
    rule_id, n = base, 2
    while rule_id in taken:
        rule_id, n = f"{base}-{n}", n + 1
    return Rule(rule_id, phrase, None if person else label, person)


@dataclass(frozen=True, slots=True)
class RuleChange:
    """Add a rule to patterns.yaml (replacing the one with its phrase and condition), or take
    it back: an edit change, so that the rule and what it did to the articles undo together."""

    patterns: Patterns
    before: Rule | None
    after: Rule | None

    @property
    def target(self) -> Target:
        return PATTERNS

    def inverse(self) -> RuleChange:
        return RuleChange(self.patterns, self.after, self.before)

    def describe(self) -> str:
        if self.after is not None:
            return f"rule {self.after.id}: {self.after.describe()}"
        return f"remove rule {self.before.id}"  # type: ignore[union-attr]  # a change has a before or an after

    def apply(self, ws: EditSource) -> None:
        rules = self.patterns.rules
        if self.before is not None:
            if self.before not in rules:
                raise StaleEdit(f"rule {self.before.id} changed since")
            index = rules.index(self.before)
            rules.remove(self.before)
        else:
            index = len(rules)
        if self.after is not None:
            if self.patterns.get(self.after.id) is not None:
                raise StaleEdit(f"rule {self.after.id} is in patterns.yaml already")
            rules.insert(index, copy.copy(self.after))

