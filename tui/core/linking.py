"""Person linking: repair PERSON mentions per article, then resolve them to people.

refine_mentions (mention_repair.py) runs per article after NER. link_corpus runs over
the whole corpus: it groups full names into people (spelling variants included, see
names.py for the thresholds), links each short form ("Kritenbrink", "Mr Xi", "Wang")
to a full name — in its own article first, then across the corpus only when unique —
and rebuilds the model-made person records. Analyst records are never changed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from tui.core.mention_repair import PERSON, bare_names, known_words, refine_mentions, relabel_known, sort_mentions
from tui.core.models import Article, Mention, Person, Role
from tui.core.names import end_words, is_full_name, looks_like_a_name, name_key, particle_surname, same_name, slug
from tui.core.roles import role_core, role_hints, roles_match, same_office_kind, stated_roles
from tui.core.title_lexicon import HEADS, PERSON_NOUNS
from tui.core.titles import Title, appositive_role, body_titles, split_name

__all__ = ["link_corpus", "refine_mentions"]

_NEWLINE = re.compile(r"\n")
_VOUCHING_NOUNS = PERSON_NOUNS | HEADS
# "singer Youssou N'Dour"; "de facto leader, Aung San Suu Kyi", but not a list's "Queen, Muse"
_WORD_BEFORE = re.compile(r"([\w-]+)(,?) $")
# Words before a one-word name that make it a thing, never a person: an article or a
# possessive ("an Oscar", "his second Bafta") or an organisation noun ("oil giant Yukos").
THING_BEFORE = frozenset("""
    a an his her its their our my your second third fourth fifth two three four five
    firm company giant group conglomerate corporation multinational maker manufacturer
    producer supplier retailer chain airline carrier operator bank lender insurer broker
    network broadcaster channel website site portal brand label studio publisher utility""".split())
THINGS_SHARE = 0.1   # of a one-word name's mentions, and at least THINGS_MIN of them
THINGS_MIN = 2


@dataclass(slots=True)
class _Draft:
    """A model-made person being rebuilt from this run's mentions."""

    forms: Counter[str] = field(default_factory=Counter)    # surface forms, titles cut
    roles: list[Role] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)  # (folded role, article) in roles
    cores: set[str] = field(default_factory=set)             # role_core of each role
    votes: Counter[str] = field(default_factory=Counter)    # affiliations from role text
    vouched: bool = False     # a title, a role or a person noun says some mention is a person
    honorific: bool = False   # "Mr", "Ms", "Dr" stood before some mention
    things: int = 0           # mentions after a word that makes a name a thing (THING_BEFORE)


@dataclass(slots=True)
class _Site:
    """One PERSON mention as linking sees it."""

    article: Article
    mention: Mention
    key: str            # folded name, titles and possessive cut: "xi jinping", "wang"
    form: str           # the name as written, titles cut: "Xi Jinping"
    title: Title | None
    appositive: str | None
    after_person_noun: bool     # "singer Youssou N'Dour"
    after_thing_word: bool      # "an Oscar", "oil giant Yukos"


def link_corpus(articles: dict[str, Article], mentions: dict[str, list[Mention]],
                people: dict[str, Person]) -> dict[str, Person]:
    """The new person registry; sets person/candidates on the mentions in place.

    Mentions an analyst owns keep their link (a link to an id merged into another record
    follows it there). Short forms of known people that the model mislabelled or missed
    are relabelled or added to `mentions` (each list stays sorted).
    """
    redirect = _redirects(people)
    for aid, ms in mentions.items():
        for m in ms:
            if not m.analyst_owned and aid in articles:     # linked afresh below
                m.person, m.candidates = None, []
            elif m.person in redirect or m.candidates:
                m.person = redirect.get(m.person, m.person) if m.person else m.person
                m.candidates = sorted({redirect.get(c, c) for c in m.candidates})
    # The model never writes `merged`: a record that has it was merged by hand, even
    # where the analyst did not also set `by: analyst`.
    sites = _collect(articles, mentions)
    # Nor does it name a record in words no article uses: a record whose name is no surface
    # form, while the name its id or aliases came from still is, was renamed by hand.
    seen = {site.key for site in sites}
    analyst = {pid: p if p.by == "analyst" else replace(p, by="analyst")
               for pid, p in people.items()
               if p.by == "analyst" or p.merged or _renamed_by_hand(p, seen)}
    labels = _labels_by_text(mentions)   # as the model and the analyst gave them, before repairs
    linker = _Linker(analyst, redirect, {pid: p for pid, p in people.items() if pid not in analyst}, labels)
    linker.cluster_full_names(sites)
    if _repair_short_forms(articles, mentions, linker, sites):
        sites = _collect(articles, mentions)
        linker.cluster_full_names(sites)     # a relabelled "Von der Leyen" is a full name
    linker.link(sites)
    return linker.registry(mentions, labels)


def _redirects(people: dict[str, Person]) -> dict[str, str]:
    """Merged id → the id of the record holding it (following chains of merges)."""
    holder = {old: pid for pid, p in people.items() for old in p.merged if old != pid}
    out = {}
    for old in holder:
        target, seen = holder[old], {old}
        while target in holder and target not in seen:
            seen.add(target)
            target = holder[target]
        out[old] = target
    return out


def _collect(articles: dict[str, Article], mentions: dict[str, list[Mention]]) -> list[_Site]:
    """The PERSON mentions to link, in article and text order. Chrome, and the names of
    the article's own credits (a credit line the chrome finder missed), only where an
    analyst put a mention there: journalists are not story people."""
    sites = []
    for aid in sorted(mentions):
        article = articles.get(aid)
        if article is None:
            continue
        credits = {name_key(c) for c in article.meta.credits}
        text = article.text
        titles = {t.end: t for t in body_titles(text, *article.body)}
        for m in mentions[aid]:
            if m.label != PERSON or m.status == "rejected":
                continue
            if article.is_chrome(m.start, m.end) and not m.analyst_owned:
                continue
            _, s, e = split_name(text, m.start, m.end)
            form = text[s:e]
            key = name_key(form)
            if not key or key in credits and not m.analyst_owned:
                continue
            before = m.start
            while before > 0 and text[before - 1] == " ":
                before -= 1
            title = titles.get(before) if before < m.start else None
            word = _word_before(text, m.start)
            prev = word[1].casefold() if word and not word[2] else ""
            sites.append(_Site(article, m, key, form, title, appositive_role(text, e),
                               word is not None and word[1].casefold() in _VOUCHING_NOUNS
                               and not (word[2] and word[1][0].isupper()),
                               prev in THING_BEFORE and title is None))
    return sites


def _hyphenated_word(form: str) -> bool:
    """One word with a hyphen in it: "Kilroy-Silk", not "Robert Kilroy-Silk"."""
    return "-" in form and not any(c.isspace() for c in form)


def _word_before(text: str, end: int) -> re.Match[str] | None:
    """_WORD_BEFORE ending at end. Searched in a short window: a search from 0 scans the
    whole text before every mention (13 s of the BBC corpus's 20 s of linking). The match
    is the same unless the word runs into the window's edge, and then it is searched again."""
    lo = max(0, end - 64)
    word = _WORD_BEFORE.search(text, lo, end)
    if word and word.start() == lo > 0:
        word = _WORD_BEFORE.search(text, 0, end)
    return word


class _Linker:
    def __init__(self, analyst: dict[str, Person], redirect: dict[str, str], old: dict[str, Person],
                 labels: dict[str, Counter[str]]) -> None:
        self.analyst = analyst
        self.labels = labels
        self.redirect = redirect
        self.old = old
        # Each old model record's name key, and the records by key: _final_id looks up the
        # record of each new person's names, which a scan of every record made quadratic
        # (60 s of an unchanged run over the BBC corpus's 4,500 people).
        self.old_keys = {pid: name_key(p.name) for pid, p in old.items()}
        self.old_by_key: dict[str, list[str]] = defaultdict(list)
        for pid, key in self.old_keys.items():
            self.old_by_key[key].append(pid)
        self.drafts: dict[str, _Draft] = {}
        self.by_key: dict[str, str] = {}                  # full or mononym key → person id
        self.by_word: dict[str, set[str]] = defaultdict(set)   # first/last word → person ids
        self.said_as: dict[str, set[str]] = defaultdict(set)   # by_word, and mononym key → person ids
        self.keys_of: dict[str, set[str]] = defaultdict(set)
        self.surname_people: set[str] = set()               # _known_by_surname
        for pid, person in analyst.items():
            for name in [person.name, *person.aliases]:
                key = name_key(_clean(name))
                if key:
                    self._index(key, pid)

    def _index(self, key: str, pid: str) -> None:
        self.by_key.setdefault(key, pid)
        self.keys_of[pid].add(key)
        if is_full_name(key):
            for word in end_words(key):
                self.by_word[word].add(pid)
        for word in end_words(key) if is_full_name(key) else (key,):
            self.said_as[word].add(pid)

    # -- full names ----------------------------------------------------------------------

    def cluster_full_names(self, sites: list[_Site]) -> None:
        """Give every full name a person: an analyst record, a spelling variant of a name
        already seen, or a new draft (with a stable id). A hyphenated surname alone
        ("Kilroy-Silk", a full name by its key's two words) comes last, so that it finds
        the full name it ends whichever the corpus names first."""
        alone = [site for site in sites if _hyphenated_word(site.form)]
        for site in [site for site in sites if not _hyphenated_word(site.form)] + alone:
            if not is_full_name(site.key) or site.key in self.by_key:
                continue
            pid = self._variant_of(site.key, surname=_hyphenated_word(site.form)) or self._new_id()
            self._index(site.key, pid)

    def _variant_of(self, key: str, surname: bool = False) -> str | None:
        """The person whose name key is another spelling of key, or whose surname key is
        ("Von der Leyen" of "Ursula von der Leyen"; with surname, also "Kilroy-Silk" of
        "Robert Kilroy-Silk"). Only names sharing a word are compared: never rapidfuzz
        over all pairs."""
        words = key.split()
        pool = set().union(*(self.by_word.get(w, set()) for w in words))
        for pid in sorted(pool):
            for other in self.keys_of[pid]:
                if is_full_name(other) and (same_name(key, other) or particle_surname(other) == key
                                            or surname and other.endswith(f" {key}")):
                    return pid
        return None

    def _new_id(self) -> str:
        """A provisional id; registry() gives the final one once the name is settled."""
        pid = f"\0{len(self.drafts)}"
        self.drafts[pid] = _Draft()
        return pid

    # -- linking ---------------------------------------------------------------------------

    def link(self, sites: list[_Site]) -> None:
        for site in sites:     # full names first: their roles help to tell short forms apart
            if is_full_name(site.key) and not site.mention.analyst_owned:
                self._set(site, self.by_key.get(site.key))
        by_article: dict[str, list[_Site]] = defaultdict(list)
        for site in sites:
            by_article[site.article.id].append(site)
        self._known_by_surname(by_article.values())
        for group in by_article.values():
            self._link_short_forms(group)

    def _known_by_surname(self, groups: Iterable[list[_Site]]) -> None:
        """The people an article calls by their last name alone ("Blair", "Kilroy-Silk"):
        their first word is a given name, and a bare one in an article that does not name
        them is someone else ("Robert, a dairy farmer", not Robert Kilroy-Silk). "Wang" of
        "Wang Yi" and "Xi" of "Xi Jinping" stay open: they are not called "Yi" or "Jinping"."""
        for group in groups:
            keys = {s.key for s in group}
            for s in group:
                words = s.key.split()
                if len(words) > 1 and s.key in self.by_key \
                        and any(" ".join(words[i:]) in keys for i in range(1, len(words))):
                    self.surname_people.add(self.by_key[s.key])

    def _set(self, site: _Site, pid: str | None, candidates: list[str] | None = None) -> None:
        m = site.mention
        m.person, m.candidates = pid, sorted(candidates or [])
        if pid is None or pid not in self.drafts:
            return
        draft = self.drafts[pid]
        draft.forms[site.form] += 1
        draft.things += site.after_thing_word
        draft.vouched |= site.title is not None or site.after_person_noun
        draft.honorific |= site.title is not None and not site.title.is_role
        for role, affiliation in stated_roles(site.article.text, site.title, site.appositive):
            draft.vouched |= bool(role)
            if role and (role.casefold(), site.article.id) not in draft.seen:
                draft.seen.add((role.casefold(), site.article.id))
                draft.roles.append(Role(role, site.article.id))
                draft.cores.add(role_core(role))
            if affiliation:
                draft.votes[affiliation] += 1

    def _link_short_forms(self, group: list[_Site]) -> None:
        """Short forms link to the nearest earlier full name in the article whose first or
        last word matches; several close candidates are told apart by role words, else
        left as candidates. Failing that: the article's only match, then the corpus's."""
        text = group[0].article.text
        breaks = [m.start() for m in _NEWLINE.finditer(text)]
        last_seen: dict[str, int] = {}          # person id → offset of its latest mention
        in_article = self._in_article(group)
        for site in group:
            m = site.mention
            pid = m.person if m.analyst_owned else self.by_key.get(site.key) if is_full_name(site.key) else None
            if not m.analyst_owned and not is_full_name(site.key):
                pid = self._resolve_short(site, in_article, last_seen, breaks)
            if pid:
                last_seen[pid] = m.start

    def _resolve_short(self, site: _Site, in_article: dict[str, set[str]], last_seen: dict[str, int],
                       breaks: list[int]) -> str | None:
        word = site.key
        pool = self._nearest(word, last_seen, breaks) or sorted(in_article.get(word, ()))
        if not pool and not _mostly_not_a_person(site.mention.text, self.labels):
            # the corpus's only match, but not for a word it mostly labels otherwise: the
            # "England" of a football report is not the "Tudor England" of a book review
            pool = sorted(pid for pid in self.by_word.get(word, ())
                          if pid not in self.surname_people or any(k.split()[-1] == word for k in self.keys_of[pid]))
        pid: str | None
        if not pool:
            pid = self.by_key.get(word) or self._mononym(site)
        elif len(pool) == 1 and self._fits(site, pool[0]):
            pid = pool[0]
        else:
            pid = self._by_role(site, pool)
        self._set(site, pid, [] if pid else pool)
        return pid

    def _nearest(self, word: str, last_seen: dict[str, int], breaks: list[int]) -> list[str]:
        """The person mentioned last before, with every other match named in that same
        paragraph ("Wang Yi met Wang Wentao. Wang said" gives both)."""
        # Only the people the word may stand for: all those seen so far, for each short
        # form, cost O(n²) on a long article.
        earlier = {pid: last_seen[pid] for pid in self.said_as.get(word, ()) if pid in last_seen}
        if not earlier:
            return []
        latest = bisect.bisect(breaks, max(earlier.values()))
        return sorted(pid for pid, at in earlier.items() if bisect.bisect(breaks, at) == latest)

    def _in_article(self, group: list[_Site]) -> dict[str, set[str]]:
        """Short form → the people of the article's full names it may stand for (also
        those named later), gathered once per article rather than once per short form."""
        out: dict[str, set[str]] = defaultdict(set)
        for s in group:
            if is_full_name(s.key) and s.key in self.by_key:
                for word in end_words(s.key):
                    out[word].add(self.by_key[s.key])
        return out

    def _fits(self, site: _Site, pid: str) -> bool:
        """False when the mention's own title names another office than every role the
        person is known by ("Premier Li" is not Defence Minister Li Shangfu)."""
        roles = self._role_texts(pid)
        if site.title is None or not site.title.is_role or not roles:
            return True
        return any(same_office_kind(site.title.text, r) for r in roles)

    def _by_role(self, site: _Site, pool: list[str]) -> str | None:
        """The one candidate whose roles match the title before the mention or the
        unattached titles earlier in its sentence, else None."""
        hints = [role_core(t.text) for t in role_hints(site.article.text, site.mention.start, site.title)]
        fits = [pid for pid in pool if any(roles_match(h, r) for h in hints for r in self._role_cores(pid))]
        return fits[0] if len(fits) == 1 else None

    def _mononym(self, site: _Site) -> str:
        """A person known by one word only so far ("Peskov", "Naruhito")."""
        pid = self._new_id()
        self._index(site.key, pid)
        return pid

    def _role_texts(self, pid: str) -> list[str]:
        if pid in self.drafts:
            return [r.title for r in self.drafts[pid].roles]
        person = self.analyst.get(pid)
        return [r.title for r in person.roles] if person else []

    def _role_cores(self, pid: str) -> set[str]:
        if pid in self.drafts:
            return self.drafts[pid].cores
        person = self.analyst.get(pid)
        return {role_core(r.title) for r in person.roles} if person else set()

    # -- records ---------------------------------------------------------------------------

    def registry(self, mentions: dict[str, list[Mention]], labels: dict[str, Counter[str]]) -> dict[str, Person]:
        """Analyst records as they are, rebuilt model records under their final ids, and
        old model records an analyst-owned mention still points at."""
        out: dict[str, Person] = dict(self.analyst)
        final: dict[str, str] = {}
        not_people: set[str] = set()
        for temp, draft in self.drafts.items():
            if not draft.forms:
                continue
            person = _person(temp, draft)
            if (not draft.vouched and not looks_like_a_name(person.name)
                    or not draft.honorific and (_mostly_not_a_person(person.name, labels) or _a_thing(person, draft))):
                not_people.add(temp)
                continue
            pid = self._final_id(person.name, {name_key(f) for f in draft.forms} | self.keys_of[temp], out)
            final[temp] = pid
            if pid not in out:
                person.id = pid
                out[pid] = person
        if not_people:
            _drop_non_people(mentions, not_people)
        for ms in mentions.values():
            for m in ms:
                if not m.analyst_owned:
                    m.person = final.get(m.person, m.person) if m.person else None
                    m.candidates = sorted({final.get(c, c) for c in m.candidates if c not in not_people})
        wanted = {m.person for ms in mentions.values() for m in ms if m.analyst_owned and m.person}
        for pid in wanted - out.keys():
            if pid in self.old:
                out[pid] = self.old[pid]
        return dict(sorted(out.items()))

    def _final_id(self, name: str, keys: set[str], taken: dict[str, Person]) -> str:
        """The old model id of the same name (ids stay stable across runs) unless an analyst
        merged that id away, the holder of a merged id, the analyst record that has the
        name's slug for id, or the slug of the name ("-2", "-3"… on a collision)."""
        key = name_key(name)
        reuse = sorted((self.old_keys[pid] != key, pid) for k in keys for pid in self.old_by_key.get(k, ())
                       if pid not in taken and pid not in self.redirect)
        if reuse:
            return reuse[0][1]
        base = slug(name)
        if base in self.redirect:           # an analyst merged this person into another record
            return self.redirect[base]
        if base in self.analyst:            # an analyst edited this record (and renamed it)
            return base
        pid, n = base, 1
        while pid in taken or pid in self.analyst or pid in self.old and self.old_keys[pid] not in keys:
            n += 1
            pid = f"{base}-{n}"
        return pid


def _labels_by_text(mentions: dict[str, list[Mention]]) -> dict[str, Counter[str]]:
    """How often the corpus labels each mention text so: "Yukos" ORG 120, PERSON 35."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for ms in mentions.values():
        for m in ms:
            if m.status != "rejected":
                labels[m.text][m.label] += 1
    return labels


def _mostly_not_a_person(name: str, labels: dict[str, Counter[str]]) -> bool:
    """A one-word name the corpus more often labels as something else ("Yukos, Yugansk's
    former owner" vouches once; ORG elsewhere a hundred times)."""
    counts = labels.get(name)
    return " " not in name and counts is not None and sum(counts.values()) - counts[PERSON] > counts[PERSON]


def _a_thing(person: Person, draft: _Draft) -> bool:
    """A one-word name written as a thing's often enough: "an Oscar", "oil giant Yukos"."""
    return (len(person.name.split()) == 1 and draft.things >= THINGS_MIN
            and draft.things >= THINGS_SHARE * draft.forms.total())


def _drop_non_people(mentions: dict[str, list[Mention]], not_people: set[str]) -> None:
    """The model's mentions of what is not a person take the label the corpus gives the
    same words elsewhere ("Absa" is ORG in another sentence), or go."""
    elsewhere = {text: Counter({label: n for label, n in counts.items() if label != PERSON})
                 for text, counts in _labels_by_text(mentions).items()}
    for ms in mentions.values():
        kept = []
        for m in ms:
            if m.analyst_owned or m.person not in not_people:
                kept.append(m)
            elif label := next(iter(elsewhere.get(m.text, Counter()).most_common(1)), (None,))[0]:
                kept.append(replace(m, label=label, person=None, candidates=[]))
        ms[:] = kept


def _renamed_by_hand(person: Person, seen: set[str]) -> bool:
    if name_key(person.name) in seen:
        return False
    id_words = " ".join(w for w in person.id.split("-") if not w.isdigit())
    return id_words in seen or any(name_key(a) in seen for a in person.aliases)


def _clean(name: str) -> str:
    _, s, e = split_name(name, 0, len(name))
    return name[s:e]


def _person(pid: str, draft: _Draft) -> Person:
    # The fullest form: most words, then the most frequent spelling, the longest, the first seen.
    order = {form: n for n, form in enumerate(draft.forms)}
    name = max(draft.forms, key=lambda f: (len(name_key(f).split()), draft.forms[f], len(f), -order[f]))
    aliases = sorted(f for f in draft.forms if f != name)
    top = draft.votes.most_common(2)
    affiliation = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None
    return Person(id=pid, name=name, aliases=aliases, roles=list(draft.roles), affiliation=affiliation)


def _repair_short_forms(articles: dict[str, Article], mentions: dict[str, list[Mention]],
                        linker: _Linker, sites: list[_Site]) -> bool:
    """Across the corpus: a known person's short form that the model tagged ORG/GPE is
    relabelled ("Blinken" GPE once "Blinken" is known), and an untagged one is added when
    it stands for exactly one person ("Price said" once "Ned Price" is known). True when
    some mention changed."""
    people = [s.mention for s in sites]
    loose = set(known_words(people))
    strict = known_words(people, strict=True)
    # frozen: bare_names prepares it once for the whole corpus, not once per article
    unique = frozenset(w for w, keys in strict.items() if len({linker.by_key.get(k, k) for k in keys}) == 1)
    alone = {s.key for s in sites if not is_full_name(s.key)}
    # "England" is GPE a thousand times and PERSON twice (once for the book "Tudor
    # England"): a word is relabelled where its article names the person, or where the
    # model mostly tags it PERSON across the corpus
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for ms in mentions.values():
        for m in ms:
            counts[name_key(m.text)][m.label] += 1
    mostly = {key for key, c in counts.items() if 2 * c[PERSON] >= c.total()}
    # The words vouched for are those mostly PERSON plus the article's own: intersected with
    # the corpus-wide part once, not copied per article (tens of thousands of keys).
    loose_mostly, alone_mostly = loose & mostly, alone & mostly
    changed = False
    for aid, ms in mentions.items():
        article = articles.get(aid)
        if article is None:
            continue
        local = set(known_words([m for m in ms if m.label == PERSON]))
        fixed = relabel_known(article.text, ms, loose_mostly | (loose & local), alone_mostly | (alone & local))
        fixed += bare_names(article, fixed, unique)
        if [(m.start, m.end, m.label) for m in fixed] != [(m.start, m.end, m.label) for m in ms]:
            ms[:] = sort_mentions(fixed)
            changed = True
    return changed
