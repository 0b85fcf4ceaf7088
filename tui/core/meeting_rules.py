"""Find meetings in a parsed sentence by walking the dependency tree around a trigger.

A trigger is a meeting verb ("met", "hosted", "was received by", "sat down with",
"discussed … with") or a meeting noun ("talks", "meeting", "discussions") that has its
own participants ("a meeting with X", "the Xi-Biden meeting") or hangs off a light verb
("held talks with") or a clause ("discussed Ukraine during a meeting").

Participants are the noun phrases in the trigger's frame: subjects (inherited through
"refused to meet", "had no plans to meet", relative clauses, "visited … and met"),
objects, "with"/"between" objects, the agent of a passive, possessors, and the
conjuncts of each. Place and date come only from the trigger's own clause: a
sentence-wide search picks up "said at a press briefing in Beijing".

Calls count as talks (docs/gold-guidelines.md): "spoke by phone with", "a call between
X and Y" give a meeting flagged `call`, whose place is left empty. A trip with no named
counterpart ("Blinken would visit sometime soon") is not a meeting.

People "also present at the meeting", who "attended the talks" or "joined the meeting"
give a report flagged `joins`: they join the meeting the article has just described.

A lede that names nobody ("Senior US and Chinese officials held talks in Beijing") is
kept as an anonymous report when it gives a place: resolution attaches it to the named
meeting the next sentences describe.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from tui.core.names import end_words, looks_like_a_name, name_shaped
from tui.core.title_lexicon import HEADS, PERSON_NOUNS

if TYPE_CHECKING:  # spaCy is imported only by whoever parsed the text
    from spacy.tokens import Doc, Span, Token

MEET_VERBS = {"meet"}
HOST_VERBS = {"host", "receive", "welcome", "greet", "snub"}
WITH_VERBS = {"discuss", "confer", "negotiate"}  # a meeting only with a "with" partner
TALK_VERBS = {"speak", "talk", "chat"}  # a call only: "spoke by phone with"
LIGHT_VERBS = {"hold", "have", "conduct", "attend", "begin", "start", "open", "resume",
               "continue", "wrap", "conclude", "end", "finish", "seek", "request", "propose",
               "reject", "refuse", "decline", "cancel", "scrap", "postpone", "snub", "skip",
               "plan", "arrange", "schedule", "want"}
MEETING_NOUNS = {"meeting", "talks", "discussion", "discussions", "summit", "encounter",
                 "consultation", "consultations", "negotiation", "negotiations", "sit-down",
                 "audience", "tete-a-tete", "tête-à-tête", "bilateral", "call", "calls"}
# Nouns that make a meeting only after a light verb: "had candid communication".
LIGHT_ONLY_NOUNS = {"communication", "dialogue", "dialog", "conversation", "exchange",
                    "exchanges"}
CALL_WORDS = {"phone", "telephone", "call", "video", "videoconference", "video-conference",
              "videolink", "virtually", "virtual", "online", "teleconference", "zoom"}

DECLINE_LEMMAS = {"refuse", "decline", "reject", "snub", "cancel", "scrap", "shun", "rebuff",
                  "avoid", "skip", "boycott", "spurn", "fail", "deny", "rule"}
CANCEL_LEMMAS = {"cancel", "scrap", "abandon", "drop", "shelve", "axe", "scupper"}
DECLINE_PHRASALS = {("turn", "down"), ("call", "off"), ("pull", "out"), ("back", "out")}
PLAN_LEMMAS = {"expect", "schedule", "set", "due", "plan", "agree", "hope", "want", "seek",
               "intend", "prepare", "propose", "arrange", "aim", "invite", "consider",
               "wish", "likely", "poised", "try", "offer", "request", "push", "urge",
               "look", "ask", "postpone", "delay", "expectation", "ready",
               "willing", "eager", "keen", "prepared", "open",
               "prospect", "possibility", "proposal", "preparation", "invitation"}
PLAN_ADJECTIVES = {"planned", "potential", "possible", "upcoming", "proposed", "expected",
                   "future", "next", "anticipated", "prospective", "likely", "scheduled",
                   "forthcoming", "coming", "mooted", "rumoured", "rumored", "hoped-for"}
FUTURE_AUX = {"will", "shall", "'ll", "’ll", "wo", "would", "'d", "could", "may", "might",
              "should", "going"}
# Nouns under which "to meet" is a plan, and whose own subject is the meeter.
PLAN_NOUNS = {"plan", "plans", "expectation", "expectations", "hope", "hopes", "intention",
              "decision", "agreement", "attempt", "bid", "effort", "chance", "opportunity",
              "invitation", "proposal", "offer", "request", "refusal", "need", "groundwork",
              "way", "stage", "preparation", "preparations", "prospect", "prospects"}
# Plural unnamed people who may hold talks in an anonymous lede.
ANONYMOUS_HEADS = {"official", "diplomat", "envoy", "leader", "minister", "delegation",
                   "negotiator", "representative", "side", "delegate", "counterpart"}
# Objects that make "meet" mean something else ("met expectations") or a press encounter.
NOT_PARTICIPANTS = {"expectation", "demand", "need", "target", "requirement", "standard",
                    "criterion", "deadline", "goal", "obligation", "condition", "fate",
                    "end", "challenge", "threshold", "quota", "cost", "press", "reporter",
                    "journalist", "medium", "media", "crowd", "supporter", "letter",
                    "news", "criticism", "approval", "praise", "call", "message", "resistance",
                    "opposition", "response", "reception", "support", "backlash", "applause",
                    "award", "honor", "honour", "degree", "delegation's", "one", "it",
                    "this", "that", "which", "what"}
TITLE_WORDS = {"minister", "secretary", "president", "representative", "director",
               "adviser", "advisor", "ambassador", "premier", "chancellor", "king", "queen",
               "prince", "princess", "spokesman", "spokeswoman", "spokesperson", "envoy",
               "chief", "leader", "governor", "mayor", "senator", "speaker", "chairman",
               "chairwoman", "chair", "official", "diplomat", "general", "admiral", "head",
               "counterpart", "deputy", "vice", "assistant", "undersecretary", "commissioner",
               "councillor", "councilor", "emir", "sultan", "sheikh", "pope", "prime",
               "foreign", "defense", "defence", "commerce", "trade", "state", "mr", "mrs",
               "ms", "dr", "sir", "lord", "lady", "crown", "senior", "top", "first"}
PAIR_HEADS = {"man", "woman", "leader", "official", "minister", "diplomat", "president", "envoy"}
# Definite descriptions that point back to a named person: "the Chinese leader".
ANAPHOR_HEADS = {"leader", "president", "premier", "chancellor", "king", "queen",
                 "minister", "secretary", "pope", "emir", "prince", "monarch", "billionaire"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "i", "me"}
# Head nouns that stand for people: offices, person nouns, and plain words for people.
PERSON_HEADS = (HEADS | PERSON_NOUNS | ANONYMOUS_HEADS | ANAPHOR_HEADS | PAIR_HEADS | {
    "people", "person", "man", "woman", "men", "women", "team", "delegation", "delegate",
    "visitor", "guest", "dignitary", "host", "member", "lawmaker", "dissident", "relative",
    "family", "protester", "worker", "voter", "resident", "citizen", "survivor", "volunteer",
    "friend", "colleague", "ally", "rival", "opponent", "partner", "aide", "staff", "side",
    "leadership", "government", "administration", "cabinet", "chief", "mp", "monarch"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Nouns for a number of people, whose "of" phrase says who: "a group of officials".
COLLECTIVE_NOUNS = {"group", "number", "handful", "dozen", "dozens", "couple", "pair", "contingent",
                    "panel", "party", "team", "delegation", "member", "members"}
# Words that make "meet" a draw in sport ("round" is looked at apart: "a round of talks").
SPORT_NOUNS = {"seed", "final", "semi-final", "quarter-final", "semifinal", "quarterfinal", "semis",
               "fixture", "tournament", "championship", "match"}
INDEFINITE_PRONOUNS = {"anyone", "anybody", "someone", "somebody", "everyone", "everybody", "nobody",
                       "no-one", "whoever", "whomever", "everything", "anything", "something", "nothing"}
# Heads that make an unnamed side someone an analyst could follow up: an office or a role
# ("his Greek counterpart", "union bosses", "dissidents"), not "the player", "visitors",
# "her husband" or "many people".
ROLE_HEADS = HEADS | ANONYMOUS_HEADS | ANAPHOR_HEADS | {
    "mp", "mps", "msp", "mep", "peer", "delegate", "government", "administration", "cabinet",
    "leadership", "aide", "boss", "campaigner", "family", "relative", "victim", "protester"}
# Words whose density marks an article about sport, where "X will meet Y" is a fixture.
SPORT_WORDS = frozenset("""
    match matches tournament championship championships champion champions seed final semi-final
    quarter-final goal goals striker midfielder defender goalkeeper league cup squad fixture
    fixtures season medal medals olympic olympics athlete athletes coach referee stadium scored
    scorer victory defeat title club game games race round rounds team teams player players win
    wins won beat""".split())
SPORT_SHARE = 0.02  # of an article's words; on BBC it marks 90% of sport, 0.5% of politics
SPORT_HITS = 5      # and never on a line or two: "Federer won the title. He met Blair."
SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
# The small model's lemmatizer slips on a few forms that decide a status: "hoping" → "hop".
LEMMA_SLIPS = {"hoping": "hope", "hoped": "hope"}
# "He then chaired a meeting": a meeting after the one just reported, not the same one.
# Times of a life: "met in their youth" tells how two people know each other.
LIFE_STAGES = {"youth", "childhood", "boyhood", "girlhood", "teens", "teenage", "twenties", "student",
               "students", "school", "schooldays", "university", "college"}
SEQUEL_WORDS = {"then", "later", "afterwards", "afterward", "subsequently", "next"}
RELATIVE_PRONOUNS = {"who", "whom", "that", "which"}
SAY_LEMMAS = {"say", "tell", "add", "state", "announce", "write", "insist", "note", "claim"}
PLACE_PREPS = {"in", "at", "inside", "near", "outside"}
TRIP_LEMMAS = {"visit", "trip", "travel", "fly", "journey", "tour", "arrive", "stop",
               "stopover", "welcome"}
PLACE_NOUNS = {"palace", "residence", "embassy", "consulate", "headquarters", "kremlin",
               "white house", "house", "hall", "compound", "estate", "ranch", "retreat"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# A proper noun under one of these labels is not a person's name. ORG is here although
# the model sometimes tags a person as ORG ("Olaf Scholz"): such a side stays in `unnamed`
# and becomes a participant once linking has made it a PERSON mention.
NOT_NAMED_LABELS = {"GPE", "NORP", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "ORG",
                    "EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "MONEY", "PERCENT", "QUANTITY"}
# Children never read as part of a participant's phrase.
PRUNED_DEPS = {"relcl", "acl", "advcl", "conj", "cc", "punct", "parataxis", "ccomp",
               "preconj", "dep"}
# Children of a clause that belong to another clause (their places/dates are not ours).
OTHER_CLAUSE_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "ccomp", "advcl",
                     "parataxis", "relcl", "acl", "conj", "mark", "appos", "poss", "xcomp",
                     "pcomp"}
# A TIME entity that names its day: "Saturday night", "earlier in the day", "tonight".
DAY_IN_TIME = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|"
                         r"tonight|yesterday|tomorrow|in the day)\b", re.IGNORECASE)
DURATION = re.compile(r"^(?:for |about |around |nearly |more than |some )*(?:the )?"
                      r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                      r"several|a few|few|many|\w+ and a half)\b.*\b(?:minute|hour|day|"
                      r"week|month|year)s?$", re.IGNORECASE)


@dataclass(slots=True)
class PersonRef:
    """A PERSON entity seen earlier in the article: an antecedent for "he"."""

    start: int
    end: int
    titles: frozenset[str]
    last: str = ""   # the name's last word, lower-cased: "Xi Jinping" and "Jinping" are one
    tagged: bool = True  # the model tagged it PERSON; else a known name it tagged otherwise
    subject: bool = False  # the subject of its clause: "he" in the next sentence is likelier it

@dataclass(slots=True)
class Found:
    """One meeting reported by one sentence, in article character offsets."""

    sides: list[tuple[int, int]]
    side_texts: list[str]
    named: list[bool]
    status: str
    # per side, a personal name inside it that the model did not tag PERSON, or None
    side_names: list[tuple[int, int] | None]
    sentence: tuple[int, int]
    trigger: str
    trigger_span: tuple[int, int]
    place: str | None = None
    place_span: tuple[int, int] | None = None
    date_text: str | None = None
    date_span: tuple[int, int] | None = None
    call: bool = False
    joins: bool = False
    sequel: bool = False
    group: bool = False    # an unnamed side is an outside group: "dissidents", "members of Congress"


@dataclass(slots=True)
class _Side:
    tokens: list[Token]
    antecedent: PersonRef | None = None


@dataclass(slots=True)
class ArticleState:
    """What the rules remember while reading an article, paragraph by paragraph."""

    people: list[PersonRef] = field(default_factory=list)  # person names so far, in order
    surnames: set[str] = field(default_factory=set)        # their last words, lower-cased
    # The named people of the last meeting found, and where its sentence ends:
    # "the two men" after it are they.
    pair: tuple[int, list[PersonRef]] | None = None
    sport: bool = False  # an article about sport (`about_sport`)
    organisations: Counter[str] = field(default_factory=Counter)   # ORG entities of the article, by text
    person_words: set[str] = field(default_factory=set)            # the words of its PERSON entities


def about_sport(text: str) -> bool:
    """An article dense in the words of sport, scores ("5-7 6-0") counted too."""
    words = re.findall(r"[a-z][a-z-]*", text.lower())
    hits = sum(w in SPORT_WORDS for w in words) + len(SCORE.findall(text))
    return hits >= max(SPORT_HITS, SPORT_SHARE * len(words))


@dataclass(slots=True)
class _Context:
    """What a sentence's rules may look back at."""

    history: list[PersonRef]      # person names of earlier sentences
    persons: list[Span]           # PERSON entities of this sentence
    offset: int                   # the paragraph's offset in the article
    names: set[str]               # last words of the article's person names, lower-cased
    state: ArticleState
    marks: list[int]              # _marks() of the paragraph's Doc


@dataclass(slots=True)
class _Frame:
    trigger: Token
    call: bool = False
    joins: bool = False
    verbs: list[Token] = field(default_factory=list)   # trigger's verb chain, innermost first
    sides: list[_Side] = field(default_factory=list)
    # "failed to agree during talks": the talks are the verb's circumstance; the verb's
    # failure says nothing of whether they took place, nor does a plan made in the past
    circumstance: bool = False


def find_meetings(doc: Doc, offset: int, text: str, state: ArticleState) -> list[Found]:
    """Meetings in one parsed paragraph; `state` carries what earlier paragraphs said
    (names for pronouns and "the two men") and is updated."""
    found: list[Found] = []
    if not doc.has_annotation("DEP"):
        return found  # the rules read the parse; a pipeline without a parser finds nothing
    history = state.people
    marks = _marks(doc)
    for sent in doc.sents:
        persons = [e for e in sent.ents if e.label_ == "PERSON"]
        # Kept up to date sentence by sentence: gathered from the whole history for each
        # sentence, they cost O(n²) on a long article.
        state.surnames.update(_surnames(persons, offset, text))
        ctx = _Context(history, persons, offset, state.surnames, state, marks)
        seen: set[frozenset[tuple[int, int]]] = set()
        for i in range(sent.start, sent.end):
            if not marks[i] & _TRIGGER:   # _frame would say None
                continue
            token = doc[i]
            frame = _frame(token, ctx)
            if frame is None:
                continue
            result = _finish(frame, sent, ctx, text)
            if result is not None and frozenset(result.sides) not in seen:
                seen.add(frozenset(result.sides))
                found.append(result)
            if result is not None and not result.joins and sum(result.named) >= 2:
                state.pair = (result.sentence[1], [PersonRef(a, b, frozenset())
                                                   for (a, b), named in zip(result.sides, result.named) if named])
        _decline_snubbed(sent, found, offset, marks)
        # Names of this sentence, also those the model tagged otherwise ("Biden" as ORG).
        history.extend(_refs_before(sent, len(doc), ctx))
    return found


# What a token may be, told from its word and lemma (and part of speech) without making a
# Token object of it: find_meetings looks closer only at the tokens marked so. Walking
# every token's attributes in Python took 4 s of the BBC corpus's annotate.
_TRIGGER, _SNUB, _PROPN = 1, 2, 4
_word_marks: dict[int, int] = {}   # a string's hash → _TRIGGER | _SNUB, for it as a word or a lemma


def _marks(doc: Doc) -> list[int]:
    """For each token of doc: _TRIGGER when _frame may find a frame at it (its word or
    lemma, lower-cased, is a trigger word), _SNUB when its lemma may be in SNUB_LEMMAS,
    _PROPN for a proper noun. More may be marked than is: a mark says where to look."""
    from spacy.attrs import LEMMA, LOWER, POS
    from spacy.parts_of_speech import PROPN

    strings = doc.vocab.strings
    marks = []
    for word, lemma, pos in doc.to_array([LOWER, LEMMA, POS]).tolist():
        mark = _PROPN if pos == PROPN else 0
        for key in (word, lemma):
            known = _word_marks.get(key)
            if known is None:
                text = strings[key].lower()
                known = _word_marks[key] = ((_TRIGGER if text in _TRIGGER_WORDS else 0)
                                            | (_SNUB if text in SNUB_LEMMAS else 0))
            mark |= known
        marks.append(mark)
    return marks


def _decline_snubbed(sent: Span, found: list[Found], offset: int, marks: list[int]) -> None:
    """ "were expected to rub shoulders …, but Xi snubbed that meeting": the plan fell through."""
    for i in range(sent.start, sent.end):
        if not marks[i] & _SNUB:
            continue
        token = sent.doc[i]
        if token.lemma_.lower() not in SNUB_LEMMAS:
            continue
        for obj in token.children:
            if (obj.dep_ == "dobj" and obj.lower_ in MEETING_NOUNS | {"summit", "event", "gathering"}
                    and any(c.dep_ == "det" and c.lower_ in ("that", "the", "this") for c in obj.children)
                    and not _with_objects(obj) and not _between_objects(obj)):
                start, end = sent.start_char + offset, sent.end_char + offset
                for item in found:
                    if item.sentence == (start, end) and item.status == "planned":
                        item.status = "declined"


def _surnames(persons: list[Span], offset: int, text: str) -> set[str]:
    """Last words of these PERSON names, lower-cased; and a first word that the article
    also uses alone ("Abiy" of "Abiy Ahmed", "Tamim" of "Tamim bin Hamad Al Thani"): where
    the given name is how the person is called, the article itself says so."""
    out: set[str] = set()
    for e in persons:
        words = text[e.start_char + offset:e.end_char + offset].split()
        if not words:
            continue
        key = " ".join(words).lower()
        out.update(end_words(key)[1:] if len(words) > 1 else (key,))
        while len(words) > 2 and words[0].lower() in TITLE_WORDS:
            words = words[1:]   # the model's span may hold titles: "Emir Sheikh Tamim bin Hamad"
        first = words[0]
        if len(words) > 1 and len(first) > 2 and first.isalpha() and first.lower() not in TITLE_WORDS \
                and re.search(rf"\b{re.escape(first)}\b(?!\s+{re.escape(words[1])}\b)", text):
            out.add(first.lower())
    return out


def _refs_before(sent: Span, end: int, ctx: _Context) -> list[PersonRef]:
    """The sentence's names before token `end` in reading order, also those the model
    tagged otherwise or not at all ("Biden" as ORG, "Modi" untagged) when the article
    names a person so."""
    refs = [_person_ref(e, ctx.offset) for e in ctx.persons if e.end <= end]
    doc, marks = sent.doc, ctx.marks
    refs += [PersonRef(t.idx + ctx.offset, t.idx + len(t) + ctx.offset, frozenset(), t.lower_,
                       tagged=False, subject=_subject_like(t))
             for t in (doc[i] for i in range(sent.start, min(sent.end, end)) if marks[i] & _PROPN)
             if t.pos_ == "PROPN" and t.ent_type_ != "PERSON" and t.lower_ in ctx.names]
    return sorted(refs, key=lambda r: r.start)


def _person_ref(ent: Span, offset: int) -> PersonRef:
    titles = {t.lower_ for t in ent.root.children if t.dep_ == "compound"}
    titles |= {t.lower_ for t in ent}
    # "Secretary of State Hillary Clinton": the title before the name, so that "the
    # Secretary" can point back to her
    for t in reversed(ent.doc[max(0, ent.start - 6):ent.start]):
        if t.pos_ not in ("PROPN", "NOUN", "ADP", "ADJ"):
            break
        titles.add(t.lower_)
    return PersonRef(ent.start_char + offset, ent.end_char + offset, frozenset(titles), ent[-1].lower_,
                     subject=_subject_like(ent.root))


def _subject_like(token: Token) -> bool:
    """The subject, or whose the subject is: "Mr Straw's China trip is part of …" makes
    Straw the "he" of the next sentence."""
    return token.dep_ in SUBJECT_DEPS or token.dep_ == "poss" and token.head.dep_ in SUBJECT_DEPS


# --- triggers and frames ---------------------------------------------------------------

def _frame(token: Token, ctx: _Context) -> _Frame | None:
    lemma = token.lemma_.lower()
    lower = token.lower_
    if token.pos_ in ("VERB", "AUX") and token.tag_ != "NN":
        frame = None
        if lemma in MEET_VERBS:
            frame = _verb_frame(token, ctx, objects=True)
        elif lemma in HOST_VERBS:
            frame = _verb_frame(token, ctx, objects=True, need_object=True)
        elif lemma == "sit" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            frame = _verb_frame(token, ctx, objects=False)
        elif lemma in WITH_VERBS and _with_objects(token, deep=True):
            frame = _verb_frame(token, ctx, objects=False)
        elif lemma == "rub" and any(c.lower_ == "shoulders" for c in token.children):
            frame = _verb_frame(token, ctx, objects=False)  # "rub shoulders (with)"
        elif lemma in TALK_VERBS and _is_call(token):
            frame = _verb_frame(token, ctx, objects=False)
        if frame is not None:
            frame.call = _is_call(token)
        return frame
    if token.pos_ in ("NOUN", "PROPN") and (lower in MEETING_NOUNS or lemma in MEETING_NOUNS):
        if lower == "talk" or (lemma == "talk" and token.tag_ != "NNS"):
            return None
        return _noun_frame(token, ctx, light_only=False)
    if token.pos_ == "NOUN" and lower in ATTENDED_NOUNS:
        return _joining_frame(token, ctx)  # "took part in the dinner": only as a joiner
    if token.pos_ == "NOUN" and (lower in LIGHT_ONLY_NOUNS or lemma in LIGHT_ONLY_NOUNS):
        return _noun_frame(token, ctx, light_only=True)
    return None


def _followed_by_infinitive(token: Token) -> bool:
    """ "call to publish": the parser may hang the verb anywhere, the words are next."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to" and doc[token.i + 2].pos_ == "VERB"


def _is_call(token: Token) -> bool:
    """ "spoke by phone", "held talks by video link", "met virtually"."""
    for child in token.subtree:
        if child.lower_ in CALL_WORDS and child.head.i in (token.i, *(c.i for c in token.children)):
            return True
    return False


def _verb_frame(verb: Token, ctx: _Context, *, objects: bool,
                need_object: bool = False) -> _Frame | None:
    frame = _Frame(trigger=verb, verbs=_chain(verb, purpose=True))
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subjects = _subjects(verb)
    counterparts: list[Token] = []
    if objects:
        counterparts += [c for c in verb.children if c.dep_ in ("dobj", "dative")
                         or _misparsed_object(c)]
    counterparts += _with_objects(verb, deep=not objects)
    if verb.lemma_.lower() in TALK_VERBS:
        # "spoke to Abe by telephone": on a call "to" names the other side, but "spoke to
        # reporters", "to the BBC" do not, so only a person the model or the article names
        counterparts += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                         for g in c.children if g.dep_ == "pobj" and _named_person(g, ctx)]
        # "spoke by telephone with Trump": the parser hangs the partner on the telephone
        counterparts += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
                         for call in c.children if call.dep_ == "pobj" and call.lower_ in CALL_WORDS
                         for g in _with_objects(call)]
    if passive:
        counterparts += [g for c in verb.children if c.dep_ == "agent"
                         for g in c.children if g.dep_ == "pobj"]
    for visiting in [c for c in verb.children if c.lower_ == "visiting" and c.dep_ in ("xcomp", "advcl")]:
        # "Xi received visiting Spanish Prime Minister Pedro Sanchez at …": the parser
        # makes "visiting" a verb with the guest as its object
        counterparts += [g for g in visiting.children if g.dep_ == "dobj"]
        frame.verbs.append(visiting)
    counterparts = [c for c in counterparts if _person_like(c, ctx)]
    if verb.lemma_.lower() in HOST_VERBS:
        counterparts = [c for c in counterparts if _guest(c, ctx)]
    if verb.lemma_.lower() == "welcome":
        # "welcomed delegates to the conference", "would welcome BNP voters": only a
        # named guest makes a welcome a meeting
        counterparts = [c for c in counterparts if any(t.ent_type_ == "PERSON" or t.pos_ == "PRON"
                                                       for t in _phrase(c))]
    if need_object and not counterparts:
        return None
    subjects = [c for c in subjects if _person_like(c, ctx)]  # not "Tuesday's meeting is hosted by"
    if need_object and not subjects:
        return None  # "the show will be hosted by Queen Latifah": a host needs a guest
    for head in subjects + counterparts:
        frame.sides += _sides(head, ctx)
    _absorb_title_prep(verb, frame)
    return frame


def _guest(token: Token, ctx: _Context) -> bool:
    """Whom one hosts, receives or greets: a person, not "the Top 20 Video Countdown",
    "the children's show Fat Albert" or "children's shows Motormouth"."""
    if token.pos_ == "NOUN":
        return _person_noun(token) or token.lemma_.lower() in COLLECTIVE_NOUNS
    if token.pos_ != "PROPN":
        return True
    if token.head.pos_ == "NOUN" and not _person_noun(token.head):
        return False  # the parser hangs "Motormouth" on "shows"
    return not any(t.like_num or t.pos_ == "NOUN" and t.i < token.i and not _person_noun(t)
                   and t.dep_ != "poss" for t in _phrase(token, keep_preps=False))


def _joining_frame(noun: Token, ctx: _Context) -> _Frame | None:
    """ "X also took part in the dinner": X joins the meeting reported just before."""
    attendees = _attendees(noun)
    if not attendees:
        return None
    frame = _Frame(trigger=noun, verbs=_noun_chain(noun), joins=True)
    for person in attendees:
        if _person_like(person, ctx):
            frame.sides += _sides(person, ctx)
    return frame


def _noun_frame(noun: Token, ctx: _Context, *, light_only: bool) -> _Frame | None:
    if not light_only and (frame := _joining_frame(noun, ctx)):
        return frame
    if noun.lemma_.lower() == "call" and (_followed_by_infinitive(noun) or any(
            c.dep_ == "prep" and c.lower_ == "for" for c in noun.children)):
        return None  # "rejected the Lib Dems' call to open the books", "calls for reform": demands
    head = noun.head
    light = (noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in LIGHT_VERBS
             and head.pos_ in ("VERB", "AUX"))
    if light_only and not light:
        return None
    if light and head.lemma_.lower() in {"snub", "skip"} and not _with_objects(noun):
        return None  # "snubbed that meeting": no partner named in the clause
    frame = _Frame(trigger=noun, verbs=_chain(head) if light else _noun_chain(noun))
    if noun.dep_ == "nsubj" and head.lemma_.lower() in ("take", "happen", "occur"):
        frame.verbs = _chain(head)  # "the summit … took place in Woodside": its place and date
    frame.call = noun.lower_ in ("call", "calls") or _is_call(noun) or (light and _is_call(head))
    own = _with_objects(noun) + _between_objects(noun)
    own += [c for c in noun.children if c.dep_ == "poss"]
    # "the Xi-Biden meeting": both names are compounds of the noun, or of each other.
    # Only bare names count: "the G-20 summit", "the BRICS summit" are not participants.
    names = [c for c in noun.children if c.dep_ == "compound" and _bare_name(c)]
    names += [g for c in names for g in c.children if g.dep_ == "compound" and _bare_name(g)]
    inherited: list[Token] = []
    if light:
        inherited = _subjects(head) + _with_objects(head)
    elif ((outer := _measured(noun)).dep_ == "pobj"
          and outer.head.lower_ in {"during", "at", "after", "following", "before", "in", "on", "ahead"}
          and outer.head.head.pos_ in ("VERB", "AUX")
          and outer.head.head.lemma_.lower() != "be"):  # "is in talks with": the talks are the news
        verb = outer.head.head  # "discussed Ukraine during a meeting", "after five hours of talks"
        if _frame(verb, ctx) is not None:
            return None  # "met Xi at the summit": the verb is the report
        inherited = _subjects(verb) + _with_objects(verb)
        frame.verbs = _chain(verb)
        frame.circumstance = True
    elif _with_objects(noun) and not _between_objects(noun) and len(own) == len(_with_objects(noun)) \
            and not names:
        inherited = _governing_agent(noun)  # "rejected a meeting with", "hours of talks with"
    heads = [h for h in own + inherited + _hosts(noun) if _person_like(h, ctx) or _the_two(h, ctx)]
    for h in heads:
        frame.sides += _sides(h, ctx)
    frame.sides += [_Side([n]) for n in names]
    return frame


def _measured(noun: Token) -> Token:
    """ "five hours of talks", "two rounds of talks": the measure stands where the talks do."""
    if (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN"
            and noun.head.head.lemma_.lower() in MEASURE_NOUNS):
        return noun.head.head
    return noun


def _hosts(noun: Token) -> list[Token]:
    """ "talks in Quito hosted by Correa": the hosts take part (the parser may hang
    "hosted" on the place)."""
    return [g for t in noun.subtree if t.dep_ == "acl" and t.lemma_.lower() == "host"
            for a in t.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]


ATTEND_VERBS = {"attend", "join"}
SNUB_LEMMAS = {"snub", "skip", "miss", "cancel", "boycott", "scrap", "shun"}
PAIR_NOUNS = PAIR_HEADS
PAIR_REACH = 600  # chars between "the two men" and the people they are
ATTENDED_NOUNS = {"meeting", "talks", "discussions", "meetings", "discussion", "negotiations",
                  "dinner", "lunch", "breakfast"}
# Every word _frame starts a frame at, as a word or a lemma (see _marks).
_TRIGGER_WORDS = frozenset(MEET_VERBS | HOST_VERBS | WITH_VERBS | TALK_VERBS | {"sit", "rub"} | MEETING_NOUNS
                           | ATTENDED_NOUNS | LIGHT_ONLY_NOUNS)
MEASURE_NOUNS = {"minute", "hour", "day", "night", "week", "round", "session"}


def _attendees(noun: Token) -> list[Token]:
    """Who was "also present at the meeting", "attended the talks", "joined the meeting":
    the subjects of that clause and anyone "along with" them. Only for "the/that meeting"
    without partners of its own, which points back at a meeting already described."""
    if noun.lower_ not in ATTENDED_NOUNS or _with_objects(noun) or _between_objects(noun):
        return []
    if not any(c.dep_ == "det" and c.lower_ in ("the", "that", "this", "these") for c in noun.children):
        return []
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in ATTEND_VERBS:
        clause = head
    elif (noun.dep_ == "pobj" and head.lower_ in ("at", "in") and head.head.lower_ == "present"
          and head.head.dep_ == "acomp"):
        clause = head.head.head  # "were also present at the meeting"
    elif (noun.dep_ == "pobj" and head.lower_ == "in"
          and head.head.lemma_.lower() in ("participate", "take")):
        clause = head.head  # "took part in the talks"
    else:
        return []
    people = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    people += [g for c in clause.children if c.dep_ == "prep" and c.lower_ == "along"
               for w in c.children if w.lower_ == "with" for g in w.children if g.dep_ == "pobj"]
    people += [g for c in clause.children if c.dep_ == "prep" and c.lower_ == "with"
               for g in c.children if g.dep_ == "pobj"]
    return people


def _bare_name(token: Token) -> bool:
    return _named_token(token) and token.ent_type_ in ("PERSON", "")


def _misparsed_object(token: Token) -> bool:
    """ "She met Tunisian President Kais Saied at …": the parser made the name an advcl."""
    return token.dep_ in ("advcl", "npadvmod", "attr", "oprd") and token.pos_ == "PROPN" \
        and token.ent_type_ == "PERSON" and token.i > token.head.i


def _governing_agent(noun: Token) -> list[Token]:
    """Who holds the talks when the noun says only the partner: the subject of the verb
    above it, or the possessor of that subject ("Blinken's meeting … followed talks")."""
    node = noun
    while node.dep_ in ("pobj", "prep", "dobj", "attr", "nsubjpass") and node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            agents = _subjects(node)
            out: list[Token] = []
            for agent in agents:
                if agent.lower_ in MEETING_NOUNS or agent.lemma_.lower() in MEETING_NOUNS:
                    out += [c for c in agent.children if c.dep_ == "poss"]
                else:
                    out.append(agent)
            return out
    return []


def _noun_chain(noun: Token) -> list[Token]:
    """Governing words that decide a noun trigger's status: "rejected a meeting",
    "prepare for a potential meeting", "hopes of a meeting" — but not "as a result of
    the meeting", whose governor says nothing about it."""
    chain = [noun]
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        return chain + _chain(noun.head)
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        governor = noun.head.head
        if governor.pos_ in ("VERB", "AUX"):
            # "laying the groundwork for a call", "paving the way for talks"
            plans = [c for c in governor.children if c.dep_ == "dobj" and c.lower_ in PLAN_NOUNS]
            return chain + plans + _chain(governor)
        if governor.lower_ in PLAN_NOUNS or governor.lemma_.lower() in PLAN_LEMMAS:
            return chain + [governor]
    if noun.dep_ == "nsubj" and noun.head.pos_ in ("VERB", "AUX"):
        # "the meeting … is due to take place": only a plan word says more than the tense
        return chain + [noun.head] + [c for c in noun.head.children
                                      if c.dep_ == "acomp" and c.lemma_.lower() in PLAN_LEMMAS]
    return chain


def _chain(verb: Token, *, purpose: bool = False) -> list[Token]:
    """The verb and the verbs/nouns it is the complement of: meet ← refused, meet ←
    scheduled, meet ← plans ← had. Stops at a clause boundary; with `purpose`, a meeting
    verb also takes the trip it is the purpose of ("will travel to Beijing to meet")."""
    chain = [verb]
    node = verb
    while node.dep_ in ("xcomp", "acl", "pcomp", "prep", "pobj", "amod") and node.head.i != node.i:
        node = node.head
        chain.append(node)
        if node.pos_ in ("NOUN",) and node.lower_ in PLAN_NOUNS:
            continue
        if node.pos_ not in ("VERB", "AUX", "ADJ"):
            if node.dep_ not in ("prep", "pobj", "dobj", "acomp"):
                break
    if node.dep_ in ("dobj", "acomp", "attr") and node.head.i != node.i:
        chain.append(node.head)  # "had no plans to meet": plans ← had
    elif purpose and node.dep_ == "conj" and node.head.pos_ in ("VERB", "AUX"):
        chain += _chain(node.head)  # "will visit Washington and meet Biden": the tense is on visit
    elif purpose and node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        chain += _chain(node.head)  # "will travel to Beijing next month to meet Xi": the trip's tense;
        # "prepared to head to Brussels to meet Bush": and what governs the trip
    return chain


def _subjects(verb: Token) -> list[Token]:
    """The subject of a verb, inherited through complements, coordination and relatives."""
    node = verb
    for _ in range(6):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            if node.dep_ == "relcl" and subjects[0].lower_ in RELATIVE_PRONOUNS:
                return [node.head]  # "Xi, who met Biden": the relative's antecedent
            if subjects[0].lower_ in ("they", "them") and (pair := _coordinated_subject(node)):
                return [pair]  # "Netanyahu and Biden did not discuss it when they met"
            return subjects
        if node.dep_ == "relcl":
            return []
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
            if node.head.lower_ in PLAN_NOUNS or node.head.lemma_.lower() in PLAN_NOUNS:
                node = node.head.head  # "had no plans to meet": the subject of "had"
                continue
            return [node.head]  # "Wang Yi, meeting his counterpart, said"
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "dobj", "acomp"):
            node = node.head
            continue
        return []
    return []


def _coordinated_subject(verb: Token) -> Token | None:
    """The coordinated subject ("A and B") of a clause above `verb`, for "they"."""
    node = verb
    while node.head.i != node.i:
        node = node.head
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in child.children):
                return child
    return None


def _with_objects(token: Token, *, deep: bool = False) -> list[Token]:
    """ "met with X"; with `deep`, also "discussed issues with X" (the parser hangs the
    "with" on the object)."""
    holders = [token]
    if deep:
        holders += [c for c in token.children if c.dep_ == "dobj"]
    return [g for h in holders for c in h.children
            if c.dep_ == "prep" and (c.lower_ in ("with", "alongside")
                                     or c.lower_ == "from" and h.lemma_.lower() == "call")  # "calls from X"
            for g in c.children if g.dep_ == "pobj"]


def _between_objects(token: Token) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
            for g in c.children if g.dep_ == "pobj"]


def _person_like(token: Token, ctx: _Context) -> bool:
    """Positively a person, or people: a name, a pronoun, or a phrase whose head (or a
    word under it) is a person noun ("her counterpart", "members of Congress"). "Welcomed
    the report", "received a first reading" and "met their early teens" have no side."""
    words = {token.lemma_.lower(), token.lower_}
    if words & NOT_PARTICIPANTS or words & MEETING_NOUNS or words & LIGHT_ONLY_NOUNS:
        return False
    if token.tag_ == "NNPS" and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return False  # "the Gunners", "the Blues": a team or a party, not a person's name
    if token.pos_ == "PROPN" and token.lower_ in ctx.names and not _place_ahead(token) \
            and not any(c.lower_ in ("a", "an") or c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
        return True  # "met Abiy" tagged LAW, "met May" DATE: the article names a person so
    if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY",
                           "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"):
        return False  # "hosted the Tonight Show", "Meet the Fockers"
    if token.lower_ in INDEFINITE_PRONOUNS:
        return False  # "not in discussion with anyone else": no one in particular
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        # "met China" is no person, but the model tags some surnames as places:
        # "Ursula von der Leyen" ends in a GPE "Leyen"; "Blinken" comes out as GPE.
        return (token.lower_ in ctx.names
                or any(t.ent_type_ == "PERSON" or t.lower_ in TITLE_WORDS for t in token.subtree))
    if token.ent_type_ == "ORG" and token.pos_ == "PROPN" and token.lower_ not in ctx.names:
        # the model tags some people ORG ("Olaf Scholz", a lone "Tsipras"); a club or a firm
        # of several words ("met Dundee United") has no given name and no title
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        if ent is not None and len(ent) > 1:
            return looks_like_a_name(ent.text) or any(t.lower_ in TITLE_WORDS for t in token.subtree)
    if token.pos_ == "PROPN" and any(c.dep_ == "poss" and c.pos_ == "PRON" or c.lower_ in ("a", "an")
                                     for c in token.children):
        return False  # "receiving her Oscar", "received an Oscar": a thing, not a person
    if token.pos_ in ("PROPN", "PRON"):
        return True
    # "Obama's remarks", "Mr Brown's speech", "the words of Mr Snow": a person's thing is
    # not a person; "a group of officials" is people
    # "three Oscar nominations": a name that only qualifies the head is no person either
    return token.pos_ == "NOUN" and any(
        t.ent_type_ == "PERSON" and t.dep_ != "compound" or _person_noun(t)
        for t in _phrase(token, keep_poss=False, keep_preps=token.lemma_.lower() in COLLECTIVE_NOUNS))


def _place_ahead(token: Token) -> bool:
    """ "in Jordan", "to Chelsea": a word after a place preposition reads as the place."""
    return token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS | {"to", "from"}


def _person_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and (
        token.lemma_.lower() in PERSON_HEADS or token.lower_.removesuffix("s") in PERSON_HEADS)


def _named_person(token: Token, ctx: _Context) -> bool:
    return token.ent_type_ == "PERSON" or token.lower_ in ctx.names and token.pos_ == "PROPN"


def _named_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.lower_ not in TITLE_WORDS


def _absorb_title_prep(verb: Token, frame: _Frame) -> None:
    """A title split off by the parser ("met Assistant Secretary of State | for East Asian
    Affairs Daniel Kritenbrink") joins the object it directly follows."""
    if not frame.sides:
        return
    last = frame.sides[-1]
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in ("for", "of"):
            continue
        sub = list(child.subtree)
        if child.i != last.tokens[-1].i + 1 or any(t.ent_type_ in ("DATE", "TIME") for t in sub):
            continue
        last.tokens = sorted(set(last.tokens) | set(sub), key=lambda t: t.i)


# --- participants ----------------------------------------------------------------------

def _sides(head: Token, ctx: _Context) -> list[_Side]:
    """One side per conjunct: "Raimondo and Tai" are two participants."""
    if (pair := _the_two(head, ctx)) is not None:
        return [_Side([head], ref) for ref in pair]
    if head.tag_ == "NNS" and _person_noun(head):
        # "with aides including Susan Rice": the people named are the participants
        named = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "including"
                 for g in c.children if g.dep_ == "pobj"]
        head = named[0] if named else head
    conjuncts = [head]
    queue = [head]
    while queue:
        node = queue.pop()
        # "Beran, the … director, and Nicholas Burns": the parser hangs the conjunct on
        # the apposition.
        appositions = [c for c in node.children if c.dep_ == "appos"]
        for child in [*node.children, *(g for a in appositions for g in a.children)]:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
                conjuncts.append(child)
                queue.append(child)
    conjuncts.sort(key=lambda t: t.i)
    sides: list[_Side] = []
    for conj in conjuncts:
        tokens = sorted(_phrase(conj), key=lambda t: t.i)
        while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
            tokens.pop(0)
        while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "case"):
            tokens.pop()
        if not tokens:
            continue
        tokens = list(head.doc[tokens[0].i:tokens[-1].i + 1])
        if (sides and not _is_named(sides[-1].tokens, ctx) and sides[-1].antecedent is None
                and sides[-1].tokens[-1].i + 1 == tokens[0].i):
            sides[-1].tokens += tokens  # "Trade Representative | Katherine Tai": one person
            continue
        for part in _split_people(tokens):
            sides.append(_Side(part, _antecedent(conj, part, ctx)))
    return sides


def _split_people(tokens: list[Token]) -> list[list[Token]]:
    """A phrase the parser glued together ("Kritenbrink and Vice Foreign Minister Ma
    Zhaoxu" as one noun phrase) is cut at an "and" with a person on either side."""
    for k, token in enumerate(tokens):
        if token.dep_ == "cc" or token.lower_ in ("and", "&"):
            left, right = tokens[:k], tokens[k + 1:]
            while left and left[-1].is_punct:
                left.pop()
            if any(t.ent_type_ == "PERSON" for t in left) and any(t.ent_type_ == "PERSON" for t in right):
                return [left] + _split_people(right)
    return [tokens]


def _the_two(head: Token, ctx: _Context) -> list[PersonRef] | None:
    """ "The two men had a conversation", "is due to meet both leaders": the pair of the
    meeting just reported, else the last two people named shortly before. "Osman visited
    Addis Ababa with Yemane, when both men met Abiy": "both" takes the two its own sentence
    has just named first."""
    the = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    if head.lower_ == "two" and head.pos_ == "NUM" and the:
        both = False   # "a meeting between the two"
    elif head.tag_ == "NNS" and head.lemma_.lower() in PAIR_NOUNS:
        both = any(c.dep_ in ("det", "predet") and c.lower_ == "both" for c in head.children)
        if not both and not (the and any(c.dep_ == "nummod" and c.lower_ == "two" for c in head.children)):
            return None
    else:
        return None
    at = head.idx + ctx.offset
    if both:
        named = {r.last: r for r in _refs_before(head.sent, head.i, ctx)}
        if len(named) == 2:
            return sorted(named.values(), key=lambda r: r.start)
    pair = ctx.state.pair
    if pair is not None and 0 <= at - pair[0] <= PAIR_REACH and len(pair[1]) == 2:
        return pair[1]
    here = [_person_ref(e, ctx.offset) for e in ctx.persons if e.end <= head.i]
    distinct: list[PersonRef] = []
    seen: set[str] = set()
    for ref in chain(reversed(here), reversed(ctx.history)):   # no copy of the whole history
        key = ref.last or str(ref.start)
        if key not in seen:
            seen.add(key)
            distinct.append(ref)
        if len(distinct) == 2:
            break
    if len(distinct) == 2 and all(0 <= at - r.start <= PAIR_REACH for r in distinct):
        return distinct[::-1]
    return None


def _phrase(token: Token, keep_poss: bool = True, keep_preps: bool = True) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ in PRUNED_DEPS or (child.dep_ == "poss" and not keep_poss):
            continue
        if child.dep_ == "prep" and (not keep_preps or child.lower_ not in ("of", "for")
                                     or any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree)):
            continue
        out += _phrase(child, keep_poss, keep_preps)
    return out


def _is_named(tokens: list[Token], ctx: _Context) -> bool:
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return True
    root = min(tokens, key=lambda t: _depth(t))
    if not _named_token(root):
        return False
    # "Biden" tagged ORG or GPE is still a name when the article names a person so.
    return root.ent_type_ not in NOT_NAMED_LABELS or root.lower_ in ctx.names


def _untagged_name(tokens: list[Token], ctx: _Context, offset: int) -> tuple[int, int] | None:
    """The personal name in a participant's phrase that the model left untagged or
    mislabelled ("his Greek counterpart Yanis Varoufakis" with "Yanis" NORP,
    "met Abbott" GPE), as article offsets. One word counts only when the article names a
    person so; a run the model tagged needs a person noun before it or a given name."""
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return None
    runs: list[list[Token]] = []
    for t in tokens:
        hyphen = t.text == "-" and not t.whitespace_ and runs and runs[-1][-1].i + 1 == t.i \
            and not t.nbor(-1).whitespace_
        if hyphen or _named_token(t) and (t.ent_type_ in ("", "ORG", "NORP") or t.lower_ in ctx.names):
            if runs and runs[-1][-1].i + 1 == t.i:
                runs[-1].append(t)
            else:
                runs.append([t])
    for run in runs:
        while run and run[-1].text == "-":
            run.pop()
        name = run[0].doc[run[0].i:run[-1].i + 1].text
        if len(name.split()) == 1:
            ok = run[-1].lower_ in ctx.names   # "Abbott", "Dlamini-Zuma"
        else:
            vouched = any(_person_noun(t) for t in tokens if t.i < run[0].i)
            ok = name_shaped(name) and (all(t.ent_type_ == "" for t in run) or vouched
                                        or looks_like_a_name(name))
        if ok:
            return run[0].idx + offset, run[-1].idx + len(run[-1].text) + offset
    return None


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _antecedent(head: Token, tokens: list[Token], ctx: _Context) -> PersonRef | None:
    """Who "he", "I" (in a quote) or "the Chinese leader" stands for."""
    if _is_named(tokens, ctx):
        return None
    history, offset = ctx.history, ctx.offset
    lower = head.lower_
    before = _refs_before(head.sent, tokens[0].i, ctx)
    if lower in PERSONAL_PRONOUNS and head.pos_ == "PRON":
        speaker = _speaker(head, ctx)
        if speaker is not None:
            return _person_ref(speaker, offset)
        if head.dep_ in SUBJECT_DEPS and (governing := _governing_subject(head, ctx)) is not None:
            return governing
        if before:
            return before[-1]
        # "Obama held talks with Hailemariam. He then chaired…": a subject pronoun is the
        # last subject, not the last name
        recent = history[-3:]
        subjects = [r for r in recent if r.subject] if head.dep_ in SUBJECT_DEPS else []
        last = subjects or recent
        return last[-1] if last else None
    det = [c.lower_ for c in head.children if c.dep_ == "det"]
    if det == ["the"] and head.lemma_.lower() in ANAPHOR_HEADS and head.tag_ in ("NN", "NNP"):
        word = head.lemma_.lower()
        for ref in reversed(history[-6:] + before):
            if word in ref.titles or (word == "leader" and ref.titles & {"president", "premier",
                                                                       "chancellor", "king"}):
                return ref
    return None


def _speaker(pronoun: Token, ctx: _Context) -> Span | None:
    """ "Biden said … I'll be meeting Xi": the named subject of the reporting verb; not "…,
    the State Department said", whose subject is no person."""
    node = pronoun.head
    while node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in SAY_LEMMAS:
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            return _name_span(subject, ctx) if subject is not None else None
    return None


def _governing_subject(pronoun: Token, ctx: _Context) -> PersonRef | None:
    """ "Pompeo … called off the visit and flew to Baghdad, where he met Abdul Mahdi": a
    subject "he" in a clause hung under another is that clause's named subject, not the last
    name before it (Merkel). Subjects that are pronouns themselves are passed over."""
    node = pronoun.head
    while node.head.i != node.i:
        node = node.head
        subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.pos_ == "PRON":
            continue
        name = _name_span(subject, ctx)
        if name is None:
            return None
        ref = _person_ref(name, ctx.offset)
        ref.tagged = subject.ent_type_ == "PERSON"  # else the side names itself, as for _refs_before
        return ref
    return None


def _name_span(token: Token, ctx: _Context) -> Span | None:
    """The person's name `token` ends, when it is one: a PERSON entity, or a proper noun
    under no other label (a name the model missed), or one the article names a person by."""
    doc = token.doc
    if token.ent_type_ == "PERSON":
        return next(e for e in doc.ents if e.start <= token.i < e.end)
    if _named_token(token) and (token.ent_type_ not in NOT_NAMED_LABELS or token.lower_ in ctx.names):
        return doc[min(t.i for t in _np(token)):token.i + 1]
    return None


# --- status, place, date ---------------------------------------------------------------

def _status(frame: _Frame) -> str:
    words = [frame.trigger] + frame.verbs
    for word in [] if frame.circumstance else words:
        lemma = LEMMA_SLIPS.get(word.lower_, word.lemma_.lower())
        particle = next((c.lower_ for c in word.children if c.dep_ == "prt"), "")
        if (lemma in DECLINE_LEMMAS and word.i != frame.trigger.i or lemma == "snub"
                or (lemma, particle) in DECLINE_PHRASALS):
            return "declined"
        for child in word.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "declined"
        if word.dep_ == "pcomp" and word.head.lower_ == "without":
            return "declined"
    if _called_off(words):
        return "declined"
    for word in words:
        lemma = LEMMA_SLIPS.get(word.lower_, word.lemma_.lower())
        if word.i != frame.trigger.i and (lemma in PLAN_LEMMAS or word.lower_ in PLAN_NOUNS) \
                and not (frame.circumstance and (word is frame.verbs[0] or _past(word))):
            return "planned"
        for child in word.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX:
                return "planned"
            if child.dep_ == "amod" and child.lower_ in PLAN_ADJECTIVES:
                return "planned"
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "once"):
                return "planned"
        if word.dep_ == "xcomp" and word.head.lemma_.lower() == "be":
            return "planned"  # "Xi is to meet Biden"
        if word.dep_ == "advcl" and word.tag_ in ("VBZ", "VBP") and any(
                c.lower_ in ("when", "once", "after", "before", "until") for c in word.children) and any(
                c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in word.head.children):
            return "planned"  # "would raise it when he meets Kim": the present of a time to come
    return "held"


def _called_off(words: list[Token]) -> bool:
    """ "had been due to meet Merkel, but he called off the visit", "were to hold talks, but
    the meeting was cancelled": a plan made before, undone by the clause coordinated with it."""
    planned = [w for w in words if LEMMA_SLIPS.get(w.lower_, w.lemma_.lower()) in PLAN_LEMMAS
               or w.dep_ == "xcomp" and w.head.lemma_.lower() == "be"]
    return any(_past(w) or _past(w.head) for w in planned) and any(
        c.dep_ == "conj" and (c.lemma_.lower() in CANCEL_LEMMAS or (c.lemma_.lower(), particle) in DECLINE_PHRASALS)
        and any(g.dep_ == "cc" and g.lower_ in ("but", "yet") for g in w.children)
        for w in words for c in w.children
        for particle in [next((g.lower_ for g in c.children if g.dep_ == "prt"), "")])


def _past(word: Token) -> bool:
    """'hoped', 'had hoped', 'was expected': a plan made before the time reported."""
    return word.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "was", "were") for c in word.children)


def _outside_group(tokens: list[Token]) -> bool:
    """ "dissidents", "members of Congress": people who are no delegation's named side;
    "Chinese officials" may well be the minister the article names."""
    head = min(tokens, key=_depth)
    return head.tag_ in ("NNS", "NNPS") and head.lemma_.lower() not in ANONYMOUS_HEADS


def _role_side(tokens: list[Token], state: ArticleState) -> bool:
    """An unnamed side worth a meeting: an office or role ("his EU counterparts", "members
    of Congress"), or a bare proper noun the model did not tag as a person ("Tsipras")."""
    head = min(tokens, key=_depth)
    if head.pos_ == "PROPN":  # a surname the model tagged ORG ("Tsipras"), not "the USTA"
        return not head.text.isupper() and not any(c.dep_ == "det" for c in head.children) \
            and not _organisation(head, state)
    words = {head.lemma_.lower(), head.lower_, head.lower_.removesuffix("s")}
    if words & ROLE_HEADS:
        return True
    if head.lemma_.lower() in COLLECTIVE_NOUNS:  # "members of Congress", not "of the public"
        return any(t.ent_type_ in ("ORG", "NORP", "GPE") or t.lemma_.lower() in ROLE_HEADS
                   for t in head.subtree if t.i > head.i)
    return any(t.lower_ in TITLE_WORDS and t.pos_ == "PROPN" for t in tokens)  # "Gen Musharraf"


def _organisation(head: Token, state: ArticleState) -> bool:
    """A bare name the article tags as an organisation elsewhere too, and never as part of a
    person's name: "talks with Juventus" in a story about the club, not a lone "talks with Tsipras"."""
    return state.organisations[head.text] >= 2 and head.text not in state.person_words


def _plural_people(tokens: list[Token]) -> bool:
    return any(t.tag_ in ("NNS", "NNPS") and t.lemma_.lower() in ANONYMOUS_HEADS for t in tokens)


def _clause_tokens(frame: _Frame) -> list[tuple[Token, int]]:
    """Tokens of the trigger's own clause with their distance from it."""
    roots = [frame.trigger] + [w for w in frame.verbs if w.pos_ in ("VERB", "AUX", "NOUN")]
    out: list[tuple[Token, int]] = []
    seen: set[int] = set()
    for depth0, root in enumerate(roots):
        queue = [(root, depth0)]
        while queue:
            node, depth = queue.pop(0)
            if node.i in seen:
                continue
            seen.add(node.i)
            out.append((node, depth))
            for child in node.children:
                if child.dep_ in OTHER_CLAUSE_DEPS and not _keeps_clause(child):
                    continue
                queue.append((child, depth + 1))
    return out


def _keeps_clause(child: Token) -> bool:
    """ "the meeting …, which took place last month": a relative that dates the trigger."""
    if _misparsed_object(child):
        return True
    return child.dep_ == "relcl" and child.lemma_.lower() in ("take", "happen", "occur", "come")


def _place(frame: _Frame, clause: list[tuple[Token, int]], doc: Doc) -> Span | None:
    best: tuple[int, Span] | None = None
    for token, depth in clause:
        if token.dep_ != "pobj":
            continue
        prep = token.head
        ok = prep.lower_ in PLACE_PREPS or (prep.lower_ == "to" and prep.head.lemma_.lower() in TRIP_LEMMAS)
        if not ok:
            continue
        span = _place_span(token, doc)
        if span is not None and (best is None or depth < best[0]):
            best = (depth, span)
    if best is None:
        # "a visit to Moscow, where he met Putin"
        for verb in [frame.trigger] + frame.verbs:
            if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
                span = _place_span(verb.head, doc)
                if span is not None:
                    return span
            # "flew to Baghdad instead, where he met": the parser hangs "where" on the trip
            if verb.dep_ in ("advcl", "ccomp") and any(c.lower_ == "where" for c in verb.children) \
                    and verb.head.lemma_.lower() in TRIP_LEMMAS:
                for prep in verb.head.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("to", "in"):
                        span = next((_place_span(g, doc) for g in prep.children if g.dep_ == "pobj"), None)
                        if span is not None:
                            return span
        # "visited Beijing and met": the place of the trip the meeting belongs to.
        for verb in [frame.trigger] + frame.verbs:
            if verb.dep_ == "conj" and verb.head.lemma_.lower() in TRIP_LEMMAS:
                for obj in verb.head.children:
                    if obj.dep_ == "dobj":
                        span = _place_span(obj, doc)
                        if span is not None:
                            return span
    return best[1] if best else None


def _place_span(token: Token, doc: Doc) -> Span | None:
    # The most specific named place under this prepositional object ("a conference in
    # Singapore" → Singapore), else the object itself when it is a place.
    for sub in _inner_places(token):
        if sub.ent_type_ in PLACE_LABELS or (sub.ent_type_ == "ORG" and _place_noun(sub)):
            ent = next(e for e in doc.ents if e.start <= sub.i < e.end)
            return _with_apposition(ent, doc)
        if not sub.ent_type_ and _place_noun(sub) and sub.pos_ == "NOUN":
            return doc[min(t.i for t in _np(sub)):sub.i + 1]
    return None


def _inner_places(token: Token) -> Iterable[Token]:
    """Deepest "in X" first: "the Great Hall … in Beijing" is an entity itself."""
    yield token
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS | {"of"}:
            for g in child.children:
                if g.dep_ == "pobj":
                    yield from _inner_places(g)


def _np(token: Token) -> list[Token]:
    return [t for t in token.subtree if t.i <= token.i]


def _place_noun(token: Token) -> bool:
    return token.lower_ in PLACE_NOUNS or token.lemma_.lower() in PLACE_NOUNS


def _with_apposition(ent: Span, doc: Doc) -> Span:
    """ "Bali, Indonesia" is one place."""
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == ",":
        for other in doc.ents:
            if other.start == end + 1 and other.label_ == "GPE" and doc[other.root.i].dep_ == "appos":
                return doc[ent.start:other.end]
    start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
    return doc[start:end]


def _date(frame: _Frame, clause: list[tuple[Token, int]], doc: Doc) -> Span | None:
    best: tuple[int, int, Span] | None = None
    for token, depth in clause:
        if token.ent_type_ not in ("DATE", "TIME") or token.ent_iob_ != "B":
            continue
        ent = next(e for e in doc.ents if e.start == token.i)
        if ent.label_ == "TIME" and not DAY_IN_TIME.search(ent.text):
            continue  # "for two hours", "at 10 a.m." say no day; "Saturday night" does
        span = _date_span(ent, doc)
        if span is None:
            continue
        if best is None or (depth, ent.start) < best[:2]:
            best = (depth, ent.start, span)
    if best is not None:
        return best[2]
    # "followed hours of discussions with Qin Gang on Sunday": the verb that governs a
    # noun trigger from afar dates it, when the trigger's own phrase has no date.
    node = frame.trigger
    while node.dep_ in ("pobj", "prep", "dobj") and node.pos_ != "VERB":
        node = node.head
    if node.i != frame.trigger.i and node.pos_ == "VERB":
        for child in node.children:
            if child.dep_ in ("prep", "npadvmod") and child.i > frame.trigger.i:
                for token in child.subtree:
                    if token.ent_type_ == "DATE" and token.ent_iob_ == "B":
                        ent = next(e for e in doc.ents if e.start == token.i)
                        span = _date_span(ent, doc)
                        if span is not None:
                            return span
    # "Last month, Burns visited Beijing, while Wang met Raimondo": a fronted date
    # covers the clauses coordinated after it.
    node = frame.verbs[-1] if frame.verbs else frame.trigger
    while node.dep_ in ("conj", "advcl") and node.head.i != node.i:
        node = node.head
        for child in node.children:
            if child.ent_type_ == "DATE" and child.i < node.i and child.dep_ in ("npadvmod", "prep"):
                ent = next(e for e in doc.ents if e.start <= child.i < e.end)
                return _date_span(ent, doc)
    return None


def _date_span(ent: Span, doc: Doc) -> Span | None:
    if DURATION.match(ent.text) or ent.text.lower() in ("first day", "the first time"):
        return None
    start, end = ent.start, ent.end
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.dep_ == "prep" and before.lower_ != "of" and before.i < ent.root.i \
            and any(t.i == ent.root.i for t in before.subtree):
        if before.lower_ in ("since", "until", "by"):
            return None  # "for two days" is already out as a duration; "for December" stays
        start -= 1  # "on Monday", "at the weekend": the article's own words
        if start > 0 and doc[start - 1].lower_ in ("later", "earlier") and doc[start - 1].dep_ == "advmod":
            start -= 1  # "later on Monday"
    if end < len(doc) and doc[end].ent_type_ == "TIME" and doc[end].lower_ in (
            "morning", "afternoon", "evening", "night"):
        end += 1  # "on Monday morning"
    return doc[start:end]


# --- output ----------------------------------------------------------------------------

def _join_split_names(sides: list[_Side]) -> list[_Side]:
    """ "Bashar al-Assad" parsed as two objects "al" and "Assad": sides with nothing or
    only a hyphen between them are one person."""
    out: list[_Side] = []
    for side in sides:
        if out and out[-1].antecedent is None and side.antecedent is None:
            prev = out[-1].tokens
            gap = side.tokens[0].doc[prev[-1].i + 1:side.tokens[0].i]
            one_name = prev[-1].ent_type_ == "PERSON" and prev[-1].ent_iob_ != "O" and \
                side.tokens[0].ent_iob_ == "I"  # the second part continues the same entity
            if len(gap) == 0 or (one_name and len(gap) == 1 and gap[0].text in "-–"):
                out[-1] = _Side(list(prev[0].doc[prev[0].i:side.tokens[-1].i + 1]))
                continue
        out.append(side)
    return out


def _side_span(side: _Side, offset: int) -> tuple[int, int]:
    """Where the side's person is named in the article (its antecedent, if any)."""
    if side.antecedent is not None:
        return side.antecedent.start, side.antecedent.end
    return side.tokens[0].idx + offset, side.tokens[-1].idx + len(side.tokens[-1].text) + offset


def _sporting(frame: _Frame, sent: Span) -> bool:
    """ "will meet Chela in the second round", "a second round meeting with Myskina",
    "sixth seed": a draw in sport, not a meeting. Only "meet"/"meeting": "another round
    of talks" stays talks."""
    if frame.trigger.lemma_.lower() not in ("meet", "meeting"):
        return False
    for t in sent:
        if t.pos_ != "NOUN" and t.pos_ != "PROPN":
            continue
        word = t.lemma_.lower()
        if word in SPORT_NOUNS:
            return True
        if word == "round" and not any(c.lower_ == "of" for c in t.children) and any(
                c.ent_type_ == "ORDINAL" or c.lower_ in ("first", "second", "third", "final", "next")
                for c in t.children):
            return True
    return False


def _fixture(frame: _Frame) -> bool:
    """In an article about sport, "Hewitt will meet Clement", "her meeting with Martinez",
    "Nelson Town met Nelson College": a game. "held a clandestine meeting with Cole" and
    "met to discuss" are talks, and a meeting with a place is left to stand."""
    trigger = frame.trigger
    if trigger.lemma_.lower() not in ("meet", "meeting", "encounter"):
        return False
    if trigger.pos_ == "NOUN" and trigger.head.lemma_.lower() in LIGHT_VERBS:
        return False
    return not any(t.lemma_.lower() in ("discuss", "talk", "negotiate") for t in trigger.sent)


def _acquainted(frame: _Frame) -> bool:
    """ "Lightbody and McClelland met as students", "met in their youth", "first met in their
    student days", "met at university": how two people got to know each other, told by a
    time of their lives rather than a date."""
    if frame.trigger.lemma_.lower() != "meet":
        return False
    for prep in (c for c in frame.trigger.children if c.dep_ == "prep"):
        for g in (g for g in prep.children if g.dep_ == "pobj"):
            if prep.lower_ == "as" and g.tag_ == "NNS":
                return True
            stage = {g.lemma_.lower(), g.lower_} | {c.lower_ for c in g.children if c.dep_ in ("compound", "amod")}
            if not stage & LIFE_STAGES:
                continue
            if prep.lower_ == "in" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in g.children):
                return True  # "in their youth", not "in the student union"
            if prep.lower_ == "at" and not any(c.dep_ in ("det", "poss") for c in g.children):
                return True  # "at university", not "at the university's gates"
    return False


def _since_last(frame: _Frame) -> bool:
    """ "Biden hasn't spoken to Xi since Bali": says when they last met, reports no refusal."""
    words = [frame.trigger] + frame.verbs
    if any(c.lower_ == "yet" and w.lemma_ == "have" for w in words for c in w.children):
        return True  # "Kishida has yet to meet Xi": no meeting, no refusal either
    if any(w.lower_ == "unlikely" for w in words):
        return True  # "Putin is unlikely to meet Zelenskiy": neither a plan nor a refusal
    top = words[-1]
    if top.dep_ == "ccomp" and top.head.lemma_.lower() in ("deny", "dispute"):
        return True  # "Ebbers denied he frequently met Sullivan": a claim denied, no report of a meeting
    negated = any(c.dep_ == "neg" for w in words for c in w.children)
    return negated and any(c.lower_ == "since" and c.dep_ in ("prep", "mark") for w in words for c in w.children)


def _finish(frame: _Frame, sent: Span, ctx: _Context, text: str) -> Found | None:
    offset = ctx.offset
    if _since_last(frame) or _sporting(frame, sent) or _acquainted(frame):
        return None
    sides = _join_split_names(sorted((s for s in frame.sides if s.tokens), key=lambda s: s.tokens[0].i))
    # "his", "himself" that stand for no one found: nothing an analyst could follow
    sides = [s for s in sides if s.antecedent is not None or len(s.tokens) > 1 or s.tokens[0].pos_ != "PRON"]
    # "He said after meeting Tony Blair he had …": a subject "he" is not the person he met
    # but the last subject before
    for side in sides:
        ref = side.antecedent
        if ref is not None and side.tokens[0].dep_ in SUBJECT_DEPS and any(
                o is not side and o.antecedent is None and _side_span(o, offset) == (ref.start, ref.end)
                for o in sides):
            side.antecedent = next((r for r in reversed(ctx.history[-3:]) if r.subject and r.last != ref.last), ref)
    # "Jowell … at her first meeting": the subject and "her" are one person, one side
    sides = [s for k, s in enumerate(sides)
             if s.antecedent is None or all(_side_span(o, offset) != _side_span(s, offset) for o in sides[:k])]
    named = [_is_named(s.tokens, ctx) or s.antecedent is not None for s in sides]
    anonymous = not any(named)
    if not sides or (len(sides) < 2 and not anonymous and not frame.joins):
        return None
    if frame.joins and anonymous:
        return None
    if sum(named) == 1 and not frame.joins:
        # one named person and "visitors", "the player", "the LSE": no one to follow up
        kept = [(s, n) for s, n in zip(sides, named) if n or _role_side(s.tokens, ctx.state)]
        sides, named = [s for s, _ in kept], [n for _, n in kept]
        if len(sides) < 2:
            return None
    if anonymous and not any(_plural_people(s.tokens) for s in sides):
        return None
    doc = sent.doc
    clause = [(t, d) for t, d in _clause_tokens(frame) if t.sent == sent]
    place = _place(frame, clause, doc)
    if frame.call:
        place = None  # the people on a call are in two places
    if anonymous and place is None:
        return None  # an anonymous report is only worth its place
    if ctx.state.sport and place is None and _fixture(frame):
        return None
    date = _date(frame, clause, doc)
    spans = [_side_span(side, offset) for side in sides]
    trig = frame.trigger
    return Found(
        sides=spans,
        side_texts=[text[a:b] for a, b in spans],
        named=named,
        side_names=[_untagged_name(side.tokens, ctx, offset) if side.antecedent is None
                    else None if side.antecedent.tagged else (side.antecedent.start, side.antecedent.end)
                    for side in sides],
        status=_status(frame),
        sentence=(sent.start_char + offset, sent.end_char + offset),
        trigger=trig.text,
        trigger_span=(trig.idx + offset, trig.idx + len(trig.text) + offset),
        place=place.text if place is not None else None,
        place_span=(place.start_char + offset, place.end_char + offset) if place is not None else None,
        date_text=date.text if date is not None else None,
        date_span=(date.start_char + offset, date.end_char + offset) if date is not None else None,
        call=frame.call,
        joins=frame.joins,
        sequel=any(c.dep_ == "advmod" and c.lower_ in SEQUEL_WORDS
                   for w in [trig, *frame.verbs] for c in w.children),
        group=any(not n and _outside_group(s.tokens) for s, n in zip(sides, named)),
    )
