"""Page chrome: which lines of a scraped article are not the story, and where the story is.

Two passes, as measured on the seeds (NLP-NOTES):
1. whole lines that match a pattern of page furniture (navigation, teasers,
   credits, copyright, editorial notes, mis-decoded garbage) are chrome;
2. a trailing run of paragraphs that share no capitalised word with the headline
   and the opening paragraphs is another story (`unrelated`), as is everything
   after a "Top Stories" / "Most Read" style heading.
The headline and date lines above the story are neither chrome nor body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import takewhile

from .models import Segment
from .mojibake import is_garbage_line


@dataclass(slots=True)
class Line:
    """One non-blank line, without its surrounding whitespace."""

    start: int
    end: int
    block: int          # blank-line separated block it belongs to
    text: str
    kind: str | None = None  # a CHROME_KINDS value, or None


@dataclass(slots=True)
class Layout:
    lines: list[Line]
    chrome: list[Segment]
    body: tuple[int, int]
    title: Line | None       # the headline above the story, if there is one
    header: list[Line]       # non-chrome lines above the story: headline, date lines
    front_matter: dict[str, str]  # "key: value" lines between --- fences at the top (not in header)


_I = re.IGNORECASE
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
# A full date with a year: "June 6, 2023", "6 June 2023", "2023-06-06".
# Any case: a page may print "MARCH 5, 2024".
DATE = re.compile(
    rf"(?:{_WEEKDAY}\s+)?(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d))(?:\b|(?=T\d))", re.IGNORECASE)   # "2024-03-05T10:00Z" too
_DATE_LINE_WORDS = re.compile(
    r"^(?:(?:first\s+)?published|updated|last\s+updated|posted|date|modified)\b(?:\s+on)?[\s:]*", _I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\b|\bat\b|[|,·•]", _I)

# Full-line patterns, tried in order; the first that matches gives the kind.
_PATTERNS: list[tuple[str, str]] = [
    ("navigation", r"skip to (?:the )?(?:main )?(?:content|navigation|article)"),
    ("navigation", r"advertisement|advert|sponsored(?: content)?|ad feedback|"
                   r"story continues below(?: advertisement)?|continue reading(?: the main story)?|"
                   r"scroll (?:down )?to continue(?: with content)?|"
                   r"(?:back to top|menu|search|home|log ?in|sign ?in|register|close|expand|"
                   r"next article|previous article|view comments|show comments|toggle caption|"
                   r"hide caption|enlarge this image|loading\W*)"),
    ("navigation", r"(?:(?:first |last )?(?:published|updated|posted):?\s+)?(?:about |over )?(?:\d+|an?)\s+"
                   r"(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month)s?\s+ago"),
    ("navigation", r"(?:reading time:?\s*)?\d+\s*(?:-\s*)?min(?:ute)?s?\.?(?:\s+read)?"),
    ("navigation", r"(?:listen to (?:this|the) (?:article|story)|listen)(?:\W+\d+\s*min(?:ute)?s?)?"),
    ("navigation", r"(?:sign up|subscribe|register)\b.{0,80}\bnewsletters?\b.{0,60}"),
    ("navigation", r"subscribe(?: now| today| here)?(?:\s+(?:to|for)\s.{1,60})?[.!]?"),
    ("navigation", r"follow (?:us|[\w. ]{1,30}) on (?:twitter|x|facebook|instagram|linkedin|"
                   r"threads|tiktok|youtube|telegram|whatsapp|google news)\b.{0,80}"),
    ("navigation", r"[•·▪►»›]\s*[\w][\w&'’ ./-]{0,30}"),  # "• World": a menu item
    ("related", r"(?:read|see|watch|listen|also read|related|recommended|more|explainer|"
                r"opinion|analysis|live|latest)(?: (?:more|also|next|this))?(?:\s*:|\s+[|–—-])\s*\S.*"),
    ("credit", r"[-–—\s]*with (?:additional )?assistance (?:from|by)\s.+"),
    ("credit", r"[-–—\s]*(?:(?:with |additional )+reporting (?:by|from)|reporting by)\s+"
               r"(?:(?-i:[A-Z])|(?:agencies|wires|wire services|staff)\b).*"),
    ("credit", r"[-–—\s]*(?:writing|written|editing|edited|compiled|produced|translated|"
               r"graphics|photos?|video|fact[- ]checking) by\s+(?-i:[A-Z]).*"),
    ("credit", r"[-–—\s]*(?:staff and|and|with) agencies\.?|agencies"),
    ("credit", r"[-–—\s]*(?:[\w.’' ]{1,80}) contributed (?:reporting|to this (?:report|story|article))\b.*"),
    ("credit", r"(?:photo|photograph|image|picture|illustration|video|graphic)s?(?: credit)?\s*[:|/]\s*.+"),
    ("credit", r"(?:source|editor|editors|author|authors|writer)\s*:\s*.{1,150}"),
    ("credit", r"office of the (?:spokesperson|spokesman|press secretary)"),
    ("credit", r"(?:[\w’'-]+\s+){0,4}(?:correspondent|reporter|editor|writer|columnist|contributor|"
               r"bureau chief)s?(?:\s*[,|]\s*[\w .’'-]{1,40})?"),  # under a byline
    ("credit", r"\(?(?:AP|AFP|Reuters|Getty|EPA|Xinhua|Bloomberg|Pool)\s*(?:Photo|Images?|via)\b.*"),
    ("copyright", r"(?:©|\(c\)\s*(?:19|20)\d\d|copyright\b\s*(?:©|\(c\)|(?:19|20)\d\d)).{0,300}"),
    ("copyright", r".{0,120}\ball rights reserved\b.*"),
    ("copyright", r"this material may not be published, broadcast.*"),
    ("editorial", r"\((?:updates?|updated|adds?|recasts?|corrects?|corrected|changes?|rewrites?|"
                  r"refiles?|removes?|fixes|clarifies|replaces|inserts?|deletes?)\b[^()]*\)\.?"),
    ("editorial", r"(?:contact us at|to contact the (?:reporters?|editors?)|send (?:us )?(?:news )?"
                  r"(?:tips|feedback|corrections)|editor['’]s note)\b.*|our standards:.*"),
    ("editorial", r"(?:correction|clarification)s?\s*(?::|\s[–—-]).*"),
    ("editorial", r"this (?:article|story|report) (?:has been|was) (?:updated|corrected|amended)\b.*"),
]
# All patterns in one regex, one named group each: one match attempt per line.
_KINDS = [kind for kind, _ in _PATTERNS]
_CHROME_LINE = re.compile("|".join(f"(?P<p{i}>{rx})" for i, (_, rx) in enumerate(_PATTERNS)), _I)
_NAVIGATION_LINE = re.compile("|".join(rx for kind, rx in _PATTERNS if kind == "navigation"), _I)
_SHARE_WORDS = {"share", "tweet", "email", "e-mail", "mail", "print", "save", "copy", "link",
                "facebook", "twitter", "x", "linkedin", "whatsapp", "reddit", "telegram",
                "pinterest", "flipboard", "messenger", "comments", "comment", "this", "article",
                "story", "on", "via", "gift"}
_SHARE_CORE = {"share", "tweet", "email", "print", "facebook", "twitter", "linkedin", "whatsapp",
               "reddit", "comments"}
# "Home › World › Asia", "News | China": short items joined by separators.
_BREADCRUMB = re.compile(r"[\w&'’ .-]{1,25}(?:\s*[›>»|/]\s*[\w&'’ .-]{1,25}){1,5}")
# A byline: "By Jane Doe and John Roe, Reuters": capitalised words and joiners only.
BYLINE = re.compile(r"[Bb][Yy]:?\s+(?P<names>[A-Z][\w.’'-]*(?:(?:\s+|\s*[,&|]\s*)(?:and\s+|in\s+)?"
                    r"(?:[A-Z][\w.’'-]*|(?:van|von|de|der|da|bin|al|el|le|la|du|di)\b)){0,12})\.?")
# Headings after which a page lists other stories, optionally after the site name.
TAIL_HEADING = re.compile(
    r"(?:[\w.'’]+\s+){0,2}(?:top stories|top news|most (?:read|popular|viewed|shared|watched)|"
    r"trending(?: now| stories| topics)?|more (?:must-reads |stories |news |coverage )?from\s.{1,40}|"
    r"more (?:stories|news|coverage|must-reads|on this (?:story|topic)|to (?:read|explore))|"
    r"related (?:stories|articles|coverage|news|content|reading|topics)|"
    r"recommended(?: for you| stories| reading| articles)?|you (?:may|might) also (?:like|be interested in)|"
    r"latest (?:news|stories|headlines|videos?)|editors?['’]?s? (?:picks?|choice)|don['’]t miss|"
    r"what to read next|read next|popular (?:now|stories)|in other news|around the web)\s*:?", _I)
# A dateline: "TAIPEI, Taiwan -", "BEIJING, June 5 (Reuters) -", "WASHINGTON (AP) —".
DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){{0,3}}"
    rf"(?:,\s*(?!{_MONTH}\s+\d)[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,2}})?)"
    rf"(?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+(?P<year>(?:19|20)\d\d))?)?"
    rf"\s*(?:\((?P<outlet>[A-Za-z][\w .&'’-]{{1,40}})\)\s*)?(?:[-–—]{{1,2}}|:)(?:\s+|$)")
# CNN's form: "Hong Kong CNN —".
CNN_LEAD = re.compile(r"(?P<place>[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3}?)\s+\(?(?P<outlet>CNN)\)?\s*[-–—]{1,2}\s")
# The wire form without a place: "(Bloomberg) --".
OUTLET_LEAD = re.compile(r"\((?P<outlet>[A-Za-z][\w .&'’-]{1,40})\)\s*(?:[-–—]{1,2}|:)\s")

_STOPWORDS = {
    "I", "A", "An", "The", "And", "Or", "But", "Of", "In", "On", "At", "To", "For", "By", "With",
    "From", "As", "Is", "Are", "Was", "Be", "It", "Its", "This", "That", "Mr", "Mrs", "Ms", "Dr",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
}


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    block = 0
    prev_end = 0
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + len(raw) - len(raw.lstrip())
        if lines and text.count("\n", prev_end, start) >= 2:
            block += 1
        lines.append(Line(start, start + len(stripped), block, stripped))
        prev_end = start + len(stripped)
    return lines


def _is_share_line(text: str) -> bool:
    words = [w for w in re.split(r"[\s|•·,/]+", text.lower()) if w]
    return 0 < len(words) <= 8 and set(words) <= _SHARE_WORDS and bool(set(words) & _SHARE_CORE)


def _is_nav_row(text: str) -> bool:
    """"Advertisement · Scroll to continue": navigation phrases side by side."""
    parts = [p.strip() for p in re.split(r"\s+[·•|]\s+", text)]
    return len(parts) > 1 and all(
        _is_share_line(p) or _NAVIGATION_LINE.fullmatch(p) for p in parts)


def _is_breadcrumb(text: str) -> bool:
    if not _BREADCRUMB.fullmatch(text) or text.endswith("."):
        return False
    parts = [p.strip() for p in re.split(r"[›>»|/]", text)]
    return all(p and len(p.split()) <= 3 and p[0].isupper() for p in parts)


def _is_byline(text: str) -> bool:
    return len(text.split()) <= 14 and BYLINE.fullmatch(text) is not None


def classify(text: str) -> str | None:
    """The chrome kind of one whole line, or None when it may be story text."""
    if len(text) > 400:
        return None
    if match := _CHROME_LINE.fullmatch(text):
        return _KINDS[int(match.lastgroup[1:])]  # type: ignore[index]  # every alternative is a named group
    if _is_byline(text):
        return "credit"
    if _is_share_line(text) or _is_breadcrumb(text) or _is_nav_row(text):
        return "navigation"
    if _DATE_LINE_WORDS.match(text) and is_date_line(text):
        return "navigation"  # "Published June 6, 2023": page furniture wherever it stands
    if is_garbage_line(text):
        return "mojibake"
    return None


def is_date_line(text: str) -> bool:
    """A line that only states when the page was published or updated, perhaps beside a
    section name: "Mar 5, 2024 | World", "Politics · 5 March 2024"."""
    if len(text.split()) > 16:   # first: the date search costs most on a long paragraph
        return False
    match = DATE.search(text)
    if not match:
        return False
    rest = _DATE_LINE_WORDS.sub("", text.replace(match.group(), " "))
    rest = DATE.sub(" ", _TIME.sub(" ", rest))
    if len(re.sub(r"[^A-Za-z]", "", rest)) <= 6:
        return True
    parts = [p for p in re.split(r"\s+[|·•]\s+", text) if p]
    return len(parts) > 1 and any(DATE.search(p) for p in parts) and all(
        DATE.search(p) or _SECTION.fullmatch(p) for p in parts)


_SECTION = re.compile(r"[A-Z][\w&'’-]*(?:\s+[A-Za-z&][\w&'’-]*){0,2}")


def is_headline(text: str) -> bool:
    words = text.lstrip("#").split()
    return (2 <= len(words) <= 30 and len(text) <= 250 and text[-1] not in ".,;:"
            and not OUTLET_LEAD.match(text) and not DATELINE.fullmatch(text) and not is_date_line(text))


_CAPWORD = re.compile(r"(?<![\w’'.&-])[A-Z][\w’'.&-]*")
_ABBREVIATIONS = {"Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.",
                  "Capt.", "Sgt.", "Prof.", "Adm.", "Jr.", "Sr.", "No."}


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "“\"‘'(["):
        i -= 1
    while i >= 0 and text[i] in "”\"’')]":
        i -= 1
    if i < 0:
        return True
    if text[i] not in ".!?:":
        return False
    token = text[text.rfind(" ", 0, i) + 1:i + 1]
    # "the U.S. Navy", "Mr. Blinken": the full stop ends an abbreviation, not a sentence
    return not (text[i] == "." and (token.count(".") > 1 or token in _ABBREVIATIONS))


def keywords(text: str) -> tuple[set[str], set[str]]:
    """Capitalised words of a paragraph, the names it talks about: those not at
    a sentence start (plus acronyms such as "CIA" anywhere), and all of them.

    "Researchers" opening a sentence says nothing about the subject; the first
    set leaves such words out, the second keeps them for a generous reference."""
    strict: set[str] = set()
    every: set[str] = set()
    for match in _CAPWORD.finditer(text):
        word = match.group()
        if word[-1] in ".’'s":
            if word.count(".") <= 1:
                word = word.rstrip(".")
            word = word.removesuffix("’s").removesuffix("'s").strip("’'")
        if "-" in word or "–" in word:
            parts = [p for p in re.split(r"[-–]", word) if p[:1].isupper() and p not in _STOPWORDS]
        elif word in _STOPWORDS:
            continue
        else:
            parts = [word]
        if not parts:
            continue
        every.update(parts)
        # another capital ("CIA", "Xi-Biden") marks a name even at a sentence start
        if word[1:] != word[1:].lower() or not _sentence_initial(text, match.start()):
            strict.update(parts)
    return strict, every


@dataclass(slots=True)
class _Block:
    lines: list[Line]
    strict: set[str] = field(default_factory=set)  # see keywords()
    every: set[str] = field(default_factory=set)


def _story_blocks(lines: list[Line], first: int,
                  cache: dict[str, tuple[set[str], set[str]]]) -> list[_Block]:
    """Non-chrome lines from index `first` on, grouped by block, with their keywords."""
    blocks: list[_Block] = []
    for line in lines[first:]:
        if line.kind is not None:
            continue
        if blocks and blocks[-1].lines[-1].block == line.block:
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block([line]))
    for block in blocks:
        text = " ".join(line.text for line in block.lines)
        if text not in cache:
            cache[text] = keywords(text)
        block.strict, block.every = cache[text]
    return blocks


_OPENING_BLOCKS = 3


def _mark_tail_headings(lines: list[Line], first: int, reference: set[str]) -> None:
    """After a "Top Stories" heading, everything is other stories, up to a
    paragraph that is clearly about this story again (a sidebar mid-page)."""
    i = first
    while i < len(lines):
        if lines[i].kind is None and TAIL_HEADING.fullmatch(lines[i].text):
            lines[i].kind = "unrelated"
            j = i + 1
            while j < len(lines):
                line = lines[j]
                if line.kind is None:
                    if len(line.text.split()) >= 25 and len(keywords(line.text)[0] & reference) >= 2:
                        break
                    line.kind = "unrelated"
                j += 1
            i = j
        i += 1


def _mark_foreign_tail(lines: list[Line], first: int, reference: set[str],
                       cache: dict[str, tuple[set[str], set[str]]]) -> None:
    """Mark the trailing run of paragraphs that share no name with the opening."""
    blocks = _story_blocks(lines, first, cache)
    if len(blocks) <= _OPENING_BLOCKS + 1:
        return
    run_start = len(blocks)
    for k in range(len(blocks) - 1, _OPENING_BLOCKS - 1, -1):
        if blocks[k].strict & reference:
            break
        run_start = k
    seen: set[str] = set()
    for block in blocks[:run_start]:
        seen |= block.every
    foreign = 0
    kept_start = len(blocks)
    for k in range(run_start, len(blocks)):
        words = blocks[k].strict
        if kept_start == len(blocks):
            # the run starts at its first paragraph that names something new
            if not words or words & seen:
                seen |= blocks[k].every
                continue
            kept_start = k
        foreign += bool(words)
    if foreign < 2:
        return
    # Closing paragraphs that quote new people ("Bonnie Glaser of the German Marshall
    # Fund said the talks were overdue") still use the story's words; teasers don't.
    story_words: set[str] = set()
    for block in blocks[:kept_start]:
        story_words |= _content_words(block)
    run = blocks[kept_start:]
    if sum(bool(_content_words(block) & story_words) for block in run) * 2 > len(run):
        return
    for block in run:
        for line in block.lines:
            line.kind = "unrelated"


_CONTENT_WORD = re.compile(r"\b[a-z]{4,}\b")
_COMMON = set("""that with from have been were this their they there which would could about
after into over than then them these those when where while what will also more most some
such only other just like being because between through during before under again against
very your ours here does make made take first last year years said says told back many much
well even still came come just each every into onto upon since until""".split())


def _content_words(block: _Block) -> set[str]:
    return {w for line in block.lines for w in _CONTENT_WORD.findall(line.text)} - _COMMON


def _segments(lines: list[Line], text: str) -> list[Segment]:
    """Chrome lines as segments; neighbours of one kind merge when only blank
    space separates them (the whole tail of other stories is one segment)."""
    segments: list[Segment] = []
    for line in lines:
        if line.kind is None:
            continue
        last = segments[-1] if segments else None
        if last and last.kind == line.kind and not text[last.end:line.start].strip():
            mergeable = line.kind in ("unrelated", "navigation") or text.count("\n", last.end, line.start) == 1
            if mergeable:
                segments[-1] = Segment(last.start, line.end, line.kind)
                continue
        segments.append(Segment(line.start, line.end, line.kind))
    return segments


_FENCE = re.compile(r"---|\.\.\.")
_FIELD = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)")


# Keys that open a plain-text export ("Title: …", "Date: 2024-03"): at least one of the
# first three must be there, so that a story opening "Note: …" is not taken for fields.
_HEADER_KEYS = {"title", "headline", "date", "published", "updated", "source", "outlet", "publication",
                "url", "link", "author", "authors", "byline", "section", "dateline"}
_HEADER_NEEDS = {"title", "headline", "date", "published"}


def _front_matter(lines: list[Line]) -> tuple[dict[str, str], int]:
    """Fields of a `---` fenced block of `key: value` lines opening the file, or of a
    first paragraph made only of known `Key: value` lines; and how many lines they take
    (0 when there are none)."""
    if lines and lines[0].text != "---":
        return _header_fields(lines)
    if not lines or lines[0].start != 0:
        return {}, 0
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[1:40], start=1):
        if _FENCE.fullmatch(line.text):
            return fields, i + 1
        match = _FIELD.fullmatch(line.text)
        if not match:
            return {}, 0
        fields[match["key"].lower()] = match["value"].strip().strip("\"'")
    return {}, 0


def _header_fields(lines: list[Line]) -> tuple[dict[str, str], int]:
    fields: dict[str, str] = {}
    for line in lines:
        match = _FIELD.fullmatch(line.text) if line.block == lines[0].block else None
        if not match or match["key"].lower() not in _HEADER_KEYS:
            break
        fields[match["key"].lower()] = match["value"].strip().strip("\"'")
    return (fields, len(fields)) if fields.keys() & _HEADER_NEEDS else ({}, 0)


def _find_header(lines: list[Line], skip: int) -> tuple[Line | None, list[Line], int]:
    """The headline, the non-chrome lines above the story, and the index of
    the story's first line. A kicker above the headline ("Analysis") becomes
    navigation; a short line alone above the story is the headline."""
    title: Line | None = None
    header: list[Line] = []
    candidates = [i for i in range(skip, len(lines)) if lines[i].kind is None]
    for n, i in enumerate(candidates):
        line = lines[i]
        later = candidates[n + 1:]
        # alone in its paragraph but for date lines: "Headline\nTuesday, March 5, 2024"
        beside = list(takewhile(lambda j: lines[j].block == line.block, later))  # noqa: B023 - used at once
        alone = (len(beside) < len(later) and all(is_date_line(lines[j].text) for j in beside)
                 or bool(later) and line.text.startswith("# "))
        # a masthead block: "Readout of …\nMedia Note\nWashington, DC\nDecember 2, 2011"
        masthead = (n == 0 and len(beside) < len(later) and any(is_date_line(lines[j].text) for j in beside)
                    and all(_short_label(lines[j].text) for j in beside))
        if masthead and is_headline(line.text):
            stop = later[len(beside)]
            return line, [line] + [lines[j] for j in beside], stop
        if title is None and not [h for h in header if not is_date_line(h.text)] and alone:
            follower = lines[later[0]].text
            if (len(line.text.split()) <= 3 and line.text[-1].isalnum() and len(later) > 1
                    and is_headline(follower) and len(follower.split()) > 3):
                line.kind = "navigation"
                continue
            if is_headline(line.text):
                title = line
                header.append(line)
                continue
        if not is_date_line(line.text):
            return title, header, i
        header.append(line)
    return title, header, len(lines)


def _short_label(text: str) -> bool:
    """A line of a masthead: a date line, or a few words without a sentence's end."""
    return is_date_line(text) or (len(text.split()) <= 8 and text[-1] not in ".!?:;")


def analyse(text: str, front_end: int = 0) -> Layout:
    """front_end: where front matter that the caller has read ends (corpus.py parses a Markdown
    file's as YAML); the lines above it are kept out of the story."""
    lines = split_lines(text)
    front_matter, skip = (({}, sum(1 for line in lines if line.start < front_end)) if front_end
                          else _front_matter(lines))
    for line in lines[skip:]:
        line.kind = classify(line.text)
    title, header, first = _find_header(lines, skip)
    reference = set(keywords(title.text)[1]) if title else set()
    cache: dict[str, tuple[set[str], set[str]]] = {}
    for block in _story_blocks(lines, first, cache)[:_OPENING_BLOCKS]:
        reference |= block.every
    _mark_tail_headings(lines, first, reference)
    _mark_foreign_tail(lines, first, reference, cache)
    story = [line for line in lines[first:] if line.kind is None]
    body = (story[0].start, story[-1].end) if story else (0, 0)
    return Layout(lines, _segments(lines, text), body, title, header, front_matter)
