"""Checking an organisations import file: the columns, every row, each row matched to the
provider it names, and the plan of what applying it would add and change. Nothing here
writes: ``organisations.import_services.import_apply`` applies a plan, all or nothing.

A row is the organisation held with its URN or its UKPRN (the same details: unchanged; other
details: a change), or a new provider. Two rows naming one provider, or a row whose URN and
UKPRN are two organisations', are errors. ``commissioned_by`` adds each commissioning link
that is missing (active, from the day it is applied); a link held is left as it is, and an
import never removes one.
"""
from dataclasses import dataclass, field

from django.utils.text import slugify

from core.imports.columns import column_index
from core.imports.files import NO_ROWS, ImportFileError, column_letter, read_sheet
from core.imports.plans import Change, added_changed, counted

from .identifiers import RESERVED_SLUGS
from .import_rows import COLUMNS, FIELDS, IDENTIFIERS, REQUIRED_COLUMNS, Row, RowChecker, RowError
from .models import Commissioning, Organisation

__all__ = ["COLUMNS", "Change", "ImportPlan", "RowError", "import_check"]

CHUNK = 500  # values in one IN (...): SQLite's older limit on parameters is 999
SLUG_LENGTH = 60

# Tests assert these.
NO_IDENTIFIER_COLUMN = "The file needs a urn column, a ukprn column or both: providers are matched by them."
REPEATED = "The {what} {value} is on row {rows} too: each provider is on one row."
SAME_PROVIDER = "Row {rows} is {name} too (by its URN or UKPRN): each provider is on one row."
TWO_ORGANISATIONS = ("The URN {urn} is {first}'s and the UKPRN {ukprn} is {second}'s: a row is "
                     "one provider. Correct whichever is wrong.")
NOT_A_PROVIDER = "The {what} {value} is {name}'s, which is {kind}, not a provider."
STAYS_AP = ("{name} is described as an alternative provision setting (what it is for, how long "
            "its placements last), so it stays an AP type: change its type in the admin if it "
            "has changed.")
ARCHIVED = ("{name} is archived: restore it on its page to import it again (its URN or UKPRN "
            "is still its own).")
NO_SLUG = "No free web address could be made from '{name}': add it in the admin instead."
TYPES = dict(Organisation.ProviderType.choices)


@dataclass
class LinkToAdd:
    """A commissioning link the import adds: the row, the commissioner, and the provider
    (held, or None for the row's new one)."""

    row: Row
    commissioner: Organisation
    provider: Organisation | None


@dataclass
class ImportPlan:
    filename: str
    errors: list[RowError] = field(default_factory=list)
    to_add: list[Row] = field(default_factory=list)
    to_change: list[Change] = field(default_factory=list)
    unchanged: int = 0
    links_to_add: list[LinkToAdd] = field(default_factory=list)
    links_held: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.to_add or self.to_change or self.links_to_add)

    def summary(self) -> str:
        """The counts in words: "2 organisations to add, 1 to change, 3 unchanged;
        4 commissioning links to add, 1 already held"."""
        return (f"{counted(len(self.to_add), 'organisation')} to add, {len(self.to_change)} "
                f"to change, {self.unchanged} unchanged; "
                f"{counted(len(self.links_to_add), 'commissioning link')} to add, "
                f"{self.links_held} already held")

    def applied_summary(self) -> str:
        """What applying the plan did: "2 organisations added, 1 changed; 4 commissioning
        links added; 3 organisations already as in the file"."""
        parts = [added_changed(len(self.to_add), len(self.to_change), "organisation")
                 or "no organisations added or changed"]
        if self.links_to_add:
            parts.append(f"{counted(len(self.links_to_add), 'commissioning link')} added")
        if self.unchanged:
            parts.append(f"{counted(self.unchanged, 'organisation')} already as in the file")
        return "; ".join(parts)


def check_headings(headings: list[str]) -> dict[str, int]:
    """The index of each known column, or ``ImportFileError`` with every problem."""
    index = column_index(headings, COLUMNS, REQUIRED_COLUMNS)
    if not any(c in index for c in IDENTIFIERS):
        raise ImportFileError([NO_IDENTIFIER_COLUMN])
    return index


class Problems:
    """Adds a problem found across rows to the plan's errors, with its column's letter."""

    def __init__(self, errors: list[RowError], index: dict[str, int]):
        self.errors, self.index = errors, index

    def __call__(self, number: int, column: str, message: str) -> None:
        position = self.index.get(column)
        self.errors.append(RowError(number, column, message,
                                    column_letter(position) if position is not None else ""))

    def rows(self) -> set[int]:
        return {e.row for e in self.errors}


def _chunks(values) -> list[list]:
    values = sorted(values)
    return [values[n:n + CHUNK] for n in range(0, len(values), CHUNK)]


def _held_by_identifier(rows: list[Row]) -> dict[tuple[str, str], Organisation]:
    """The organisations held with the rows' URNs and UKPRNs: ("urn", "100001") -> it."""
    urns = {r.urn for r in rows if r.urn}
    ukprns = {r.ukprn for r in rows if r.ukprn}
    held = {}
    for what, values in (("urn", urns), ("ukprn", ukprns)):
        for chunk in _chunks(values):
            for org in Organisation.objects.filter(**{f"{what}__in": chunk}):
                held[(what, getattr(org, what))] = org
    return held


def _repeats(rows: list[Row], problem: Problems) -> set[int]:
    """Name, on each row, the other rows with its URN or UKPRN; the row numbers named."""
    bad = set()
    for what in IDENTIFIERS:
        rows_of: dict[str, list[Row]] = {}
        for row in rows:
            if getattr(row, what):
                rows_of.setdefault(getattr(row, what), []).append(row)
        for value, same in rows_of.items():
            for row in same if len(same) > 1 else ():
                others = ", ".join(str(r.row) for r in same if r is not row)
                problem(row.row, what, REPEATED.format(what=what.upper(), value=value,
                                                       rows=others))
                bad.add(row.row)
    return bad


def _match(row: Row, held: dict, problem: Problems) -> tuple[bool, Organisation | None]:
    """(whether the row is good, the organisation it is, or None for a new provider)."""
    by_urn = held.get(("urn", row.urn)) if row.urn else None
    by_ukprn = held.get(("ukprn", row.ukprn)) if row.ukprn else None
    if by_urn and by_ukprn and by_urn.pk != by_ukprn.pk:
        problem(row.row, "ukprn", TWO_ORGANISATIONS.format(
            urn=row.urn, first=by_urn.name, ukprn=row.ukprn, second=by_ukprn.name))
        return False, None
    org = by_urn or by_ukprn
    if org is not None and not org.is_provider:
        what = "urn" if by_urn else "ukprn"
        problem(row.row, what, NOT_A_PROVIDER.format(
            what=what.upper(), value=getattr(row, what), name=org.name,
            kind=f"a {org.get_kind_display().lower()}"))
        return False, None
    if org is not None and org.is_archived:
        problem(row.row, "urn" if by_urn else "ukprn", ARCHIVED.format(name=org.name))
        return False, None
    described = org is not None and (org.setting_purpose or org.typical_placement)
    if described and row.provider_type not in Organisation.AP_TYPES:
        problem(row.row, "provider_type", STAYS_AP.format(name=org.name))
        return False, None
    return True, org


def _changes(org: Organisation, row: Row) -> list[tuple[str, str, str]]:
    """(column, old, new) for each field the row changes, as people read them."""
    changes = []
    for name, value in row.values().items():
        old = getattr(org, name)
        if old != value:
            column = next(c for c, n in FIELDS.items() if n == name)
            if name == "provider_type":
                old, value = TYPES.get(old, old), TYPES[value]
            changes.append((column, old or "—", value))
    return changes


def _choose_slugs(rows: list[Row], problem: Problems) -> None:
    """A free web address for each new provider: its name's, or else its name's with its URN
    or UKPRN (and a number, in the rare case that is taken too). One query for every row's
    first two candidates, another only for the rows that need more."""
    candidates = {}
    for row in rows:
        base = slugify(row.name)[:SLUG_LENGTH].strip("-") or "provider"
        with_id = f"{base}-{row.urn or row.ukprn}"
        candidates[row.row] = [base, with_id]
    taken = set(RESERVED_SLUGS) | _taken({s for slugs in candidates.values() for s in slugs})
    crowded = {n: slugs for n, slugs in candidates.items() if set(slugs) <= taken}
    if crowded:
        for slugs in crowded.values():
            slugs += [f"{slugs[1]}-{n}" for n in range(2, 10)]
        taken |= _taken({s for slugs in crowded.values() for s in slugs[2:]})
    for row in rows:
        row.slug = next((s for s in candidates[row.row] if s not in taken), "")
        if not row.slug:
            problem(row.row, "name", NO_SLUG.format(name=row.name))
        taken.add(row.slug)


def _taken(slugs: set[str]) -> set[str]:
    """Those of ``slugs`` some organisation has."""
    taken = set()
    for chunk in _chunks(slugs):
        taken.update(Organisation.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    return taken


def _plan(plan: ImportPlan, rows: list[Row], problem: Problems) -> None:
    held = _held_by_identifier(rows)
    repeated = _repeats(rows, problem)
    first_row_of: dict[int, Row] = {}
    matched: list[tuple[Row, Organisation | None]] = []
    for row in rows:
        good, org = _match(row, held, problem)
        if good and org is not None and row.row not in repeated:
            first = first_row_of.setdefault(org.pk, row)
            if first is not row:
                for this, other in ((row, first), (first, row)):
                    problem(this.row, "urn" if this.urn else "ukprn",
                            SAME_PROVIDER.format(rows=other.row, name=org.name))
        if good and row.row not in repeated:
            matched.append((row, org))
    _choose_slugs([row for row, org in matched if org is None], problem)
    wrong = problem.rows()
    matched = [(row, org) for row, org in matched if row.row not in wrong]
    links_held = _links_held([org for _, org in matched if org is not None])
    for row, org in matched:
        if org is None:
            plan.to_add.append(row)
        else:
            fields = _changes(org, row)
            if fields:
                plan.to_change.append(Change(row.row, org.name, fields, org, row.values()))
            else:
                plan.unchanged += 1
        for commissioner in row.commissioners:
            if org is not None and (commissioner.pk, org.pk) in links_held:
                plan.links_held += 1
            else:
                plan.links_to_add.append(LinkToAdd(row, commissioner, org))


def _links_held(providers: list[Organisation]) -> set[tuple[int, int]]:
    """(commissioner id, provider id) of every link held of these providers."""
    held = set()
    for chunk in _chunks({p.pk for p in providers}):
        held.update(Commissioning.objects.filter(provider__in=chunk)
                    .values_list("commissioner_id", "provider_id"))
    return held


def import_check(*, content: bytes, filename: str) -> ImportPlan:
    """Check a file of providers and plan what applying it does; every row's problems are in
    ``plan.errors``. A file that cannot be read or has wrong headings is refused
    (``ImportFileError``) before its rows are read."""
    sheet = read_sheet(content, filename)
    index = check_headings(sheet.headings)
    plan = ImportPlan(filename=filename)
    checker = RowChecker(index)
    rows = []
    for number, cells in sheet.rows:
        row = checker.check(number, cells, plan.errors)
        if row is not None:
            rows.append(row)
    if not rows and not plan.errors:
        raise ImportFileError([NO_ROWS])
    _plan(plan, rows, Problems(plan.errors, index))
    plan.errors.sort(key=lambda e: e.row)
    return plan
