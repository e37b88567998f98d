"""Lists a page at a time: reading a list's GET filter form so that no value reaches the
database unchecked, the page of 50, and the query string its pagination links keep."""
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50
SEARCH_MAX_LENGTH = 100


def search_text(value) -> str:
    """A search box's words, trimmed to 100 characters, without control characters: a NUL
    reaching a PostgreSQL text lookup is a 500, and no name holds one."""
    if not isinstance(value, str):
        return ""
    return "".join(c for c in value if c.isprintable()).strip()[:SEARCH_MAX_LENGTH]


def chosen(value, allowed: Collection[str]) -> str:
    """``value`` when it is one of the options ``allowed``, otherwise "" (no filter): a value
    no option has was not sent by the form, and filtering on it could only empty the list."""
    return value if isinstance(value, str) and value in allowed else ""


def years_of(rows, field: str = "period") -> list[str]:
    """The academic years (``field``: ``period``, or the path to it) of ``rows``, newest
    first: a year filter's options (one query)."""
    return list(rows.order_by(f"-{field}").values_list(field, flat=True).distinct())


def page_of(rows, number, per_page: int = PAGE_SIZE) -> Page:
    """The page asked for: page 1 for anything that is not a page number, the last page for a
    number past it (Django's ``get_page``), so no query string makes a list fail."""
    return Paginator(rows, per_page).get_page(number)


def page_query(**params) -> str:
    """The filters pagination links keep, as "year=2025%2F26&q=oak&" to put before "page=N"
    (``includes/_pagination.html``); "" when no filter is set."""
    kept = {name: value for name, value in params.items() if value}
    return urlencode(kept) + "&" if kept else ""


@dataclass(frozen=True)
class ListFilters:
    """A list's filter form (``includes/_list_filters.html``): academic year, state and a search
    by provider name, each checked against its options. An empty string means "all"."""

    years: list[str]
    states: list[tuple[str, str]]
    year: str = ""
    state: str = ""
    q: str = ""

    @classmethod
    def read(cls, params, *, years: Iterable[str],
             states: Iterable[tuple[str, str]] = ()) -> "ListFilters":
        """The filters in ``params`` (``request.GET``) that are among the options given."""
        years, states = list(years), list(states)
        return cls(years=years, states=states,
                   year=chosen(params.get("year"), years),
                   state=chosen(params.get("state"), {value for value, _ in states}),
                   q=search_text(params.get("q")))

    @property
    def active(self) -> bool:
        return bool(self.year or self.state or self.q)

    @property
    def year_choices(self) -> list[tuple[str, str]]:
        return [(year, year) for year in self.years]

    @property
    def query(self) -> str:
        return page_query(year=self.year, state=self.state, q=self.q)
