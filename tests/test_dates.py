"""resolve_date: relative date words → ISO values, seen from the published date."""

from __future__ import annotations

from datetime import date

import pytest

from tui.core.dates import date_bounds, resolve_date

TUESDAY = "2023-06-06"  # seed 000's publication day


@pytest.mark.parametrize(("expr", "expected"), [
    # weekdays: the latest such day on or before publication
    ("on Monday", "2023-06-05"),
    ("Monday", "2023-06-05"),
    ("on Tuesday", "2023-06-06"),          # the publication day itself
    ("on Wednesday", "2023-05-31"),        # across a month boundary
    ("Sunday", "2023-06-04"),
    ("Monday morning", "2023-06-05"),
    ("on Monday morning", "2023-06-05"),
    ("later on Monday", "2023-06-05"),
    ("last Monday", "2023-06-05"),
    ("last Tuesday", "2023-05-30"),        # strictly before
    ("next Tuesday", "2023-06-13"),        # strictly after
    ("on Sunday and Monday", "2023-06-04/2023-06-05"),
    ("Saturday to Monday", "2023-06-03/2023-06-05"),
    # weeks, weekends, days
    ("last week", "2023-05-29/2023-06-04"),
    ("this week", "2023-06-05/2023-06-11"),
    ("earlier this week", "2023-06-05/2023-06-06"),
    ("next week", "2023-06-12/2023-06-18"),
    ("at the weekend", "2023-06-03/2023-06-04"),
    ("over the weekend", "2023-06-03/2023-06-04"),
    ("the weekend", "2023-06-03/2023-06-04"),
    ("last weekend", "2023-06-03/2023-06-04"),
    ("yesterday", "2023-06-05"),
    ("today", "2023-06-06"),
    ("this morning", "2023-06-06"),
    ("tomorrow", "2023-06-07"),
    ("two days ago", "2023-06-04"),
    # months and years: the precision the words give
    ("last month", "2023-05"),
    ("earlier this month", "2023-06"),
    ("this month", "2023-06"),
    ("next month", "2023-07"),
    ("late last month", "2023-05-21/2023-05-31"),
    ("this year", "2023"),
    ("earlier this year", "2023"),
    ("last year", "2022"),
    ("late last year", "2022-09/2022-12"),
    ("early last year", "2022-01/2022-04"),
    # month names and explicit dates
    ("in February", "2023-02"),
    ("in November", "2022-11"),            # held: the latest November before June 2023
    ("in June", "2023-06"),
    ("June 5", "2023-06-05"),
    ("5 June", "2023-06-05"),
    ("June 5th", "2023-06-05"),
    ("July 4", "2022-07-04"),              # held and after publication: last year's
    ("June 4-5", "2023-06-04/2023-06-05"),
    ("early June", "2023-06-01/2023-06-10"),
    ("5 June 2023", "2023-06-05"),
    ("June 5, 2021", "2021-06-05"),
    ("February 2023", "2023-02"),
    ("in 2012", "2012"),
    ("2023-06-05", "2023-06-05"),
    ("earlier in the day", "2023-06-06"),
    ("earlier today", "2023-06-06"),
])
def test_held_expressions(expr: str, expected: str) -> None:
    assert resolve_date(expr, TUESDAY) == expected


@pytest.mark.parametrize(("expr", "expected"), [
    ("on Monday", "2023-06-12"),           # planned: the next Monday
    ("on Tuesday", "2023-06-06"),          # the publication day is still ahead
    ("later on Tuesday", "2023-06-06"),
    ("Sunday and Monday", "2023-06-11/2023-06-12"),
    ("in November", "2023-11"),
    ("in June", "2023-06"),
    ("in May", "2024-05"),                 # planned and already past this year: next year's
    ("July 4", "2023-07-04"),
    ("June 1", "2024-06-01"),
    ("the weekend", "2023-06-10/2023-06-11"),
    ("next weekend", "2023-06-10/2023-06-11"),
    ("over the next several months", "2023-06-06/2023-12"),
    ("in the coming weeks", "2023-06-06/2023-06-13"),
    ("before the end of the year", "2023"),
    ("by the end of next year", "2024"),
    ("by the end of the month", "2023-06"),
])
def test_planned_expressions_look_ahead(expr: str, expected: str) -> None:
    assert resolve_date(expr, TUESDAY, planned=True) == expected


@pytest.mark.parametrize(("expr", "published", "expected"), [
    ("on Monday", "2023-01-01", "2022-12-26"),           # Sunday: back across the year
    ("on Saturday", "2023-03-01", "2023-02-25"),         # across February
    ("on Thursday", "2024-03-01", "2024-02-29"),         # leap day
    ("last week", "2023-01-03", "2022-12-26/2023-01-01"),
    ("Sunday and Monday", "2022-12-13", "2022-12-11/2022-12-12"),  # seed 002
    ("last month", "2023-01-10", "2022-12"),
    ("next month", "2023-12-10", "2024-01"),
    ("the weekend", "2023-01-02", "2022-12-31/2023-01-01"),
    ("at the weekend", "2023-06-10", "2023-06-10/2023-06-11"),  # said on the Saturday itself
    ("yesterday", "2024-03-01", "2024-02-29"),
    ("in December", "2023-01-15", "2022-12"),
    ("earlier this month", "2023-09-29", "2023-09"),     # seed 003
    ("last week", "2023-06-19", "2023-06-12/2023-06-18"),  # seed 004: Xi met Gates
])
def test_boundaries(expr: str, published: str, expected: str) -> None:
    assert resolve_date(expr, published) == expected


def test_planned_weekday_across_year_end() -> None:
    assert resolve_date("on Tuesday", "2023-12-29", planned=True) == "2024-01-02"


def test_year_only_publication_resolves_year_words_only() -> None:
    assert resolve_date("late last year", "2023") == "2022-09/2022-12"
    assert resolve_date("this year", "2023") == "2023"
    assert resolve_date("last year", "2023") == "2022"
    assert resolve_date("on Monday", "2023") is None
    assert resolve_date("last month", "2023") is None
    assert resolve_date("in November", "2023") is None


def test_unresolvable_or_no_publication_gives_none() -> None:
    assert resolve_date("on Monday", None) is None
    assert resolve_date("last month", None) is None
    assert resolve_date("5 June 2023", None) == "2023-06-05"  # carries its own year
    assert resolve_date("for two days", TUESDAY) is None
    assert resolve_date("sometime soon", TUESDAY) is None
    assert resolve_date("", TUESDAY) is None
    assert resolve_date("on Monday", "not a date") is None
    assert resolve_date("February 30", TUESDAY) is None
    assert resolve_date("the next day", TUESDAY) is None


def test_published_with_time_part_is_read_as_its_day() -> None:
    assert resolve_date("yesterday", "2023-06-06T09:30:00Z") == "2023-06-05"


def test_date_bounds_cover_each_precision() -> None:
    assert date_bounds("2023-06-05") == (date(2023, 6, 5), date(2023, 6, 5))
    assert date_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_bounds("2022") == (date(2022, 1, 1), date(2022, 12, 31))
    assert date_bounds("2022-09/2022-12") == (date(2022, 9, 1), date(2022, 12, 31))
    assert date_bounds("2023-06-19/2023-12") == (date(2023, 6, 19), date(2023, 12, 31))
    assert date_bounds("garbage") is None


@pytest.mark.parametrize("expr", ["January 26-27, 2024", "on Jan. 26 and 27, 2024", "26-27 January 2024",
                                  "from January 26 to 27 2024"])
def test_a_stated_range_with_its_year_needs_no_publication_date(expr: str) -> None:
    assert resolve_date(expr, None) == "2024-01-26/2024-01-27"


def test_an_abbreviated_month_with_a_full_stop() -> None:
    assert resolve_date("on Nov. 14, 2022", None) == "2022-11-14"
    assert resolve_date("Sept. 3", TUESDAY) == "2022-09-03"


def test_a_year_only_publication_date_gives_a_month_day_its_year() -> None:
    assert resolve_date("on March 3", "2024") == "2024-03-03"
    assert resolve_date("on January 26-27", "2024") == "2024-01-26/2024-01-27"
    assert resolve_date("on Monday", "2024") is None   # a weekday needs the day


def test_a_month_only_publication_date_puts_its_own_days_on_the_right_side() -> None:
    assert resolve_date("March 14", "2024-03") == "2024-03-14"
    assert resolve_date("March 14", "2024-03", planned=True) == "2024-03-14"
    assert resolve_date("April 2", "2024-03") == "2023-04-02"          # held: before publication
    assert resolve_date("February 2", "2024-03", planned=True) == "2025-02-02"
    assert resolve_date("on Monday", "2024-03") is None
