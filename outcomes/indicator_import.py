"""Area indicator figures imported from a file: an LA's own figures, its figures at a
provider and its comparators' (England, statistical neighbours…), many years at once, as its
published returns give them. The same rules as every import: the file is checked first and
every row's problems listed by row and column, nothing is recorded from a file with a
problem, the preview shows what is recorded (and what each figure replaces), and Confirm
records exactly the bytes previewed (``core.imports.uploads``). Each figure is recorded
through ``indicators.value_record``, so the history keeps the one it replaces."""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.imports import uploads
from core.imports.columns import column_index, normal_heading
from core.imports.files import CONTROL_CHARACTERS, NO_ROWS, ImportFileError, read_sheet, shown
from core.imports.rows import RowError, RowReader
from organisations.models import Organisation, User

from .import_rows import BAD_ACADEMIC_YEAR, academic_year_ok
from .importer import PERSONAL_DATA, PERSONAL_DATA_COLUMNS
from .indicator_models import VALUE_PLACES, IndicatorUpload, IndicatorValue
from .indicators import indicators_of, require_manage, value_record
from .services import commissioned_providers

COLUMNS = ["indicator", "academic_year", "value", "comparator", "provider"]
REQUIRED = ("indicator", "academic_year", "value")
LARGEST = Decimal("9999999.99")

# Tests assert these.
NOT_AN_INDICATOR = "'{value}' is not one of your indicators: {names}."
NOT_A_FIGURE = "Give the figure as a number, such as 91.2 (at most 2 decimal places)."
FIGURE_TOO_LARGE = "The figure must be between -9,999,999.99 and 9,999,999.99."
NOT_COMMISSIONED = ("'{value}' is not a provider {la} commissions: give its name as the portal "
                    "has it, or leave the column blank for your whole SEND cohort.")
COMPARATOR_NOT_PLAIN = "Write the comparator as plain text, without control characters."
COMPARATOR_TOO_LONG = "The comparator's name is {length} characters long; at most 80 fit."
BOTH_GIVEN = ("A comparator’s figure is for the whole cohort: leave either the comparator or "
              "the provider blank.")
REPEATED = "This figure is also given in row {row}: give each figure once."
PLAN_HAS_ERRORS = "The file has errors: correct them and upload it again. Nothing was recorded."


@dataclass
class Line:
    """One figure of the file, checked, and the one it replaces (None: a new figure)."""

    row: int
    indicator: object  # Indicator
    academic_year: str
    value: Decimal
    comparator: str = ""
    provider: Organisation | None = None
    held: Decimal | None = None

    @property
    def key(self) -> tuple:
        return (self.indicator.pk, self.academic_year, self.comparator.lower(),
                self.provider.pk if self.provider else None)

    @property
    def whose(self) -> str:
        return self.comparator or (self.provider.name if self.provider else "")

    @property
    def shown(self) -> str:
        return self.indicator.shown(self.value)

    @property
    def held_shown(self) -> str:
        return self.indicator.shown(self.held)


@dataclass
class Plan:
    local_authority: Organisation
    filename: str
    errors: list[RowError] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> int:
        return sum(1 for line in self.lines if line.held is not None)

    @property
    def added(self) -> int:
        return len(self.lines) - self.changed


def _figure(row: RowReader) -> Decimal | None:
    raw = row.raw("value")
    text = "" if raw is None else str(raw).strip().rstrip("%").replace(",", "").strip()
    if not text:
        row.text("value")  # the required value's message
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        row.error("value", NOT_A_FIGURE)
        return None
    if abs(value) > LARGEST:
        row.error("value", FIGURE_TOO_LARGE)
        return None
    if value != value.quantize(Decimal(1).scaleb(-VALUE_PLACES)):
        # An XLSX number such as 91.19999999999999: its nearest figure of two places.
        value = value.quantize(Decimal(1).scaleb(-VALUE_PLACES))
        if isinstance(raw, str):
            row.error("value", NOT_A_FIGURE)
            return None
    return value


class _Checker:
    """Reads one row: the indicator by name, the year, the figure, and whose it is."""

    def __init__(self, local_authority: Organisation, index: dict[str, int]):
        self.la, self.index = local_authority, index
        self.indicators = {i.name.lower(): i for i in indicators_of(local_authority)}
        self.names = ", ".join(i.name for i in self.indicators.values())
        self.providers = {}
        for provider in commissioned_providers(local_authority):
            self.providers.setdefault(provider.name.lower(), provider)
            self.providers.setdefault(provider.slug.lower(), provider)

    def check(self, number: int, cells: list, errors: list[RowError]) -> Line | None:
        row = RowReader(number, cells, self.index, errors, required=REQUIRED)
        name = row.text("indicator")
        indicator = self.indicators.get(name.lower()) if name else None
        if name and indicator is None:
            row.error("indicator", NOT_AN_INDICATOR.format(value=shown(name), names=self.names))
        year = row.text("academic_year")
        if year and not academic_year_ok(year):
            row.error("academic_year", BAD_ACADEMIC_YEAR.format(value=shown(year)))
        value = _figure(row)
        comparator = row.text("comparator")
        if CONTROL_CHARACTERS.search(comparator):
            row.error("comparator", COMPARATOR_NOT_PLAIN)
        elif len(comparator) > IndicatorValue._meta.get_field("comparator").max_length:
            row.error("comparator", COMPARATOR_TOO_LONG.format(length=len(comparator)))
        written = row.text("provider")
        provider = self.providers.get(written.lower()) if written else None
        if written and provider is None:
            row.error("provider", NOT_COMMISSIONED.format(value=shown(written), la=self.la.name))
        if comparator and written:
            row.error("comparator", BOTH_GIVEN)
        if not row.ok:
            return None
        return Line(number, indicator, year, value, comparator, provider)


def indicators_check(*, content: bytes, filename: str,
                     local_authority: Organisation) -> Plan:
    """Check a file of figures for one LA: every row's problems in ``plan.errors``, and each
    good line with the figure it replaces. A file that cannot be read, has a personal-data
    column or wrong headings is refused (``ImportFileError``) before its rows are read."""
    sheet = read_sheet(content, filename)
    personal = [h for h in sheet.headings if normal_heading(h) in PERSONAL_DATA_COLUMNS]
    if personal:
        raise ImportFileError([PERSONAL_DATA.format(columns=", ".join(map(shown, personal)))])
    checker = _Checker(local_authority, column_index(sheet.headings, COLUMNS, REQUIRED))
    plan = Plan(local_authority, filename)
    first = {}
    for number, cells in sheet.rows:
        line = checker.check(number, cells, plan.errors)
        if line is None:
            continue
        earlier = first.setdefault(line.key, number)
        if earlier != number:
            plan.errors.append(RowError(number, "value", REPEATED.format(row=earlier)))
            continue
        plan.lines.append(line)
    if not plan.lines and not plan.errors:
        raise ImportFileError([NO_ROWS])
    _held(plan)
    return plan


def _held(plan: Plan) -> None:
    """Each line's figure held now, if any (one query)."""
    if not plan.lines:
        return
    years = {line.academic_year for line in plan.lines}
    held = {}
    for value in IndicatorValue.objects.filter(local_authority=plan.local_authority,
                                               academic_year__in=years):
        held[(value.indicator_id, value.academic_year, value.comparator.lower(),
              value.provider_id)] = value.value
    for line in plan.lines:
        line.held = held.get(line.key)


def indicators_upload(*, local_authority: Organisation, filename: str, content: bytes,
                      by: User) -> IndicatorUpload:
    """Keep a checked file for its Confirm (superseding the user's earlier previews)."""
    require_manage(by, local_authority)
    return uploads.upload_keep(IndicatorUpload, filename=filename, content=content, by=by,
                               local_authority=local_authority)


def indicators_confirm(*, upload: IndicatorUpload, by: User):
    """Check the kept file again and record its figures when it has no errors:
    ``(plan, recorded)``; ``(None, False)`` for a file already recorded."""
    la = upload.local_authority
    require_manage(by, la)
    return uploads.upload_confirm(
        upload,
        check=lambda content, filename: indicators_check(content=content, filename=filename,
                                                         local_authority=la),
        apply=lambda plan, kept: _record(plan, kept, by))


def _record(plan: Plan, upload: IndicatorUpload, by: User) -> None:
    if not plan.ok:
        raise ValidationError(PLAN_HAS_ERRORS)
    with transaction.atomic():
        for line in plan.lines:
            value_record(indicator=line.indicator, local_authority=plan.local_authority,
                         academic_year=line.academic_year, value=line.value,
                         comparator=line.comparator, provider=line.provider, by=by)
        uploads.upload_applied(upload, now=timezone.now())
