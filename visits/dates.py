"""Dates in QA visits: how they are written, the provider's working days to respond, and
whether a date can be the day a visit took place."""
import datetime

from django.utils.dateformat import format as format_date

VISIT_DATE_REQUIRED = "Enter the date the visit took place."
VISIT_DATE_IN_FUTURE = ("The visit cannot be recorded before it has happened: enter the date it "
                        "took place, today or earlier.")


def long_date(day: datetime.date) -> str:
    """12 March 2026."""
    return format_date(day, "j F Y")


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days (Monday to Friday) after ``start``. Bank holidays are
    not known here and count as working days."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
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
