"""Fuzzy search over people, organisations, places, meetings, titles and article text.

Built for search-as-you-type: `build_index` folds every name once (normalize.py), and
each keystroke then costs one rapidfuzz `cdist` per kind over the whole candidate list
(stage 1, `partial_ratio`: typo- and prefix-tolerant, cheap), followed by a careful
token-level rescoring of the few best candidates (stage 2):

- an exact name or alias (any word order) scores 100 and beats every fuzzy match;
- each query word is paired with its best distinct name word: exact 100, an initial
  ("a" for "antony") 96, a prefix of the word being typed 88-98, else `fuzz.ratio`;
  so "Xi" prefers "Xi Jinping" (exact word) to "Xie Feng" (prefix);
- name words left unpaired cost a little (ties "Wang" across the three Wangs, instead
  of token_set_ratio's 100 for any subset), and ties go to the most mentioned.

Phrases in the article text are found by substring over a length-preserving fold of
each text (so offsets stay valid), with a fuzzy fallback per paragraph. Where the
workspace has the derived index (index.py), its FTS5 table picks the candidate
articles first (the phrase, its last word as a prefix; for a typo, the indexed words
rapidfuzz finds nearest), and only those are scanned and ranked.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from tui.core.corpus import paragraphs
from tui.core.digest import Digest
from tui.core.models import Article, Meeting, Person
from tui.core.normalize import fold, fold_map, fold_text, strip_titles
from tui.core.views import reports_in_articles

KINDS: tuple[str, ...] = ("person", "org", "place", "meeting", "article", "text")
NAME_KINDS = ("person", "meeting")  # kinds whose queries lose their titles ("Sec. Yellen")

STAGE1_CUTOFF = 60    # partial_ratio below this is never a match
PAIR_FLOOR = 70.0     # a word pairing below this is no pairing ("candid" ~ "and" is 67)
MIN_SCORE = 75.0      # stage-2 score a hit needs: above "wang"/"gang" (75 - 1.5), and
                      # fuzz.ratio between two people in the seeds tops out at 73
MAX_QUERY = 200       # names are shorter than this; longer queries match on their start
ROLE_DISCOUNT = 8.0   # "spokesman" finds Wang Wenbin, below anyone whose name matches
UNPAIRED_COST = 1.5   # per name word the query did not pair, at most MAX_UNPAIRED_COST
MAX_UNPAIRED_COST = 5.0
SNIPPET_BEFORE, SNIPPET_AFTER = 40, 80
CANDIDATES = 200      # articles the FTS5 index hands to text search per keystroke, best first (bm25)
NEAR_WORD = 80        # fuzz.ratio an indexed word needs to stand in for a mistyped one
NEAR_WORDS = 8        # at most this many stand-ins per query word
FOLDED_KEPT = 5_000   # folded candidate texts kept between keystrokes


class SearchSource(Protocol):
    """What the index reads: workspace.Workspace has these."""

    articles: Mapping[str, Article]
    people: Mapping[str, Person]
    meetings: Mapping[str, Meeting]

    def digests(self) -> dict[str, Digest]: ...


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str                 # one of KINDS
    target_id: str            # person id, meeting id, article id, or the folded org/place name
                              # without spaces ("usstatedepartment")
    label: str                # what to show
    score: float              # 0-100
    matched: list[tuple[int, int]]  # [start, end) spans of `label` to highlight
    article_id: str | None = None   # where to open: a text hit, or an org's first mention
    offset: int | None = None
    end: int | None = None
    detail: str = ""
    weight: int = 0           # mentions (people, orgs, places) or reports (meetings)


def hit_json(hit: Hit) -> dict[str, object]:
    """A hit as plain JSON data (`newsdesk search --json`)."""
    return {"kind": hit.kind, "id": hit.target_id, "label": hit.label, "score": hit.score,
            "matched": [list(span) for span in hit.matched], "article": hit.article_id,
            "offset": hit.offset, "end": hit.end, "detail": hit.detail, "weight": hit.weight}


@dataclass(slots=True)
class Group:
    kind: str
    count: int                # matches found
    hits: list[Hit]           # the best `limit` of them, ranked
    more: bool = False        # True when there may be more matches than `count`


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    target_id: str
    label: str
    tokens: tuple[str, ...]
    compact: str              # tokens joined without spaces, for "wang wen bin"
    key: str                  # what stage 1 scores
    weight: int
    article_id: str | None
    offset: int | None
    end: int | None
    detail: str
    discount: float = 0.0     # taken off its score: a role ranks below a name


@dataclass(slots=True)
class _Query:
    tokens: tuple[str, ...]
    compact: str
    text: str                 # tokens joined by spaces: the stage-1 query

    @classmethod
    def of(cls, folded: str, titles: bool) -> _Query:
        tokens = folded.split()
        if titles:
            tokens = strip_titles(tokens)
        return cls(tuple(tokens), "".join(tokens), " ".join(tokens))


@dataclass(slots=True)
class _Names:
    """One kind's candidates: parallel arrays ordered by weight, heaviest first, so
    that rapidfuzz's index order breaks stage-1 ties in favour of the most mentioned."""

    keys: list[str] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)
    initials: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    # word -> indices of the entries holding it, heaviest first. partial_ratio gives
    # "xi" 100 against every "xin" and "xiao"; among 100,000 names the one true "Xi"
    # may not make the stage-1 pool, so exact words always join it.
    by_word: dict[str, list[int]] = field(default_factory=dict)


class SearchIndex:
    def __init__(self, names: dict[str, _Names], texts: _TextIndex) -> None:
        self._names = names
        self._texts = texts
        self._words = set().union(*(n.by_word for n in names.values()))   # every word of every name

    def __len__(self) -> int:
        return sum(len(n.keys) for n in self._names.values())

    def candidate_keys(self, kind: str) -> list[str]:
        """The folded strings stage 1 scores for `kind` (what a bench compares against)."""
        return self._names[kind].keys

    def search(self, query: str, kinds: Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
        """The best `limit` hits of every kind asked for, best first."""
        hits = [h for g in self.search_groups(query, kinds, limit) for h in g.hits]
        order = {k: i for i, k in enumerate(KINDS)}
        hits.sort(key=lambda h: (-h.score, order[h.kind], -h.weight, h.label))
        return hits[:limit]

    def search_groups(self, query: str, kinds: Iterable[str] | None = None,
                      limit: int = 20) -> list[Group]:
        """Hits grouped by kind, in KINDS order; kinds without a match are left out."""
        wanted = tuple(KINDS if kinds is None else kinds)
        unknown = set(wanted) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kind {sorted(unknown)[0]!r}; expected one of {', '.join(KINDS)}")
        folded = join_syllables(fold(query[:MAX_QUERY]), self._words)
        groups: list[Group] = []
        if not folded:
            return groups
        if folded != fold(query[:MAX_QUERY]):
            query = folded   # "xi jin ping" is "xi jinping" in the text too
        plain = _Query.of(folded, titles=False)
        named = _Query.of(folded, titles=True)
        for kind in wanted:
            if kind == "text":
                group = self._texts.search(query, limit)
            else:
                group = self._search_names(kind, named if kind in NAME_KINDS else plain, limit)
            if group.count:
                groups.append(group)
        return groups

    def _search_names(self, kind: str, query: _Query, limit: int) -> Group:
        names = self._names[kind]
        if not names.keys:
            return Group(kind, 0, [])
        pool = max(4 * limit, 64)
        if len(query.compact) == 1:
            # one letter: every name with a word starting with it (partial_ratio would
            # also take every name containing it)
            found = np.flatnonzero(names.initials & np.uint64(_initial_bit(query.compact)))
            more = len(found) > pool
            found = found[:pool]
        else:
            scores = process.cdist([query.text], names.keys, scorer=fuzz.partial_ratio,
                                   score_cutoff=STAGE1_CUTOFF, dtype=np.uint8)[0]
            found = np.flatnonzero(scores)
            more = len(found) > pool
            if more:  # the best `pool` by stage-1 score, ties to the earlier (heavier) name
                rank = scores[found].astype(np.int64) * len(scores) - found
                found = found[np.argpartition(-rank, pool)[:pool]]
        candidates = set(found.tolist())
        for word in set(query.tokens):
            exact = names.by_word.get(word, ())
            more = more or len(exact) > pool
            candidates.update(exact[:pool])
        best: dict[str, tuple[float, _Entry]] = {}
        for i in candidates:
            entry = names.entries[i]
            score = _score(query, entry) - entry.discount
            if score >= MIN_SCORE and score > best.get(entry.target_id, (-1.0,))[0]:
                best[entry.target_id] = (score, entry)
        ranked = sorted(best.values(), key=lambda se: (-se[0], -se[1].weight, se[1].label))
        hits = [_hit(entry, score, query) for score, entry in ranked[:limit]]
        return Group(kind, len(best), hits, more)


# ---- stage 2: scoring one candidate -------------------------------------------------

def join_syllables(folded: str, words: set[str]) -> str:
    """ "xi jin ping" → "xi jinping", "wang wen-bin" → "wang wenbin": two or three query
    words that, written together, are a word of a known name, and are not all names alone."""
    parts, out, i = folded.split(), [], 0
    while i < len(parts):
        for n in (3, 2):
            run = parts[i:i + n]
            if len(run) == n and "".join(run) in words and not all(p in words for p in run):
                out.append("".join(run))
                i += n
                break
        else:
            out.append(parts[i])
            i += 1
    return " ".join(out)


def _pair_score(q: str, k: str, typing: bool) -> float:
    """How well query word `q` matches name word `k` (0-100)."""
    if q == k:
        return 100.0
    if len(q) == 1:
        return 96.0 if k.startswith(q) else 0.0
    if len(k) == 1:  # the name has an initial ("A. Blinken"), the query a word
        return 90.0 if q.startswith(k) else 0.0
    if k.startswith(q) and (typing or len(q) >= 3):
        return 88.0 + 10.0 * len(q) / len(k)
    score = fuzz.ratio(q, k)
    if typing and len(q) >= 3 and len(k) > len(q):  # a typo in a half-typed word
        score = max(score, 0.92 * fuzz.ratio(q, k[:len(q)]))
    return score


def _score(query: _Query, entry: _Entry) -> float:
    if query.compact == entry.compact or sorted(query.tokens) == sorted(entry.tokens):
        return 100.0
    pairs = sorted(
        ((_pair_score(q, k, typing=qi == len(query.tokens) - 1), qi, ki)
         for qi, q in enumerate(query.tokens) for ki, k in enumerate(entry.tokens)),
        reverse=True)
    got: dict[int, float] = {}
    used: set[int] = set()
    for score, qi, ki in pairs:
        if qi not in got and ki not in used and score >= PAIR_FLOOR:
            got[qi] = score
            used.add(ki)
    total = sum(len(q) for q in query.tokens)
    by_words = sum(len(q) * got.get(qi, 0.0) for qi, q in enumerate(query.tokens)) / total
    unpaired = min(MAX_UNPAIRED_COST, UNPAIRED_COST * (len(entry.tokens) - len(used)))
    whole = fuzz.ratio(query.compact, entry.compact)  # spacing differs: "wang wen bin"
    return round(min(99.9, max(by_words - unpaired, whole - UNPAIRED_COST)), 1)


def _hit(entry: _Entry, score: float, query: _Query) -> Hit:
    return Hit(entry.kind, entry.target_id, entry.label, score, highlight(query.tokens, entry.label),
               entry.article_id, entry.offset, entry.end, entry.detail, entry.weight)


def highlight(query_tokens: Iterable[str], label: str) -> list[tuple[int, int]]:
    """Spans of `label` that match the folded query words, merged and sorted."""
    folded, src = fold_map(label)
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", folded)]
    spans: list[tuple[int, int]] = []
    for q in query_tokens:
        scored = [(_pair_score(q, w, typing=True), start, w) for start, w in words]
        score, start, word = max(scored, default=(0.0, 0, ""))
        if score < 60:
            continue
        for block in Indel.opcodes(q, word):
            if block.tag == "equal":
                spans.append((start + block.dest_start, start + block.dest_end))
    return _merge([(src[a], src[b - 1] + 1) for a, b in spans if b > a])


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _initial_bit(char: str) -> int:
    """One bit per a-z and 0-9 (36 bits), for 'some word starts with this letter'."""
    code = ord(char)
    return 1 << (code - 97 if char.isalpha() else 26 + code - 48)


# ---- phrases in the article text -----------------------------------------------------

@dataclass(slots=True)
class _Text:
    article: Article
    folded: str                               # fold_text(article.text): same length
    paragraphs: list[tuple[int, int]]         # body paragraphs, for the fuzzy fallback


class TextFinder(Protocol):
    """What text search asks the derived index (tui.core.index.Index) for."""

    def text_matches(self, match: str, limit: int) -> tuple[list[str], bool]: ...

    def vocabulary(self) -> list[str]: ...


class _TextIndex:
    """Phrases in the article text. Without a finder every text is folded up front and
    scanned per keystroke; with one (the FTS5 index) only the best CANDIDATES articles it
    finds are folded (once, then cached) and scanned, and a typo is looked up in its
    vocabulary with rapidfuzz."""

    def __init__(self, articles: Mapping[str, Article], titles: Mapping[str, str],
                 finder: TextFinder | None = None) -> None:
        self._articles = articles
        self._titles = titles
        self._finder = finder
        self._all = None if finder else [_text(a) for a in articles.values()]
        self._folded: dict[str, _Text] = {}
        self._vocabulary: list[str] | None = None

    def _candidates(self, match: str | None) -> tuple[list[_Text], bool]:
        """The texts worth scanning for an FTS5 query, and whether there were more."""
        if self._all is not None:
            return self._all, False
        if match is None or self._finder is None:   # without a finder, _all holds every text
            return [], False
        ids, more = self._finder.text_matches(match, CANDIDATES)
        texts = []
        if len(self._folded) > FOLDED_KEPT:
            self._folded.clear()
        for aid in ids:
            if aid not in self._folded and (article := self._articles.get(aid)) is not None:
                self._folded[aid] = _text(article)
            if aid in self._folded:
                texts.append(self._folded[aid])
        return sorted(texts, key=lambda t: t.article.id), more   # ties rank as in the scan: by id

    def search(self, query: str, limit: int) -> Group:
        words = fold_text(query).split()
        if not words or (len(words) == 1 and len(words[0]) == 1 and words[0].isascii()):
            return Group("text", 0, [])
        pattern = re.compile(" +".join(map(re.escape, words)))
        texts, more = self._candidates(_phrase(words))
        found: list[tuple[float, int, int, int]] = []   # (-score, order, start, end): sorts best first
        for order, text in enumerate(texts):
            folded, is_chrome = text.folded, text.article.is_chrome
            for m in pattern.finditer(folded):
                start, end = m.span()
                if not is_chrome(start, end):
                    found.append((-_word_score(folded, start, end), order, start, end))
        if not found and len(words[0]) >= 4 and len(query) <= MAX_QUERY:
            texts, more = self._candidates(self._near(words) if self._finder else None)
            found = self._fuzzy(" ".join(words), texts)
        hits = [self._hit(texts[order], -negative, start, end)
                for negative, order, start, end in heapq.nsmallest(limit, found)]
        return Group("text", len(found), hits, more)

    def _near(self, words: list[str]) -> str | None:
        """An FTS5 query for the articles holding, for each word, one of the indexed words
        closest to it: "kritenbrnk" -> kritenbrink."""
        if self._vocabulary is None:
            assert self._finder is not None   # asked only with a finder
            self._vocabulary = self._finder.vocabulary()
        groups = []
        for word in words:
            near = process.extract(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=NEAR_WORD, limit=NEAR_WORDS)
            if not near:
                return None
            groups.append("(" + " OR ".join(_quoted(term) for term, _, _ in near) + ")")
        return " AND ".join(groups)

    @staticmethod
    def _fuzzy(query: str, texts: list[_Text]) -> list[tuple[float, int, int, int]]:
        """Best typo-tolerant match per paragraph ("kritenbrnk" finds "Kritenbrink"), as (-score, order, start, end)."""
        found = []
        for order, text in enumerate(texts):
            for start, end in text.paragraphs:
                m = fuzz.partial_ratio_alignment(query, text.folded[start:end], score_cutoff=80)
                if m is not None:
                    a, b = _widen_to_words(text.folded, start + m.dest_start, start + m.dest_end)
                    found.append((-round(0.95 * m.score, 1), order, a, b))
        return found

    def _hit(self, text: _Text, score: float, start: int, end: int) -> Hit:
        raw = text.article.text
        a = max(0, start - SNIPPET_BEFORE)
        b = min(len(raw), end + SNIPPET_AFTER)
        if a > 0:  # begin and end the snippet between words
            a = raw.find(" ", a, start) + 1 or a
        if b < len(raw) and (space := raw.rfind(" ", end, b)) >= 0:
            b = space
        before = ("…" if a > 0 else "") + _one_line(raw[a:start])
        match = _one_line(raw[start:end])
        label = before + match + _one_line(raw[end:b]) + ("…" if b < len(raw) else "")
        span = (len(before), len(before) + len(match))
        return Hit("text", text.article.id, label, score, [span], text.article.id, start, end,
                   self._titles[text.article.id])


def _text(article: Article) -> _Text:
    return _Text(article, fold_text(article.text), paragraphs(article))


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _phrase(words: list[str]) -> str:
    """The FTS5 query for the folded words as a phrase, the last one typed so far (a prefix)."""
    return _quoted(" ".join(words)) + " *"


def _one_line(text: str) -> str:
    """Line breaks and runs of spaces as one space: a snippet is one line."""
    return re.sub(r"\s+", " ", text)


def _word_score(folded: str, start: int, end: int) -> float:
    """100 for a whole-word match, less when it starts or ends inside a word."""
    starts = start == 0 or not folded[start - 1].isalnum()
    ends = end == len(folded) or not folded[end].isalnum()
    return 100.0 if starts and ends else 95.0 if starts else 85.0


def _widen_to_words(folded: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and folded[start - 1].isalnum():
        start -= 1
    while end < len(folded) and folded[end].isalnum():
        end += 1
    return start, end


# ---- building the index --------------------------------------------------------------

def build_index(source: SearchSource) -> SearchIndex:
    """Fold every searchable name of the workspace once, from the article digests (no
    annotation is decoded). Where the workspace was read through the derived index
    (source.index), text search asks its FTS5 table first."""
    digests = source.digests()
    entries: list[_Entry] = []
    entries += _people_entries(source, _mention_counts(digests))
    entries += _entity_entries(digests)
    entries += _meeting_entries(source)
    entries += _article_entries(digests)
    names = {kind: _Names() for kind in KINDS if kind != "text"}
    for entry in sorted(entries, key=lambda e: (-e.weight, e.label)):
        names[entry.kind].keys.append(entry.key)
        names[entry.kind].entries.append(entry)
    for group in names.values():
        group.initials = np.array([_initials(e.tokens) for e in group.entries], dtype=np.uint64)
        for i, entry in enumerate(group.entries):
            for word in set(entry.tokens):
                group.by_word.setdefault(word, []).append(i)
    titles = {aid: digest.title or aid for aid, digest in digests.items()}
    return SearchIndex(names, _TextIndex(source.articles, titles, getattr(source, "index", None)))


def _initials(tokens: tuple[str, ...]) -> int:
    bits = 0
    for token in tokens:
        bits |= _initial_bit(token[0])
    return bits


def _mention_counts(digests: Mapping[str, Digest]) -> dict[str, tuple[int, int]]:
    """Person id -> (mentions, articles), of the mentions neither rejected nor in chrome."""
    count: Counter[str] = Counter()
    where: Counter[str] = Counter()
    for digest in digests.values():
        for pid, n in digest.live:
            count[pid] += n
            where[pid] += 1
    return {pid: (n, where[pid]) for pid, n in count.items()}


def _name_forms(names: Iterable[str]) -> list[tuple[str, ...]]:
    """The distinct folded, title-stripped forms of a name and its aliases."""
    forms: list[tuple[str, ...]] = []
    for name in names:
        tokens = tuple(strip_titles(fold(name).split()))
        if tokens and tokens not in forms:
            forms.append(tokens)
    return forms


def _rotations(tokens: tuple[str, ...]) -> str:
    """"wang yi" -> "wang yi wang": a stage-1 key that holds every rotation of the name
    ("yi wang", "kritenbrink daniel") as a substring, for partial_ratio to find in
    either order at less cost than a second, reversed key."""
    return " ".join(tokens + tokens[:-1])


def _entry(kind: str, target: str, label: str, tokens: tuple[str, ...], weight: int,
           article_id: str | None = None, span: tuple[int, int] | None = None, detail: str = "",
           discount: float = 0.0) -> _Entry:
    key = _rotations(tokens) if kind == "person" and not discount else " ".join(tokens)
    start, end = span or (None, None)
    return _Entry(kind, target, label, tokens, "".join(tokens), key, weight, article_id, start, end, detail,
                  discount)


def _people_entries(source: SearchSource, mentions: dict[str, tuple[int, int]]) -> list[_Entry]:
    out = []
    for person in source.people.values():
        n, n_articles = mentions.get(person.id, (0, 0))
        counts = f"{_count(n, 'mention')} in {_count(n_articles, 'article')}"

        def detail(role: str) -> str:   # called within this person's iteration only
            return " · ".join(f for f in (person.affiliation or "", role, counts) if f)  # noqa: B023

        for tokens in _name_forms([person.name, *person.aliases]):
            out.append(_entry("person", person.id, person.name, tokens, n,
                              detail=detail(person.roles[0].title if person.roles else "")))
        roles: dict[tuple[str, ...], str] = {}
        for role in person.roles:  # "spokesman", "Commerce Secretary": people by what they do
            roles.setdefault(tuple(fold(role.title).split()), role.title)
        for tokens, title in roles.items():
            if tokens:
                out.append(_entry("person", person.id, person.name, tokens, n, detail=detail(title),
                                  discount=ROLE_DISCOUNT))
    return out


def _entity_entries(digests: Mapping[str, Digest]) -> list[_Entry]:
    """Organisations and places: one entry per folded name, labelled by its commonest
    spelling, opening at its first mention."""
    seen: dict[tuple[str, str], list[tuple[str, int, int, str]]] = defaultdict(list)
    for article_id, digest in digests.items():
        for kind, key, start, end, text in digest.places:
            seen[kind, key].append((article_id, start, end, text))
    out = []
    for (kind, key), found in seen.items():
        label = Counter(text for *_, text in found).most_common(1)[0][0]
        n_articles = len({a for a, *_ in found})
        detail = f"{_count(len(found), 'mention')} in {_count(n_articles, 'article')}"
        article_id, start, end, _ = min(found)
        out.append(_entry(kind, key, label, tuple(fold(label).split()), len(found), article_id, (start, end), detail))
    return out


def _meeting_entries(source: SearchSource) -> list[_Entry]:
    out = []
    for meeting in source.meetings.values():
        names = [source.people[p].name if p in source.people else p for p in meeting.participants]
        when = meeting.date or meeting.date_text or ""
        label = " · ".join(part for part in (" – ".join(names + meeting.unnamed), meeting.place or "", when) if part)
        extra = " ".join([meeting.date_text or "", _month_words(meeting.date)])
        tokens = tuple(fold(f"{label} {extra}").split())
        detail = " · ".join([meeting.status, *(["marked wrong"] if meeting.review == "rejected" else []),
                             reports_in_articles(len(meeting.reports), len({r.article for r in meeting.reports}))])
        first = meeting.reports[0] if meeting.reports else None
        out.append(_entry("meeting", meeting.id, label, tokens, len(meeting.reports),
                          first.article if first else None, (first.start, first.end) if first else None, detail))
    return out


_MONTHS = "january february march april may june july august september october november december".split()


def _month_words(date: str | None) -> str:
    """"2023-06-05" -> "june": so that "June 2023" finds the meeting."""
    m = re.match(r"\d{4}-(\d{2})", date or "")
    return _MONTHS[int(m.group(1)) - 1] if m and 1 <= int(m.group(1)) <= 12 else ""


def _article_entries(digests: Mapping[str, Digest]) -> list[_Entry]:
    out = []
    for aid, digest in digests.items():
        title = digest.title or aid
        facts = [digest.outlet, digest.published, aid]
        out.append(_entry("article", aid, title, tuple(fold(title).split()) or (aid,), 0,
                          aid, None, " · ".join(f for f in facts if f)))
    return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"
