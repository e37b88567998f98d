"""One row of an organisations import file: its columns, the checks on each value, and the
row as the provider's values (``organisations.importer`` matches the rows to the
organisations held and plans the import)."""
import re
from dataclasses import dataclass, field

from core.cells import FORMULA_PREFIXES
from core.imports.files import CONTROL_CHARACTERS, shown
from core.imports.rows import RowError, RowReader, Vocabulary

from .identifiers import POSTCODE_PATTERN, UKPRN_PATTERN, URN_PATTERN, normalise_postcode
from .kinds import COMMISSIONER_KINDS, COMMISSIONERS_IN_WORDS
from .models import Organisation

COLUMNS = ["name", "provider_type", "urn", "ukprn", "address", "postcode", "la_area",
           "commissioned_by"]
REQUIRED_COLUMNS = ("name", "provider_type", "address", "postcode", "la_area")
IDENTIFIERS = ("urn", "ukprn")
# Each column that writes a field of the organisation, and the field.
FIELDS = {"name": "name", "provider_type": "provider_type", "urn": "urn", "ukprn": "ukprn",
          "address": "address", "postcode": "postcode", "la_area": "local_authority_area"}
LIMITS = {column: Organisation._meta.get_field(name).max_length
          for column, name in FIELDS.items() if column not in IDENTIFIERS + ("postcode",)}
COMMISSIONER_SEPARATOR = ";"

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "Row", "RowChecker", "RowError"]

# Tests assert these.
NO_IDENTIFIER = "Give the provider's URN or UKPRN, or both: providers are matched by them."
NOT_A_URN = "A URN is 6 digits, for example 100001, not '{value}'."
NOT_A_UKPRN = "A UKPRN is 8 digits starting with 1, for example 10012345, not '{value}'."
NOT_A_POSTCODE = "Enter a UK postcode, for example LE1 6ZG, not '{value}'."
TOO_LONG = "This is {length:,} characters long; at most {limit} fit."
CONTROL = ("The value contains a tab or another control character: write it as plain text "
           "(an address may have line breaks).")
FORMULA = ("'{value}' starts with '{start}', as a spreadsheet formula does: write the value "
           "itself.")
UNKNOWN_COMMISSIONER = ("'{value}' is not the portal slug or the exact name of a "
                        f"{COMMISSIONERS_IN_WORDS}.")
ARCHIVED_COMMISSIONER = "{name} is archived: no new commissioning link is made with it."
AMBIGUOUS_COMMISSIONER = ("More than one commissioner is named '{value}': give its portal "
                          "slug.")


@dataclass
class Row:
    """One valid row, as the values it writes, and the commissioners it names."""

    row: int
    name: str
    provider_type: str
    urn: str
    ukprn: str
    address: str
    postcode: str
    la_area: str
    commissioners: list[Organisation] = field(default_factory=list)
    slug: str = ""  # for a new provider: chosen when the import is planned

    def values(self) -> dict:
        """The organisation's fields the row writes. An identifier left empty is not one:
        an import never clears a URN or UKPRN held."""
        return {name: getattr(self, column) for column, name in FIELDS.items()
                if column not in IDENTIFIERS or getattr(self, column)}


def one_line(text: str) -> str:
    """An address as the portal holds it: the lines of a cell joined by commas, spaces
    collapsed."""
    parts = [re.sub(r"[ \t]+", " ", part).strip(" ,") for part in re.split(r"\r\n|\r|\n", text)]
    return ", ".join(part for part in parts if part)


class RowChecker:
    """Checks one row at a time; knows the commissioners (``kinds.COMMISSIONER_KINDS``) by
    slug and by name (one query, made when the file has the column)."""

    def __init__(self, index: dict[str, int]):
        self.index = index
        self.types = Vocabulary(Organisation.ProviderType.choices)
        self.by_slug: dict[str, Organisation] = {}
        self.by_name: dict[str, list[Organisation]] = {}
        if "commissioned_by" in index:
            for org in Organisation.objects.filter(kind__in=COMMISSIONER_KINDS):
                self.by_slug[org.slug.lower()] = org
                self.by_name.setdefault(_name_key(org.name), []).append(org)

    def check(self, number: int, cells: list, errors: list[RowError]) -> Row | None:
        row = RowReader(number, cells, self.index, errors, required=REQUIRED_COLUMNS)
        name = self._plain(row, "name")
        provider_type = row.choice("provider_type", self.types)
        urn = self._identifier(row, "urn", URN_PATTERN, NOT_A_URN)
        ukprn = self._identifier(row, "ukprn", UKPRN_PATTERN, NOT_A_UKPRN)
        if not urn and not ukprn and not any(row.text(c) for c in IDENTIFIERS):
            row.error("urn" if "urn" in self.index else "ukprn", NO_IDENTIFIER)
        address = self._plain(row, "address", clean=one_line)
        postcode = row.text("postcode")
        if postcode:
            postcode = normalise_postcode(postcode)
            if not re.fullmatch(POSTCODE_PATTERN, postcode):
                row.error("postcode", NOT_A_POSTCODE.format(value=shown(postcode)))
        la_area = self._plain(row, "la_area")
        commissioners = self._commissioners(row)
        if not row.ok:
            return None
        return Row(number, name, provider_type, urn, ukprn, address, postcode, la_area,
                   commissioners)

    def _plain(self, row: RowReader, column: str, clean=None) -> str:
        """A column of plain text: no control characters (line breaks only where ``clean``
        joins them), no formula's start, within the field's length."""
        value = row.text(column)
        if clean is not None:
            value = clean(value)
        if CONTROL_CHARACTERS.search(value):
            row.error(column, CONTROL)
        elif value.startswith(FORMULA_PREFIXES):
            row.error(column, FORMULA.format(value=shown(value), start=value[0]))
        elif len(value) > LIMITS[column]:
            row.error(column, TOO_LONG.format(length=len(value), limit=LIMITS[column]))
        return value

    def _identifier(self, row: RowReader, column: str, pattern: str, message: str) -> str:
        value = row.text(column).replace(" ", "")
        if value and not re.fullmatch(pattern, value):
            row.error(column, message.format(value=shown(value)))
            return ""
        return value

    def _commissioners(self, row: RowReader) -> list[Organisation]:
        found = []
        for value in row.text("commissioned_by").split(COMMISSIONER_SEPARATOR):
            value = value.strip()
            if not value:
                continue
            org = self.by_slug.get(value.lower())
            named = self.by_name.get(_name_key(value), [])
            if org is None and len(named) > 1:
                row.error("commissioned_by", AMBIGUOUS_COMMISSIONER.format(value=shown(value)))
            elif org is None and not named:
                row.error("commissioned_by", UNKNOWN_COMMISSIONER.format(value=shown(value)))
            elif (org or named[0]).is_archived:
                row.error("commissioned_by", ARCHIVED_COMMISSIONER.format(
                    name=(org or named[0]).name))
            else:
                org = org or named[0]
                if org not in found:
                    found.append(org)
        return found


def _name_key(name: str) -> str:
    """A name as compared: its case and its spacing do not matter."""
    return " ".join(name.split()).casefold()
