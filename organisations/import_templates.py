"""The organisations import's downloadable templates (CSV and XLSX): the heading row in the
import's column order and two example providers, made up, that import without errors (the
second commissioned by the downloading administrator's first partnership or local authority,
by its slug, when the portal has one)."""
from core.imports.templates import template_csv_bytes, template_xlsx_bytes

from .import_rows import COLUMNS
from .kinds import COMMISSIONER_KINDS
from .models import Organisation

FILENAME = "organisations-import-template"


def template_rows() -> tuple[list[str], list[list[str]]]:
    """The headings and two example rows: one by a provider type's label with a URN, one by
    its code with a UKPRN."""
    commissioner = (Organisation.objects.filter(kind__in=COMMISSIONER_KINDS)
                    .order_by("name").values_list("slug", flat=True).first()) or ""
    examples = [
        {"name": "Example Alternative Provision Centre", "provider_type": "Independent "
         "alternative provider", "urn": "999001", "ukprn": "", "address": "1 Example Street, "
         "Exampleton", "postcode": "LE1 6ZG", "la_area": "Leicestershire",
         "commissioned_by": ""},
        {"name": "Example Supported Internships", "provider_type": "supported_internship",
         "urn": "", "ukprn": "19999001", "address": "2 Example Road, Exampleton",
         "postcode": "LE2 7AB", "la_area": "Leicestershire", "commissioned_by": commissioner},
    ]
    return COLUMNS, [[example[c] for c in COLUMNS] for example in examples]


def template_csv() -> bytes:
    return template_csv_bytes(*template_rows())


def template_xlsx() -> bytes:
    return template_xlsx_bytes(*template_rows(), title="Organisations")
