"""The provider dashboard as a PDF, made by the exports worker (``BulkExport.Kind.DASHBOARD``).

When it is asked for, the dashboard's filters (its query string's parameters) are read by the
dashboard's own rule (``dashboards.dashboard_pdf.read_filters``) and kept as that rule writes
them back; a parameter the dashboard would drop (a value none of its options has, a name it
does not read, another organisation) is refused, naming it, rather than making a PDF of
something not asked for. The worker rebuilds the table for the requester with the filters
kept, fills its rows a chunk at a time with progress after each, then draws the charts and
renders the PDF."""
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.http import QueryDict

from core.lists import search_text
from dashboards.dashboard_pdf import DashboardPdf, read_filters
from dashboards.provider_table import LATEST, Filters

from .models import BulkExport

# The organisation (checked on its own) and the page of the table (no filter: the PDF holds
# the first rows of every page).
ORGANISATION = "org"
NOT_FILTERS = frozenset({ORGANISATION, "page"})
# How many refused parameters are named, at most.
NAMED_AT_MOST = 5

FILTER_NOT_OFFERED = ("The dashboard has no filter “{name}” with the value “{value}”. Go back "
                      "to the dashboard and choose its filters again.")
ORGANISATION_NOT_OFFERED = ("You cannot make the provider dashboard of “{value}”. Go back to "
                            "the dashboard and choose one of your organisations.")
MORE_NOT_OFFERED = "And {count} more parameters the dashboard does not read."


def _shown(text: str) -> str:
    """A refused name or value as a message may show it: printable, and short."""
    return search_text(text)[:40]


def asked_filters(params: Mapping, *, organisation) -> tuple[Filters, dict[str, str]]:
    """The dashboard's filters ``params`` ask for (a query string's parameters, as the
    dashboard's links carry them), for ``organisation``, and the parameters to keep for the
    worker. Raises ValidationError naming every parameter the dashboard would not read as
    given: a value none of its options has (``year`` included: the dashboard would show each
    provider's latest visit instead), a name it does not read, or an ``org`` that is not
    ``organisation``."""
    given = {}
    errors = []
    for name in params:
        value = params.get(name)
        value = value.strip() if isinstance(value, str) else ""
        if name == ORGANISATION and value and value != organisation.slug:
            errors.append(ORGANISATION_NOT_OFFERED.format(value=_shown(value)))
        elif name not in NOT_FILTERS and value:
            given[name] = value
    filters = read_filters(given)
    kept = QueryDict(filters.query).dict()
    refused = [(name, value) for name, value in given.items()
               if not kept.get(name) or (name == "year" and value not in (LATEST, kept[name]))]
    errors += [FILTER_NOT_OFFERED.format(name=_shown(name), value=_shown(value))
               for name, value in refused[:NAMED_AT_MOST]]
    if len(refused) > NAMED_AT_MOST:
        errors.append(MORE_NOT_OFFERED.format(count=len(refused) - NAMED_AT_MOST))
    if errors:
        raise ValidationError(errors)
    return filters, kept


def dashboard_for(export: BulkExport) -> DashboardPdf:
    """The export's dashboard, rebuilt for its requester with the filters kept (its rows
    counted, not yet filled)."""
    return DashboardPdf(export.requested_by, export.organisation, read_filters(export.filters))


def write_dashboard(pdf, made: DashboardPdf, *, progress: Callable[[int], bool]) -> bool:
    """Write the dashboard's PDF into ``pdf`` (a binary file). ``progress(done)`` is called
    after each chunk of rows and after the charts (``made.steps`` in all, the PDF the last);
    when it returns False (the export was taken from this worker) writing stops and False is
    returned."""
    for done in made.fill():
        if not progress(done):
            return False
    made.chart()
    if not progress(made.chunks + 1):
        return False
    pdf.write(made.render())
    return True
