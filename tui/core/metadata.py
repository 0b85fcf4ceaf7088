"""What an article says about itself: headline, outlet, date, dateline, credits.

Only what the text states: no field is guessed from the story's content. The
outlet comes from page furniture (datelines, copyright and credit lines, site
names and domains), never from body prose, where "the Wall Street Journal
reported" names a source, not the publisher.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .chrome import CNN_LEAD, DATE, DATELINE, OUTLET_LEAD, TAIL_HEADING, Layout, Line, is_date_line
from .models import ArticleMeta

# (outlet, signals). More specific names first: "Reuters" before "AP".
_OUTLETS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx)) for name, rx in [
    ("Reuters", r"\bReuters\b|reuters\.com"),
    ("Associated Press", r"\(AP\)|\bAssociated Press\b|apnews\.com|\bAP Photo\b|^AP$"),
    ("AFP", r"\bAFP\b|Agence France[- ]Presse|afp\.com"),
    ("Bloomberg", r"\bBloomberg\b|bloomberg\.com"),
    ("CTV News", r"CTVNews\.ca|\bCTV News\b|ctvnews\.ca"),
    ("TIME", r"\bTIME\b|\btime\.com\b"),
    ("BBC", r"\bBBC\b|bbc\.co\.uk|bbc\.com"),
    ("CNN", r"\bCNN\b|cnn\.com"),
    ("Xinhua", r"\bXinhua\b|xinhuanet\.com|\bnews\.cn\b"),
    ("The New York Times", r"New York Times|nytimes\.com"),
    ("The Washington Post", r"Washington Post|washingtonpost\.com"),
    ("The Wall Street Journal", r"Wall Street Journal|wsj\.com|Dow Jones"),
    ("Financial Times", r"Financial Times|\bft\.com\b"),
    ("The Guardian", r"\bThe Guardian\b|\bGuardian (?:Australia|US|News)\b|theguardian\.com"),
    ("Al Jazeera", r"Al Jazeera|aljazeera\.com"),
    ("South China Morning Post", r"South China Morning Post|scmp\.com|\bSCMP\b"),
    ("Global Times", r"Global Times|globaltimes\.cn"),
    ("China Daily", r"China Daily|chinadaily\.com\.cn"),
    ("CGTN", r"\bCGTN\b|cgtn\.com"),
    ("Kyodo News", r"\bKyodo\b"),
    ("Yonhap", r"\bYonhap\b"),
    ("Nikkei Asia", r"\bNikkei\b"),
    ("NHK", r"\bNHK\b"),
    ("NPR", r"\bNPR\b|npr\.org"),
    ("CNBC", r"\bCNBC\b|cnbc\.com"),
    ("CBS News", r"CBS News|cbsnews\.com"),
    ("NBC News", r"NBC News|nbcnews\.com"),
    ("ABC News", r"ABC News|abcnews\.go\.com|abc\.net\.au"),
    ("Fox News", r"Fox News|foxnews\.com"),
    ("Politico", r"\bPOLITICO\b|\bPolitico\b|politico\.com"),
    ("Axios", r"\bAxios\b|axios\.com"),
    ("The Hill", r"\bThe Hill\b|thehill\.com"),
    ("Voice of America", r"Voice of America|\bVOA\b|voanews\.com"),
    ("Radio Free Asia", r"Radio Free Asia|\brfa\.org\b"),
    ("Deutsche Welle", r"Deutsche Welle|\bdw\.com\b"),
    ("France 24", r"France ?24"),
    ("The Straits Times", r"Straits Times|straitstimes\.com"),
    ("CNA", r"channelnewsasia\.com|\bCNA\b"),
    ("The Japan Times", r"Japan Times|japantimes\.co\.jp"),
    ("Sky News", r"Sky News|news\.sky\.com"),
    ("The Economist", r"The Economist|economist\.com"),
    ("Newsweek", r"\bNewsweek\b|newsweek\.com"),
    ("U.S. Department of State", r"\bstate\.gov\b|Office of the Spokesperson"),
    ("The White House", r"whitehouse\.gov"),
    ("Ministry of Foreign Affairs of the PRC", r"fmprc\.gov\.cn|\bmfa\.gov\.cn\b"),
]]
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?P<year>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_NOT_A_PLACE = {"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "WATCH", "LIVE", "OPINION",
                "EDITORIAL", "NOTE", "FACTBOX", "EXPLAINER", "COMMENT", "REVIEW", "CORRECTION", "VIDEO",
                "PHOTOS", "READ", "RELATED", "UPDATES", "FILE", "WARNING"}

# Credit lines: the role words in front of the names, and what trails them.
_ROLE = re.compile(
    r"^[-–—\s]*(?:(?:with\s+)?(?:additional\s+)?(?:assistance|reporting|writing|written|editing|edited|"
    r"compiled|produced|translated|graphics|photos?|video|fact[- ]checking)\s+(?:from|by)|by)\s+",
    re.IGNORECASE)
_CONTRIBUTED = re.compile(
    r"^[-–—\s]*(?P<names>.+?)\s+contributed\s+(?:reporting|to this)", re.IGNORECASE)
_WRITER_PREFIX = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w.]*\s+){0,3}(?:writers?|reporters?|correspondents?|journalists?|"
    r"staff writers?)\s+", re.IGNORECASE)
_PHOTO = re.compile(r"(?:Photo|Images?)\s*/\s*(?P<names>[^)]+)|^(?:photo|image|picture|video)s?"
                    r"(?: credit)?\s*[:|]\s*(?P<names2>.+)", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(r"\b(?:photo|photograph|image|picture|illustration|video|getty)s?\b", re.IGNORECASE)
_IN_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z].*$")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "das", "dos", "du", "di", "del", "della",
              "bin", "binti", "al", "el", "le", "la", "ter", "ten", "st."}
_NAME_TOKEN = re.compile(r"[A-Z][\w’'.-]*")
_NOT_PEOPLE = {"staff", "agencies", "agency", "wires", "news", "reporters", "correspondents", "team",
               "desk", "editors", "images", "getty", "pool", "file", "photo", "stringer", "handout"}


def _outlet_in(text: str) -> str | None:
    for name, pattern in _OUTLETS:
        if pattern.search(text):
            return name
    return None


def _lead_outlet(lead: str) -> str | None:
    match = DATELINE.match(lead) or OUTLET_LEAD.match(lead) or CNN_LEAD.match(lead)
    if not match or not match["outlet"]:
        return None
    return _outlet_in(match["outlet"]) or match["outlet"].strip()


def _iso(year: str, month: str, day: str) -> str | None:
    number = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower())
    if not number or not 1 <= int(day) <= 31 or not 1 <= number <= 12:
        return None
    return f"{int(year):04d}-{number:02d}-{int(day):02d}"


def _date_in(text: str) -> str | None:
    match = DATE.search(text)
    if not match:
        return None
    for y, m, d in (("y1", "m1", "d1"), ("y2", "m2", "d2"), ("y3", "m3", "d3")):
        if match[y]:
            return _iso(match[y], match[m], match[d])
    return None


def _dateline(lead: str) -> tuple[str | None, str | None, str | None]:
    """Place, "June 5" style date and its year, from the opening of the story."""
    match = DATELINE.match(lead)
    if not match:
        cnn = CNN_LEAD.match(lead)
        return (cnn["place"], None, None) if cnn else (None, None, None)
    if match["place"].split(",")[0].split()[0].strip(".") in _NOT_A_PLACE:
        return None, None, None
    return match["place"].strip(), match["date"], match["year"]


def _month_day(text: str, year: str) -> str | None:
    parts = text.replace(".", "").split()
    month, day = (parts[0], parts[1]) if parts[0][0].isalpha() else (parts[1], parts[0])
    return _iso(year, month, day)


def _is_name(candidate: str) -> bool:
    tokens = candidate.split()
    if not 2 <= len(tokens) <= 5 or any(t.lower().strip(".") in _NOT_PEOPLE for t in tokens):
        return False
    if _outlet_in(candidate):
        return False
    return all(_NAME_TOKEN.fullmatch(t) or t.lower() in _PARTICLES for t in tokens) and tokens[0][0].isupper()


def credit_names(line: str) -> list[str]:
    """People named in one credit line: "--With assistance from Ocean Hou and
    Courtney McBride." -> ["Ocean Hou", "Courtney McBride"]."""
    names: list[str] = []
    for part in re.split(r"\s*;\s*", line.strip()):
        photo = _PHOTO.search(part)
        contributed = _CONTRIBUTED.match(part)
        if photo:
            part = photo["names"] or photo["names2"]
        elif contributed:
            part = _WRITER_PREFIX.sub("", contributed["names"])
        else:
            part = _ROLE.sub("", part)
        for piece in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*|\s*/\s*|\s*\|\s*", part):
            piece = _IN_PLACE.sub("", piece.strip(" .–—-"))
            if _is_name(piece) and piece not in names:
                names.append(piece)
    return names


def extract(layout: Layout, text: str, given: Mapping[str, str] | None = None) -> ArticleMeta:
    """given: fields the file states outside the text (YAML front matter, a web page's
    metadata, a dump row's columns); they win over what the text shows."""
    front = {**layout.front_matter, **(given or {})}
    lead = text[layout.body[0]:layout.body[1]].split("\n", 1)[0] if layout.body != (0, 0) else ""
    furniture = [line for line in layout.lines
                 if line.kind not in (None, "unrelated", "related", "mojibake")
                 or (line.kind == "unrelated" and TAIL_HEADING.fullmatch(line.text))]
    header = [line for line in layout.header if line is not layout.title]

    title = (front.get("title") or front.get("headline")
             or (layout.title.text.lstrip("#").strip() if layout.title else None))
    outlet = (front.get("outlet") or front.get("source") or front.get("publication")
              or front.get("publisher") or _lead_outlet(lead))
    if not outlet and front.get("url"):
        outlet = _outlet_in(front["url"])
    if not outlet:
        outlet = next(filter(None, (_outlet_in(line.text) for line in _by_strength(furniture + header))), None)

    place, month_day, dateline_year = _dateline(lead)
    published = _published(front, header, furniture)
    if not published and month_day:
        year = dateline_year or _copyright_year(furniture)
        published = _month_day(month_day, year) if year else None
    published = published or _copyright_year(furniture)

    credits: list[str] = []
    for line in layout.lines:
        if line.kind == "credit":
            credits += [name for name in credit_names(line.text) if name not in credits]
    for key in ("author", "authors", "byline", "credits"):
        if front.get(key):
            credits += [n for n in credit_names("By " + front[key]) if n not in credits]
    return ArticleMeta(title=title, outlet=outlet, published=published,
                       dateline=front.get("dateline") or place, credits=credits)


def _by_strength(lines: list[Line]) -> list[Line]:
    """Copyright lines name the publisher most reliably, credit lines least (a
    byline may name a wire); photo credits name the photo agency, not the publisher."""
    ranked = [line for line in lines if not (line.kind == "credit" and _PHOTO_CREDIT.search(line.text))]
    return sorted(ranked, key=lambda line: {"copyright": 0, "credit": 2}.get(line.kind or "", 1))


def _published(front: dict[str, str], header: list[Line], furniture: list[Line]) -> str | None:
    for key in ("published", "date", "published_at", "pubdate"):
        if front.get(key) and (found := _date_in(front[key]) or _partial_date(front[key])):
            return found
    # a date line, or a date between the bars of "Source: Xinhua| 2023-06-19 22:58:07|Editor: …"
    dated = [part for line in header + furniture for part in re.split(r"\s*[|·•]\s*", line.text)
             if is_date_line(part)]
    # "Published …" beats "Updated …", which beats a bare date.
    dated.sort(key=lambda part: (not re.match(r"(?:first\s+)?(?:published|posted)", part, re.I),
                                 bool(re.match(r"(?:last\s+)?updated", part, re.I))))
    for part in dated:
        if found := _date_in(part):
            return found
    return None


def _partial_date(value: str) -> str | None:
    """"2024" or "2024-03": a field that states no more than the year or the month."""
    return value if re.fullmatch(r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2]))?", value) else None


def _copyright_year(furniture: list[Line]) -> str | None:
    for line in furniture:
        if line.kind == "copyright" and (match := _COPYRIGHT_YEAR.search(line.text)):
            return match["year"]
    return None

