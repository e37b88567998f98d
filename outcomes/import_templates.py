"""The downloadable import templates (CSV and XLSX): the heading row in the import's column
order, soft outcomes included, and two example rows with made-up pseudonymous references
that import without errors for the LA they were downloaded for."""
import datetime

from django.utils import timezone

from core.cells import FORMULA_PREFIXES
from core.imports.templates import template_csv_bytes, template_xlsx_bytes
from core.periods import academic_year
from organisations.models import Commissioning, Organisation

from .importer import columns_for
from .scheme import Scheme

FILENAME = "outcomes-import-template"
NO_PROVIDER = "provider-reference-or-slug"


def _provider_value(local_authority: Organisation | None) -> str:
    link = (Commissioning.objects.filter(commissioner=local_authority,
                                         provider__kind=Organisation.Kind.PROVIDER)
            .select_related("provider").order_by("provider__name").first()
            if local_authority is not None else None)
    if link is None:
        return NO_PROVIDER
    reference = link.provider.reference.strip()
    # A provider reference starting like a formula would run in a spreadsheet (see
    # core.cells.safe_cell): such a provider is named by its slug instead.
    return reference if reference and not reference.startswith(FORMULA_PREFIXES) \
        else link.provider.slug


def template_rows(scheme: Scheme, local_authority: Organisation | None,
                  today: datetime.date | None = None) -> tuple[list[str], list[list]]:
    """The headings and two example rows: one in codes, one in labels, with both date forms."""
    today = today or timezone.localdate()
    year = academic_year(today)
    start = int(year[:4])
    provider = _provider_value(local_authority)
    first = {
        "learner_ref": "EXAMPLE-0001", "year_of_birth": "2007", "primary_need": "ASD",
        "provider": provider, "academic_year": year,
        "review_date": datetime.date(start + 1, 3, 12),
        "goal": "Travel to college independently by bus",
        "pfa_area": next((t.code for t in scheme.areas if t.code == "independent_living"),
                         scheme.areas[0].code),
        "rating": scheme.best_rating.code,
    }
    second = {
        "learner_ref": "EXAMPLE-0002", "year_of_birth": "2008",
        "primary_need": "Speech, language and communication needs", "provider": provider,
        "academic_year": year, "review_date": datetime.date(start + 1, 5, 14),
        "goal": "Complete a two-week work placement", "pfa_area": scheme.areas[0].label,
        "rating": scheme.ratings[len(scheme.ratings) // 2].label,
    }
    for n, dimension in enumerate(scheme.soft_dimensions):
        first[dimension.column] = scheme.soft_scale[-2].code if scheme.soft_scale else ""
        second[dimension.column] = scheme.soft_scale[len(scheme.soft_scale) // 2].label \
            if scheme.soft_scale and n == 0 else ""
    headings = columns_for(scheme)
    return headings, [[row.get(c, "") for c in headings] for row in (first, second)]


def template_csv(scheme: Scheme, local_authority: Organisation | None) -> bytes:
    """UTF-8 with a byte-order mark (Excel opens it correctly); the second example row gives
    its review date as DD/MM/YYYY."""
    headings, rows = template_rows(scheme, local_authority)
    rows = [[(v.strftime("%d/%m/%Y") if n else v.isoformat())
             if isinstance(v, datetime.date) else v for v in row]
            for n, row in enumerate(rows)]
    return template_csv_bytes(headings, rows)


def template_xlsx(scheme: Scheme, local_authority: Organisation | None) -> bytes:
    """One sheet: a bold, frozen heading row; review dates as dates."""
    headings, rows = template_rows(scheme, local_authority)
    return template_xlsx_bytes(headings, rows, title="Outcomes")
