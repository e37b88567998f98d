"""One row of an outcomes import file: its columns, the checks on each value, and the row
as the values it stores (``outcomes.importer`` checks the file and plans the import)."""
import datetime
import re
from dataclasses import dataclass

from core.imports.files import CONTROL_CHARACTERS, cell_text, shown
from core.imports.rows import RowError, RowReader, Vocabulary
from organisations.models import Commissioning, Organisation

from .models import ACADEMIC_YEAR_PATTERN, EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR, Learner
from .references import LOOKS_LIKE_UPN, looks_like_upn, reference_problem
from .scheme import Scheme

REQUIRED_COLUMNS = ("learner_ref", "year_of_birth", "primary_need", "provider", "academic_year",
                    "review_date", "goal", "pfa_area", "rating")
GOAL_MAX_LENGTH = 500

__all__ = ["LOOKS_LIKE_UPN", "REQUIRED_COLUMNS", "Row", "RowChecker", "RowError", "looks_like_upn"]

# Tests assert these.
BAD_YEAR_OF_BIRTH = "Give the year of birth as four digits between {low} and {high}, not '{value}'."
NOT_COMMISSIONED = ("'{value}' is not the reference (URN or UKPRN) or portal slug of a "
                    "provider {la} commissions.")
AMBIGUOUS_PROVIDER = ("'{value}' is the reference of more than one provider {la} commissions: "
                      "give the provider's portal slug.")
BAD_ACADEMIC_YEAR = "Give the academic year as 2025/26, not '{value}'."
BAD_DATE = "Give the date as YYYY-MM-DD or DD/MM/YYYY, for example 2026-03-31, not '{value}'."
GOAL_TOO_LONG = "The goal is {length} characters long; at most 500 fit."
GOAL_CONTROL = ("The goal contains a line break, tab or other control character; write it on "
                "one line of plain text.")


@dataclass
class Row:
    """One valid row, as the values it stores."""

    row: int
    reference: str
    year_of_birth: int
    primary_need: str
    provider: Organisation
    academic_year: str
    review_date: datetime.date
    goal: str
    pfa_area: str
    rating: str
    soft: dict

    @property
    def key(self) -> tuple[str, str, str]:
        return self.reference, self.academic_year, self.goal


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern, fmt in ((r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "%Y-%m-%d"),
                         (r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}", "%d/%m/%Y")):
        if re.fullmatch(pattern, text):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                return None
    return None


def academic_year_ok(text: str) -> bool:
    """True for an academic year written as 2025/26 (the second year follows the first)."""
    if not re.fullmatch(ACADEMIC_YEAR_PATTERN, text):
        return False
    start, end = int(text[:4]), int(text[5:])
    return end == (start + 1) % 100


class RowChecker:
    """Checks one row at a time against the scheme and the LA's commissioned providers."""

    def __init__(self, local_authority: Organisation, scheme: Scheme, index: dict[str, int]):
        self.la = local_authority
        self.read_goals_with(scheme, index)
        self.needs = Vocabulary(Learner.Need.choices)
        self.providers: dict[str, list[Organisation]] = {}
        links = (Commissioning.objects.filter(commissioner=local_authority,
                                              provider__kind=Organisation.Kind.PROVIDER)
                 .select_related("provider"))
        for link in links:
            provider = link.provider
            # Its slug, the LA's own reference, and its URN and UKPRN (held apart since the
            # organisations import): any one of them names it.
            keys = {provider.slug.lower()}
            for value in (provider.reference, provider.urn, provider.ukprn):
                if value.strip():
                    keys.add(value.strip().lower())
            for key in keys:
                self.providers.setdefault(key, []).append(provider)

    def read_goals_with(self, scheme: Scheme, index: dict[str, int]) -> None:
        """The scheme's words for ``outcome_values``, and the file's columns."""
        self.scheme = scheme
        self.index = index
        self.areas = Vocabulary((t.code, t.label) for t in scheme.areas)
        self.ratings = Vocabulary((t.code, t.label) for t in scheme.ratings)
        self.scale = Vocabulary((t.code, t.label) for t in scheme.soft_scale)
        self.soft = [(d, d.column) for d in scheme.soft_dimensions if d.column in index]

    def check(self, number: int, cells: list, errors: list[RowError]) -> Row | None:
        # The outcomes import names a column by its heading alone: "row 2, rating".
        row = RowReader(number, cells, self.index, errors, required=REQUIRED_COLUMNS,
                        letters=False)
        text, error = row.text, row.error
        reference = text("learner_ref")
        problem = reference_problem(reference) if reference else None
        if problem:
            error("learner_ref", problem)
        year_of_birth = text("year_of_birth")
        if year_of_birth and not (re.fullmatch(r"[0-9]{4}", year_of_birth) and
                                  EARLIEST_BIRTH_YEAR <= int(year_of_birth) <= LATEST_BIRTH_YEAR):
            error("year_of_birth", BAD_YEAR_OF_BIRTH.format(
                low=EARLIEST_BIRTH_YEAR, high=LATEST_BIRTH_YEAR, value=shown(year_of_birth)))
        need = row.choice("primary_need", self.needs)
        provider = self._provider(text("provider"), error)
        values = self.outcome_values(row)
        if not row.ok:
            return None
        return Row(number, reference, int(year_of_birth), need, provider, *values)

    def outcome_values(self, row: RowReader) -> tuple:
        """The goal's own values, each checked (a problem is the row's error): its academic
        year, review date, goal, area, rating and soft outcomes."""
        text, error = row.text, row.error
        academic_year = text("academic_year")
        if academic_year and not academic_year_ok(academic_year):
            error("academic_year", BAD_ACADEMIC_YEAR.format(value=shown(academic_year)))
        review_date = None
        if text("review_date"):
            review_date = parse_date(row.raw("review_date"))
            if review_date is None:
                error("review_date", BAD_DATE.format(value=shown(cell_text(row.raw("review_date")))))
        goal = text("goal")
        if goal and CONTROL_CHARACTERS.search(goal):
            error("goal", GOAL_CONTROL)
        elif len(goal) > GOAL_MAX_LENGTH:
            error("goal", GOAL_TOO_LONG.format(length=len(goal)))
        area = row.choice("pfa_area", self.areas)
        rating = row.choice("rating", self.ratings)
        soft = {}
        for dimension, column in self.soft:
            value = row.choice(column, self.scale)
            if value:
                soft[dimension.code] = value
        return academic_year, review_date, goal, area, rating, soft

    def _provider(self, value, error):
        if not value:
            return None
        found = self.providers.get(value.lower(), [])
        if len({p.pk for p in found}) > 1:
            error("provider", AMBIGUOUS_PROVIDER.format(value=shown(value), la=self.la.name))
            return None
        if not found:
            error("provider", NOT_COMMISSIONED.format(value=shown(value), la=self.la.name))
            return None
        return found[0]
