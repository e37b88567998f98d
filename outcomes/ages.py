"""Academic years and ages as outcomes count them: the year before a year, the year a date
falls in, and a learner's age band at the start of a year (31 August, the school-year
convention), in Python and as a database condition."""
import datetime

from django.db.models import Q

# Age on 31 August before the academic year starts (the school-year convention), in bands.
AGE_BANDS = (("under_16", "Under 16", None, 15), ("16_to_18", "16 to 18", 16, 18),
             ("19_to_25", "19 to 25", 19, 25), ("over_25", "Over 25", 26, None))


def _start_year(academic_year: str) -> int:
    return int(academic_year[:4])


def age_band_q(band: str, academic_year: str, *, learner: str = "learner") -> Q:
    """The rows whose learner (at ``learner``, a path from the rows) was in ``band`` at the
    start of ``academic_year``."""
    start = _start_year(academic_year)
    _, _, low, high = next(b for b in AGE_BANDS if b[0] == band)
    q = Q()
    if low is not None:  # age >= low  <=>  born in or before start - low
        q &= Q(**{f"{learner}__year_of_birth__lte": start - low})
    if high is not None:
        q &= Q(**{f"{learner}__year_of_birth__gte": start - high})
    return q


def previous_year(academic_year: str) -> str:
    start = _start_year(academic_year) - 1
    return f"{start}/{(start + 1) % 100:02d}"


def today_year(today: datetime.date | None = None) -> str:
    """The academic year (September to August) ``today`` falls in."""
    today = today or datetime.date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def band_of(year_of_birth: int, academic_year: str) -> str:
    """The age band of a learner born in ``year_of_birth`` at the start of the year (as
    ``age_band_q`` counts it in the database)."""
    age = _start_year(academic_year) - year_of_birth
    return next(code for code, _, low, high in AGE_BANDS
                if (low is None or age >= low) and (high is None or age <= high))


def birth_year_for(band: str, academic_year: str) -> int:
    """A year of birth in ``band`` at the start of the year."""
    _, _, low, high = next(b for b in AGE_BANDS if b[0] == band)
    return _start_year(academic_year) - (low if low is not None else high)
