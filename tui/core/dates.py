"""Resolve an article's relative date words ("on Monday", "last month") to ISO dates.

Output is one of "YYYY", "YYYY-MM", "YYYY-MM-DD" or a range "start/end" of those, so the
precision the text gives is kept: "last month" is a month, not its first day.

Choices, stated once:
- A weekday is the most recent such day on or before the published date for what has
  happened, the next one on or after it for what is planned ("will meet on Monday").
  "last Monday" is strictly before, "next Monday" strictly after.
- "early/mid/late" split a year into thirds of four months (late last year → 2022-09/2022-12)
  and a month into days 1–10, 11–20, 21–end: a range keeps the hint and still overlaps
  the exact date another article gives.
- A month name without a year is the latest such month on or before publication (held)
  or the first on or after it (planned).
- Without a usable published date only expressions that carry their own year resolve;
  the rest return None (the caller keeps the words).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}

# Words that frame a date without changing it: "on Monday", "later on Monday morning".
_LEAD = re.compile(r"^(?:(?:on|in|at|over|during|by|of|from|as of|the|later|earlier|early|"
                   r"late|sometime|this past|past)\s+)+")
_TIME_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night|noon|midday)$")
_WEEKDAY_RE = "|".join(_WEEKDAYS)
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_PART = re.compile(r"^(early|mid|late|earlier|later)\b[- ]*(.*)$")


def resolve_date(expr: str, published: str | None, *, planned: bool = False) -> str | None:
    """The ISO date, month, year or range that `expr` means, seen from `published`.

    `planned` says the event lies ahead of the article (future tense, "scheduled to"),
    which decides the direction of bare weekdays and month names.
    """
    text = _normalise(expr)
    if not text:
        return None
    absolute = _absolute(text)
    if absolute is not None:
        return absolute
    pub_year, pub_month, pub_day = _parse_published(published)
    if pub_year is None:
        return None
    relative_year = _year_words(text, pub_year)
    if relative_year is not None:
        return relative_year
    if pub_day is None:   # a year or a month only: enough to give "March 3" its year
        if pub_month is None:
            return _month_day(text, date(pub_year, 1, 1), planned, loose=True)
        # the publication month's own days lie on the right side whatever its day was
        day = 1 if planned else calendar.monthrange(pub_year, pub_month)[1]
        return _month_day(text, date(pub_year, pub_month, day), planned)
    return _relative(text, pub_day, planned)


_ABBREVIATED = re.compile(rf"\b({'|'.join(name.lower() for name in calendar.month_abbr if name)}|sept)\.")


def _normalise(expr: str) -> str:
    text = expr.lower().replace("’", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = _ABBREVIATED.sub(r"\1", text)   # "Nov. 14" -> "nov 14"
    text = re.sub(r"[.,;:!?\"“”]+$", "", text.strip())
    text = re.sub(r"\s+", " ", text.replace(",", " ")).strip()
    return text


def _parse_published(published: str | None) -> tuple[int | None, int | None, date | None]:
    """Year, month and day of a published date, as far as it states them."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", (published or "").strip()[:10])
    if not m:
        return None, None, None
    year = int(m[1])
    month = int(m[2]) if m[2] and 1 <= int(m[2]) <= 12 else None
    if month is None or m[3] is None:
        return year, month, None
    try:
        return year, month, date(year, month, int(m[3]))
    except ValueError:
        return year, month, None


# --- expressions that carry their own year -------------------------------------------

def _absolute(text: str) -> str | None:
    text = re.sub(r"^(?:on|in|the|of)\s+", "", text)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _iso_day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})", text):
        return m[1] if 1900 <= int(m[1]) <= 2100 else None
    if m := re.fullmatch(rf"(?:the )?({_MONTH_RE}) {_DAY}(?: of)? (\d{{4}})", text):
        return _iso_day(int(m[3]), _MONTHS[m[1]], int(m[2]))
    if m := re.fullmatch(rf"(?:the )?{_DAY}(?: of)? ({_MONTH_RE}) (\d{{4}})", text):
        return _iso_day(int(m[3]), _MONTHS[m[2]], int(m[1]))
    if (m := re.fullmatch(r"(.+) (\d{4})", text)) and (days := _days_of_month(m[1])):
        return _span_in(int(m[2]), *days)   # "January 26-27, 2024", "26 and 27 Jan 2024"
    if m := re.fullmatch(rf"({_MONTH_RE}) (\d{{4}})", text):
        return f"{int(m[2]):04d}-{_MONTHS[m[1]]:02d}"
    if m := re.fullmatch(rf"(early|mid|late)[- ]({_MONTH_RE}) (\d{{4}})", text):
        return _month_part(int(m[3]), _MONTHS[m[2]], m[1])
    if m := re.fullmatch(r"(early|mid|late)[- ](\d{4})", text):
        return _year_part(int(m[2]), m[1])
    return None


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_part(year: int, month: int, part: str) -> str:
    last = calendar.monthrange(year, month)[1]
    first, end = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[part]
    return f"{date(year, month, first).isoformat()}/{date(year, month, end).isoformat()}"


def _year_part(year: int, part: str) -> str:
    first, end = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    return f"{year:04d}-{first:02d}/{year:04d}-{end:02d}"


# --- years relative to publication: work with a year-only published date ---------------

_END_OF = re.compile(r"(?:before|by|until|at|towards?) (?:the )?end of (the|this|next) (year|month)")


def _year_words(text: str, pub_year: int) -> str | None:
    if m := _END_OF.fullmatch(text):   # "before the end of the year": within that year
        return f"{pub_year + (m[1] == 'next'):04d}" if m[2] == "year" else None
    part = None
    if m := _PART.match(text):
        part, text = m[1], m[2]
    offsets = {"this year": 0, "last year": -1, "next year": 1, "the past year": None,
               "the year": 0}
    if (offset := offsets.get(text)) is None:
        return None
    year = pub_year + offset
    if part in ("early", "earlier") and text == "this year":
        return f"{year:04d}"  # "earlier this year": somewhere in this year, before now
    if part in ("early", "mid", "late"):
        return _year_part(year, part)
    return f"{year:04d}"


# --- everything else needs the published day -----------------------------------------

def _relative(text: str, pub: date, planned: bool) -> str | None:
    for rule in (_fixed_days, _end_of_month, _ago, _weeks, _months, _coming, _weekday_range, _weekday, _month_day,
                 _month_name):
        result = rule(text, pub, planned)
        if result is not None:
            return result
    return None


def _end_of_month(text: str, pub: date, planned: bool) -> str | None:
    m = _END_OF.fullmatch(text)
    if not m or m[2] != "month":
        return None
    year, month = _shift_month(pub.year, pub.month, m[1] == "next")
    return f"{year:04d}-{month:02d}"


def _fixed_days(text: str, pub: date, planned: bool) -> str | None:
    text = _TIME_OF_DAY.sub("", text)
    days = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "tomorrow": 1,
            "the day before yesterday": -2, "the day after tomorrow": 2,
            "earlier today": 0, "later today": 0, "earlier in the day": 0, "later in the day": 0}
    if text in days:
        return (pub + timedelta(days=days[text])).isoformat()
    if text in ("last night", "overnight"):
        return (pub - timedelta(days=1)).isoformat()
    return None


def _coming(text: str, pub: date, planned: bool) -> str | None:
    """ "over the next several months", "in the coming weeks": from publication on.
    "few" counts as 3 and "several" as 6 units."""
    m = re.fullmatch(r"(?:over |in |within |during )?(?:the )?(?:next|coming) "
                     r"(?:(\d+|a few|few|several|two|three|four|five|six|seven|eight|nine|ten) )?"
                     r"(day|week|month)s?", text)
    if not m:
        return None
    if m[1] is None and m[2] == "day":
        return None  # "the next day" counts from the event, not from publication
    count = {"a few": 3, "few": 3, "several": 6, None: 1}.get(m[1])
    if count is None:
        count = int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]
    if m[2] == "day":
        return _range(pub, pub + timedelta(days=count))
    if m[2] == "week":
        return _range(pub, pub + timedelta(weeks=count))
    year, month = _shift_month(pub.year, pub.month, count)
    return f"{pub.isoformat()}/{year:04d}-{month:02d}"


def _ago(text: str, pub: date, planned: bool) -> str | None:
    m = re.fullmatch(r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) "
                     r"(day|week|month|year)s? ago", text)
    if not m:
        return None
    n = int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]
    if m[2] == "day":
        return (pub - timedelta(days=n)).isoformat()
    if m[2] == "week":
        return (pub - timedelta(weeks=n)).isoformat()
    if m[2] == "month":
        year, month = _shift_month(pub.year, pub.month, -n)
        return f"{year:04d}-{month:02d}"
    return f"{pub.year - n:04d}"


def _weeks(text: str, pub: date, planned: bool) -> str | None:
    """Weeks run Monday to Sunday; weekends are Saturday and Sunday."""
    monday = pub - timedelta(days=pub.weekday())
    part = None
    if m := _PART.match(text):
        part, text = m[1], m[2]
    text = re.sub(r"^(?:at|over|on|during|the) ", "", text)
    if text in ("this week", "week"):
        if part in ("earlier", "early"):
            return _range(monday, pub)
        if part in ("later", "late"):
            return _range(pub, monday + timedelta(days=6))
        return _range(monday, monday + timedelta(days=6))
    if text == "last week":
        return _range(monday - timedelta(days=7), monday - timedelta(days=1))
    if text == "next week":
        return _range(monday + timedelta(days=7), monday + timedelta(days=13))
    if text in ("the past week", "past week"):
        return _range(pub - timedelta(days=6), pub)
    if text in ("weekend", "the weekend", "this weekend", "last weekend", "next weekend"):
        saturday = monday + timedelta(days=5)
        if text == "last weekend" or (text != "next weekend" and not planned and pub < saturday):
            saturday -= timedelta(days=7)
        elif text == "next weekend" and pub >= saturday:
            saturday += timedelta(days=7)
        return _range(saturday, saturday + timedelta(days=1))
    return None


def _months(text: str, pub: date, planned: bool) -> str | None:
    part = None
    if m := _PART.match(text):
        part, text = m[1], m[2]
    shifts = {"this month": 0, "the month": 0, "last month": -1, "next month": 1}
    if text not in shifts:
        return None
    year, month = _shift_month(pub.year, pub.month, shifts[text])
    if part in ("early", "mid", "late"):
        return _month_part(year, month, part)
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _weekday_range(text: str, pub: date, planned: bool) -> str | None:
    m = re.fullmatch(rf"(?:from )?({_WEEKDAY_RE})(?: (?:and|to|through|till|until|-)|-) "
                     rf"?({_WEEKDAY_RE})", _strip_lead(text))
    if not m:
        return None
    first, last = _WEEKDAYS[m[1]], _WEEKDAYS[m[2]]
    span = (last - first) % 7
    if planned:
        start = _next_weekday(pub, first, strict=False)
        return _range(start, start + timedelta(days=span))
    end = _previous_weekday(pub, last, strict=False)
    return _range(end - timedelta(days=span), end)


def _weekday(text: str, pub: date, planned: bool) -> str | None:
    text = _TIME_OF_DAY.sub("", text)
    m = re.fullmatch(rf"(last|next|this|this coming|this past|coming)? ?({_WEEKDAY_RE})",
                     _strip_lead(text))
    if not m:
        return None
    day = _WEEKDAYS[m[2]]
    which = m[1]
    if which == "last" or which == "this past":
        return _previous_weekday(pub, day, strict=True).isoformat()
    if which in ("next", "coming", "this coming"):
        return _next_weekday(pub, day, strict=True).isoformat()
    if planned:
        return _next_weekday(pub, day, strict=False).isoformat()
    return _previous_weekday(pub, day, strict=False).isoformat()


def _strip_lead(text: str) -> str:
    return _LEAD.sub("", text)


def _previous_weekday(pub: date, weekday: int, *, strict: bool) -> date:
    back = (pub.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return pub - timedelta(days=back)


def _next_weekday(pub: date, weekday: int, *, strict: bool) -> date:
    ahead = (weekday - pub.weekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return pub + timedelta(days=ahead)


def _days_of_month(text: str) -> tuple[int, int, int | None] | None:
    """ "June 5", "5 June", "June 4-6", "4 to 6 June": month, first day, last day or None."""
    text = re.sub(r"^(?:on|the|from)\s+", "", text)
    patterns = (
        (rf"({_MONTH_RE}) {_DAY}(?: ?(?:-|to|and|through) ?{_DAY})?", 1, 2, 3),
        (rf"{_DAY}(?: ?(?:-|to|and|through) ?{_DAY})?(?: of)? ({_MONTH_RE})", 3, 1, 2),
    )
    for pattern, mi, di, ei in patterns:
        if m := re.fullmatch(pattern, text):
            return _MONTHS[m[mi]], int(m[di]), int(m[ei]) if m[ei] else None
    return None


def _span_in(year: int, month: int, first: int, last: int | None) -> str | None:
    start = _iso_day(year, month, first)
    if start is None or last is None:
        return start
    end = _iso_day(year, month, last)
    return f"{start}/{end}" if end and end > start else None


def _month_day(text: str, pub: date, planned: bool, *, loose: bool = False) -> str | None:
    """A day or days of a named month, in the year nearest pub in the right direction;
    loose (pub states only its year): in pub's year."""
    days = _days_of_month(text)
    if days is None:
        return None
    month, first, last = days
    year = pub.year if loose else _year_for(pub, month, first, planned)
    return _span_in(year, month, first, last)


def _month_name(text: str, pub: date, planned: bool) -> str | None:
    part = None
    if m := re.fullmatch(rf"(?:in |during |by )?(?:(early|mid|late)[- ])?({_MONTH_RE})", text):
        part, name = m[1], m[2]
    else:
        return None
    month = _MONTHS[name]
    year = pub.year
    if planned and month < pub.month:
        year += 1
    elif not planned and month > pub.month:
        year -= 1
    if part:
        return _month_part(year, month, part)
    return f"{year:04d}-{month:02d}"


def _year_for(pub: date, month: int, day: int, planned: bool) -> int:
    """The year that puts month/day on the right side of the published date."""
    candidate = (month, day)
    if planned:
        return pub.year + 1 if candidate < (pub.month, pub.day) else pub.year
    return pub.year - 1 if candidate > (pub.month, pub.day) else pub.year


def _range(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def date_bounds(iso: str) -> tuple[date, date] | None:
    """First and last day covered by an ISO value from resolve_date (for overlap tests)."""
    first, _, last = iso.partition("/")
    lo = _bound(first, start=True)
    hi = _bound(last or first, start=False)
    if lo is None or hi is None:
        return None
    return lo, hi


def _bound(value: str, *, start: bool) -> date | None:
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1) if start else date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, 1) if start else date(year, month,
                                                           calendar.monthrange(year, month)[1])
        return date(year, month, int(parts[2]))
    except (ValueError, IndexError):
        return None
