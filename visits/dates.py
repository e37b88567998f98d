"""Dates in QA visits: how they are written, the provider's working days to respond, and
whether a date can be the day a visit took place."""
import datetime
import functools

import holidays
from django.utils.dateformat import format as format_date

VISIT_DATE_REQUIRED = "Enter the date the visit took place."
VISIT_DATE_IN_FUTURE = ("The visit cannot be recorded before it has happened: enter the date it "
                        "took place, today or earlier.")


def long_date(day: datetime.date) -> str:
    """12 March 2026."""
    return format_date(day, "j F Y")


@functools.cache
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """England and Wales's bank holidays in ``year``, substitute days included (the holidays
    package's list, which follows GOV.UK's; Wales has England's)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start``: Monday to Friday, bank holidays in
    England and Wales not counted. The one deadline rule (a provider's time to respond, and
    the reminder before it closes)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def visit_date_error(visited_on: datetime.date | None, today: datetime.date) -> str | None:
    """Why ``visited_on`` cannot be the date a visit took place (None: it can). The visit
    form and ``visit_mark_recorded`` both ask this, so they give the same answer."""
    if visited_on is None:
        return VISIT_DATE_REQUIRED
    if visited_on > today:
        return VISIT_DATE_IN_FUTURE
    return None
