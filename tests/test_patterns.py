"""Corrections become rules (issue #14 item 3): patterns.yaml, matching, precedence,
annotate, the offer after an edit and the one-edit "apply everywhere"."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from tui.core import edits
from tui.core.annotate import annotate
from tui.core.corpus import read_corpus
from tui.core.models import Annotation, Article, Mention, Person, Segment
from tui.core.patterns import (NOT_ENTITY, Patterns, Rule, load_patterns, offer, patterns_text,
                               save_patterns)
from tui.core.rule_match import RuleMatcher, apply_rules, reassert, rule_edit
from tui.core.store import AnnotationStore, ReadOnlyError, annotation_text
from tui.core.yaml_io import parse_text

from conftest import make_blank_nlp


def _article(text: str, chrome: list[Segment] | None = None, aid: str = "a") -> Article:
    return Article(aid, f"{aid}.txt", text, "0" * 64, (0, len(text)), chrome or [])


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "patterns.yaml").write_text(text, encoding="utf-8")
    return folder


# ---- the file ---------------------------------------------------------------------------------

GOOD = """\
# our house rules
rules:
- id: lib-dems
  phrase: Lib Dems
  label: ORG          # the party, not people
- id: across-wales
  phrase: Across Wales
  label: none
- id: mr-clarke-home-office
  phrase: Mr Clarke
  person: charles-clarke
  if_article_mentions: Home Office
  note: Ken Clarke is never Home Secretary in this corpus
"""


def test_a_rules_file_loads_with_each_kind_of_rule(tmp_path: Path) -> None:
    patterns = load_patterns(_write(tmp_path, GOOD))
    assert patterns.problems == []
    assert [(r.id, r.phrase, r.label, r.person, r.if_article_mentions, r.line) for r in patterns.rules] == [
        ("lib-dems", "Lib Dems", "ORG", None, None, 3),
        ("across-wales", "Across Wales", NOT_ENTITY, None, None, 6),
        ("mr-clarke-home-office", "Mr Clarke", None, "charles-clarke", "Home Office", 9)]
    assert load_patterns(tmp_path / "nowhere").rules == []


def test_a_bad_rule_is_reported_at_its_line_and_the_others_still_apply(tmp_path: Path) -> None:
    text = GOOD + """\
- id: typo
  phrase: Tories
  lable: ORG
- id: lib-dems
  phrase: Libs
  label: ORG
- id: wrong-label
  phrase: Gatwick
  label: AIRPORT
- id: both
  phrase: Mr Straw
  label: ORG
  person: jack-straw
- id: nothing
  phrase: Defra
- id: spaced
  phrase: ' Defra'
  label: ORG
- id: twin
  phrase: Lib Dems
  label: NORP
"""
    patterns = load_patterns(_write(tmp_path, text))
    assert [r.id for r in patterns.rules] == ["lib-dems", "across-wales", "mr-clarke-home-office"]
    said = [str(p).removeprefix(f"{tmp_path}/") for p in patterns.problems]
    assert said[0] == "patterns.yaml:16: rule: unknown key 'lable' (did you mean 'label'?)"
    assert "patterns.yaml:17: duplicate rule id 'lib-dems' (first on line 3)" in said
    assert any(s.startswith("patterns.yaml:22: rule 'wrong-label': label: 'AIRPORT' is not one of") for s in said)
    assert any(s.startswith("patterns.yaml:25: rule 'both': a rule with a person makes PERSON") for s in said)
    assert any(s.startswith("patterns.yaml:27: rule 'nothing': needs a label") for s in said)
    assert any(s.startswith("patterns.yaml:30: rule 'spaced': phrase:") for s in said)
    assert any(s.startswith("patterns.yaml:32: rule 'twin': same phrase and condition as rule 'lib-dems'")
               for s in said)
    assert len(said) == 7


@pytest.mark.parametrize("text, says", [
    ("rules:\n- !!python/object:os.system {id: x}\n", "tags are not allowed"),
    ("rules:\n- &a {id: x, phrase: X, label: ORG}\n- *a\n", "anchors and aliases are not allowed"),
    ("rules: [\n", "invalid YAML"),
    ("rules:\n- id: x\n  phrase: \"Lib\\e[31m\"\n  label: ORG\n", "control character"),
])
def test_an_unsafe_or_broken_file_gives_path_line_and_no_rules(tmp_path: Path, text: str, says: str) -> None:
    patterns = load_patterns(_write(tmp_path, text))
    assert patterns.rules == [] or patterns.problems
    assert patterns.problems and says in patterns.problems[0].message
    assert str(patterns.problems[0]).startswith(f"{tmp_path}/patterns.yaml:")


def test_the_file_is_written_as_it_reads_and_keeps_hand_comments(tmp_path: Path) -> None:
    patterns = load_patterns(_write(tmp_path, GOOD))
    patterns.rules.append(Rule("tories-org", "Tories", "ORG", made_in="some-article"))
    save_patterns(patterns)
    written = (tmp_path / "patterns.yaml").read_text(encoding="utf-8")
    assert "# our house rules" in written and "label: ORG  # the party, not people" in written
    again = load_patterns(tmp_path)
    assert again.problems == [] and again.rules == patterns.rules
    assert "- id: tories-org\n  phrase: Tories\n  label: ORG\n  from: some-article\n" in written
    # the writer's own layout, alone, reads back the same
    assert load_patterns(_write(tmp_path / "plain", patterns_text(patterns.rules))).rules == patterns.rules


def test_a_hand_edit_made_meanwhile_is_kept_and_a_broken_file_is_never_written(tmp_path: Path) -> None:
    patterns = load_patterns(_write(tmp_path, GOOD))
    on_disk = GOOD.replace("label: ORG ", "label: NORP")   # changed by hand after the app read it
    _write(tmp_path, on_disk)
    patterns.rules.append(Rule("tories-org", "Tories", "ORG"))
    save_patterns(patterns)
    assert [(r.id, r.label) for r in load_patterns(tmp_path).rules][0::3] == [("lib-dems", "NORP"),
                                                                                ("tories-org", "ORG")]
    (tmp_path / "patterns.yaml").chmod(0o444)   # locked by the analyst: never replaced
    with pytest.raises(ReadOnlyError, match="write-protected"):
        save_patterns(patterns)
    (tmp_path / "patterns.yaml").chmod(0o644)
    _write(tmp_path, "rules: [\n")
    patterns.rules.append(Rule("labour-org", "Labour", "ORG"))
    with pytest.raises(ReadOnlyError):
        save_patterns(patterns)
    assert (tmp_path / "patterns.yaml").read_text(encoding="utf-8") == "rules: [\n"


def test_a_rule_made_mention_is_written_and_read_back_by_both_readers(tmp_path: Path) -> None:
    article = _article("The Lib Dems said so.")
    mention = Mention(4, 12, "Lib Dems", "ORG", by="rule", rule="lib-dems")
    annotation = Annotation("a", "a.txt", article.sha256, article.meta, article.body, mentions=[mention])
    text = annotation_text(annotation)
    assert "{start: 4, end: 12, text: Lib Dems, label: ORG, by: rule, rule: lib-dems, status: unreviewed}" in text
    store = AnnotationStore(tmp_path)
    store.save_annotation(annotation)
    assert store.load_annotation("a", article)[0].mentions == [mention]            # the line reader
    slow = text.replace("{start: 4, end: 12,", "{end: 12, start: 4,")              # not the writer's layout
    (tmp_path / "articles" / "a.yaml").write_text(slow, encoding="utf-8")
    assert store.load_annotation("a", article)[0].mentions == [mention]            # the YAML reader
    (tmp_path / "articles" / "a.yaml").write_text(text.replace("by: rule", "by: rules"), encoding="utf-8")
    loaded, problems = store.load_annotation("a", article)
    assert "by: 'rules' is not one of model, analyst, rule" in str(problems[0])
    assert parse_text(text, "x").problems == []


# ---- matching and precedence ----------------------------------------------------------------

def test_matching_is_case_sensitive_on_whole_tokens_and_never_in_chrome() -> None:
    text = "The Lib Dems' leader. the lib dems. Lib Demsworth. LIB DEMS.\n\nShare on Lib Dems"
    chrome = [Segment(text.index("Share"), len(text), "navigation")]
    hits = RuleMatcher([Rule("r", "Lib Dems", "ORG")]).hits(_article(text, chrome))
    assert [(h.start, h.end) for h in hits] == [(4, 12)]


def test_a_condition_needs_its_phrase_in_the_article() -> None:
    rule = Rule("r", "Mr Clarke", person="charles-clarke", if_article_mentions="Home Office")
    matcher = RuleMatcher([rule])
    assert matcher.hits(_article("Mr Clarke spoke at the Treasury.")) == []
    assert [h.rule.id for h in matcher.hits(_article("Mr Clarke spoke for the Home Office."))] == ["r"]
    assert matcher.hits(_article("Mr Clarke spoke for the home office.")) == []


def test_rules_win_over_the_model_but_never_over_the_analyst() -> None:
    text = "Lib Dems and Across Wales met Lib Dems. Scottish Lib Dems Party. Across Wales Today."
    article = _article(text)
    at = lambda phrase, n=0: [i for i in range(len(text)) if text.startswith(phrase, i)][n]  # noqa: E731
    model = [
        Mention(at("Lib Dems"), at("Lib Dems") + 3, "Lib", "PERSON"),                      # a piece: replaced
        Mention(at("Across Wales"), at("Across Wales") + 12, "Across Wales", "ORG"),       # exact: removed
        Mention(at("Wales"), at("Wales") + 5, "Wales", "GPE"),                             # inside: kept
    ]
    analyst = Mention(at("Lib Dems", 1), at("Lib Dems", 1) + 8, "Lib Dems", "NORP", by="analyst", status="accepted")
    longer = Mention(at("Scottish"), at("Party") + 5, "Scottish Lib Dems Party", "ORG")     # holds the phrase
    bigger = Mention(at("Across Wales", 1), at("Today") + 5, "Across Wales Today", "ORG")  # not exactly it
    rules = [Rule("lib", "Lib Dems", "ORG"), Rule("wales", "Across Wales", NOT_ENTITY)]
    hits = RuleMatcher(rules).hits(article)
    out = apply_rules(article, sorted([*model, analyst, longer, bigger], key=lambda m: m.start), hits)
    assert [(m.text, m.label, m.by, m.rule) for m in out] == [
        ("Lib Dems", "ORG", "rule", "lib"),
        ("Wales", "GPE", "model", None),
        ("Lib Dems", "NORP", "analyst", None),
        ("Scottish Lib Dems Party", "ORG", "model", None),
        ("Across Wales Today", "ORG", "model", None),
    ]


def test_overlapping_rules_take_the_longer_match_then_the_rule_written_first() -> None:
    text = "The Liberal Democrat leader"
    rules = [Rule("dem", "Democrat", "NORP"), Rule("libdem", "Liberal Democrat", "ORG"),
             Rule("dem2", "Democrat", "ORG", if_article_mentions="leader")]
    hits = RuleMatcher(rules).hits(_article(text))
    assert [(text[h.start:h.end], h.rule.id) for h in hits] == [("Liberal Democrat", "libdem")]
    hits = RuleMatcher([rules[2], rules[0]]).hits(_article(text))
    assert [h.rule.id for h in hits] == ["dem2"]


def test_a_link_rule_survives_linking_and_its_person_must_exist() -> None:
    text = "Mr Clarke said the Home Office would act."
    article = _article(text)
    rule = Rule("clarke", "Mr Clarke", person="charles-clarke", if_article_mentions="Home Office")
    out = apply_rules(article, [Mention(0, 9, "Mr Clarke", "PERSON", person="kenneth-clarke")],
                      RuleMatcher([rule]).hits(article))
    assert [(m.person, m.by, m.rule) for m in out] == [("charles-clarke", "model", "clarke")]
    made = [Mention(0, 9, "Mr Clarke", "PERSON", "charles-clarke", rule="clarke")]
    relinked = [Mention(0, 9, "Mr Clarke", "PERSON", person="kenneth-clarke", rule="clarke")]
    people = {"charles-clarke": "charles-clarke"}
    assert reassert(made, relinked, {"clarke": rule}, people)[0].person == "charles-clarke"
    dropped = reassert(made, [], {"clarke": rule}, people)   # linking took it for no person
    assert [(m.text, m.person) for m in dropped] == [("Mr Clarke", "charles-clarke")]
    merged = {"charles-clarke": "clarke-charles", "clarke-charles": "clarke-charles"}   # merged by hand since
    assert reassert(made, [], {"clarke": rule}, merged)[0].person == "clarke-charles"
    assert reassert(made, [], {"clarke": rule}, {})[0].person is None   # no such person: no link


# ---- the offer and "apply everywhere" ---------------------------------------------------------

def _ws() -> SimpleNamespace:
    one = _article("The Lib Dems won. Across Wales it rained. Mr Clarke spoke.", aid="one")
    two = _article("Lib Dems lost in Powys. Across Wales, rain.", aid="two")
    mentions = {
        "one": [Mention(4, 12, "Lib Dems", "PERSON"), Mention(18, 30, "Across Wales", "ORG"),
                Mention(42, 51, "Mr Clarke", "PERSON")],
        "two": [Mention(0, 8, "Lib Dems", "PERSON"), Mention(17, 22, "Powys", "PERSON"),
                Mention(24, 36, "Across Wales", "ORG")],
    }
    annotations = {aid: Annotation(aid, f"{aid}.txt", "0" * 64, a.meta, a.body, mentions=mentions[aid])
                   for aid, a in (("one", one), ("two", two))}
    people = {"charles-clarke": Person("charles-clarke", "Charles Clarke")}
    return SimpleNamespace(articles={"one": one, "two": two}, annotations=annotations, people=people, meetings={})


def test_each_correction_offers_its_rule_and_a_resize_or_accept_offers_none(tmp_path: Path) -> None:
    ws, patterns = _ws(), Patterns(tmp_path / "patterns.yaml")
    relabel = edits.relabel(ws, "one", 0, "ORG")
    assert offer(relabel, patterns) == Rule("lib-dems-org", "Lib Dems", "ORG", made_in="one")
    assert offer(edits.reject(ws, "one", 1), patterns).describe() == "“Across Wales” is not an entity"
    assert offer(edits.link_person(ws, "one", 2, "charles-clarke"), patterns).describe() == \
        "“Mr Clarke” is charles-clarke"
    text = ws.articles["two"].text
    added = edits.add_mention(ws, "two", 12, 16, "GPE", text)   # "in P": trimmed to what was selected
    assert offer(added, patterns).phrase == text[12:16].strip()
    assert offer(edits.accept(ws, "one", 0), patterns) is None
    assert offer(edits.resize(ws, "one", 0, 0, 12, ws.articles["one"].text), patterns) is None
    patterns.rules.append(Rule("mine", "Lib Dems", "ORG"))
    assert offer(relabel, patterns) is None                       # that rule is there already
    assert offer(edits.relabel(ws, "one", 0, "NORP"), patterns).id == "lib-dems-norp"   # would replace it


def test_apply_everywhere_is_one_edit_that_undo_takes_back_with_the_rule(tmp_path: Path) -> None:
    ws, patterns = _ws(), Patterns(tmp_path / "patterns.yaml")
    saved: list = []
    history = edits.EditHistory(ws, lambda w, target: saved.append(target))
    history.do(edits.relabel(ws, "one", 0, "ORG"))                # the analyst's own edit
    rule = offer(history._undo[-1], patterns)
    before = {aid: list(a.mentions) for aid, a in ws.annotations.items()}
    edit = history.do(rule_edit(ws, patterns, rule))
    assert edit.description == "rule “Lib Dems” is ORG: 1 place changed in 1 article"
    assert [(m.text, m.label, m.by) for m in ws.annotations["two"].mentions if m.text == "Lib Dems"] == \
        [("Lib Dems", "ORG", "rule")]
    assert [(m.label, m.by) for m in ws.annotations["one"].mentions if m.text == "Lib Dems"] == \
        [("ORG", "analyst")]                                         # the analyst's, untouched
    assert patterns.rules == [rule] and ("patterns", "") in saved
    history.undo()
    assert {aid: a.mentions for aid, a in ws.annotations.items()} == before and patterns.rules == []
    history.redo()
    assert patterns.rules == [rule]


# ---- newsdesk annotate ----------------------------------------------------------------------

ARTICLES = {
    "one": "The Lib Dems met in Cardiff.\n\nMr Clarke said the Home Office was ready.\n",
    "two": "The Lib Dems lost. Mr Clarke spoke at the Treasury.\n",
}
NLP_PATTERNS = [{"label": "NORP", "pattern": "Lib Dems"}, {"label": "PERSON", "pattern": "Mr Clarke"},
                {"label": "PERSON", "pattern": "Charles Clarke"}, {"label": "GPE", "pattern": "Cardiff"}]
RULES = """\
rules:
- id: lib-dems
  phrase: Lib Dems
  label: ORG
- id: clarke
  phrase: Mr Clarke
  person: charles-clarke
  if_article_mentions: Home Office
"""


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    articles, annotations = tmp_path / "articles", tmp_path / "annotations"
    articles.mkdir()
    for aid, text in ARTICLES.items():
        (articles / f"{aid}.txt").write_text(text, encoding="utf-8")
    annotations.mkdir()
    people = "people:\n- id: charles-clarke\n  name: Charles Clarke\n  by: analyst\n"
    (annotations / "people.yaml").write_text(people, encoding="utf-8")
    return articles, annotations


def _mentions(annotations: Path, aid: str) -> list[tuple]:
    articles = {a.id: a for a in read_corpus(annotations.parent / "articles")[0]}
    loaded = AnnotationStore(annotations).load_annotation(aid, articles[aid])[0]
    return [(m.text, m.label, m.person, m.by, m.rule) for m in loaded.mentions]


def test_annotate_applies_rules_to_new_and_changed_articles_and_force_to_all(tmp_path: Path) -> None:
    articles, annotations = _corpus(tmp_path)
    nlp = make_blank_nlp(NLP_PATTERNS)
    annotate(articles, annotations, model=nlp)                     # no rules yet
    assert ("Lib Dems", "NORP", None, "model", None) in _mentions(annotations, "two")
    _write(annotations, RULES)
    annotate(articles, annotations, model=nlp)                     # nothing changed: nothing re-parsed
    assert ("Lib Dems", "NORP", None, "model", None) in _mentions(annotations, "two")
    (articles / "two.txt").write_text(ARTICLES["two"] + "More.\n", encoding="utf-8")
    summary = annotate(articles, annotations, model=nlp)           # a changed article gets them
    assert summary.problems == []
    two = _mentions(annotations, "two")
    assert ("Lib Dems", "ORG", None, "rule", "lib-dems") in two
    assert not any(m[4] == "clarke" for m in two)                  # no Home Office in it
    assert ("Lib Dems", "NORP", None, "model", None) in _mentions(annotations, "one")
    annotate(articles, annotations, model=nlp, force=True)         # --force: every article
    one = _mentions(annotations, "one")
    assert ("Lib Dems", "ORG", None, "rule", "lib-dems") in one
    assert ("Clarke", "PERSON", "charles-clarke", "model", "clarke") in one
    annotate(articles, annotations, model=nlp)                     # linking again keeps the rule's link
    assert ("Clarke", "PERSON", "charles-clarke", "model", "clarke") in _mentions(annotations, "one")


def test_annotate_keeps_the_analysts_edit_over_a_rule_and_reports_a_bad_rule(tmp_path: Path) -> None:
    articles, annotations = _corpus(tmp_path)
    nlp = make_blank_nlp(NLP_PATTERNS)
    annotate(articles, annotations, model=nlp)
    store = AnnotationStore(annotations)
    corpus = {a.id: a for a in read_corpus(articles)[0]}
    one = store.load_annotation("one", corpus["one"])[0]
    index = next(i for i, m in enumerate(one.mentions) if m.text == "Lib Dems")
    ws = SimpleNamespace(annotations={"one": one}, people={}, meetings={})
    edits.relabel(ws, "one", index, "GPE").apply(ws)
    store.save_annotation(one)
    _write(annotations, RULES + "- id: bad\n  phrase: Cardiff\n  label: CITY\n"
                                "- id: ghost\n  phrase: Treasury\n  person: nobody\n")
    summary = annotate(articles, annotations, model=nlp, force=True)
    assert ("Lib Dems", "GPE", None, "analyst", None) in _mentions(annotations, "one")
    assert ("Lib Dems", "ORG", None, "rule", "lib-dems") in _mentions(annotations, "two")
    said = sorted(str(p).removeprefix(f"{annotations}/") for p in summary.problems)
    assert said[0].startswith("patterns.yaml:11: rule 'bad': label: 'CITY' is not one of")
    assert said[1] == "patterns.yaml:12: rule 'ghost': no person 'nobody' in people.yaml"


def test_the_seeds_annotate_unchanged_without_a_rules_file(tmp_path: Path, seeds_dir: Path, blank_nlp) -> None:
    """No patterns.yaml, no change: the same bytes as before rules existed."""
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    annotate(tmp_path / "seeds", tmp_path / "annotations", model=blank_nlp)
    assert not (tmp_path / "annotations" / "patterns.yaml").exists()
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "annotations" / "articles").glob("*.yaml")]
    assert texts and not any("rule" in t for t in texts)


def test_two_processes_apply_the_rules_as_one(tmp_path: Path) -> None:
    """With --jobs the rules are applied where the parses come back, in the main process."""
    written = {}
    for jobs in (1, 2):
        (tmp_path / str(jobs)).mkdir()
        articles, annotations = _corpus(tmp_path / str(jobs))
        _write(annotations, RULES)
        annotate(articles, annotations, model=make_blank_nlp(NLP_PATTERNS), jobs=jobs)
        written[jobs] = {p.name: p.read_bytes() for p in sorted((annotations / "articles").glob("*.yaml"))}
    assert written[1] == written[2]
    assert b"by: rule, rule: lib-dems" in written[2]["one.yaml"]


def test_the_rules_core_imports_neither_textual_nor_spacy_until_it_matches() -> None:
    import subprocess
    import sys

    code = ("import sys, tui.core.patterns, tui.core.rule_match; "
            "print(sorted(m for m in ('textual', 'rich', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.strip() == "[]"
