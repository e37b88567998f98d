"""Checking an outcomes import file against an LA's learners: the columns, every row, and the
plan of what applying it would add and change. Nothing here writes: ``outcomes.services
.import_apply`` applies a plan, all or nothing.

A learner, an academic year and a goal identify a row: a row already held with the same
values is unchanged, with other values (a new rating, say) a change; rows held but not in the
file are left as they are. Learner facts (year of birth, primary need) must agree between a
learner's rows; a learner held with other facts is a change to the learner.
"""
from dataclasses import dataclass, field

from core.imports.columns import column_index, normal_heading
from core.imports.files import NO_ROWS, ImportFileError, read_sheet, shown
from core.imports.plans import Change, added_changed, counted
from organisations.models import Organisation

from .import_rows import REQUIRED_COLUMNS, Row, RowChecker, RowError, looks_like_upn
from .models import GoalOutcome, Learner
from .references import MAY_IDENTIFY, text_concerns
from .scheme import NO_SCHEME, Scheme, current_scheme

__all__ = ["REQUIRED_COLUMNS", "Change", "ImportPlan", "RowError", "import_check",
           "looks_like_upn"]

# Compared after ``normal_heading``: a file with any of these is refused before its rows are
# read, since the portal holds pseudonymous references only.
PERSONAL_DATA_COLUMNS = ("name", "first_name", "surname", "dob", "date_of_birth", "upn",
                         "nhs_number", "address", "postcode")

# Tests assert these.
PERSONAL_DATA = ("The file has a column that looks like personal data: {columns}. The portal "
                 "holds only the LA's pseudonymous references, never names, dates of birth, "
                 "UPNs, NHS numbers or addresses: remove the column and upload the file again. "
                 "No rows were read.")
LEARNER_DISAGREES = ("Learner {ref} has {what} {first} on row {row} but {value} here: a "
                     "learner's rows must agree.")
NEEDS = dict(Learner.Need.choices)
DUPLICATE_ROW = ("Learner {ref} has the same academic year and goal on row {row}: a learner, "
                 "a year and a goal identify one row.")


def columns_for(scheme: Scheme, required=REQUIRED_COLUMNS) -> list[str]:
    """Every column in the import's order: the required ones, then the soft outcomes."""
    return [*required, *(d.column for d in scheme.soft_dimensions)]


@dataclass
class ImportPlan:
    local_authority: Organisation
    scheme: Scheme
    filename: str
    errors: list[RowError] = field(default_factory=list)
    rows_to_add: list[Row] = field(default_factory=list)
    rows_to_change: list[Change] = field(default_factory=list)
    unchanged: int = 0
    learners_to_add: list[Row] = field(default_factory=list)
    learners_to_change: list[Change] = field(default_factory=list)
    # Goals that seem to name someone or hold a date or contact details: shown, not refused.
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.rows_to_add or self.rows_to_change or self.learners_to_add
                    or self.learners_to_change)

    @property
    def writes(self) -> int:
        """The learners and goal rows applying the plan adds or changes."""
        return (len(self.rows_to_add) + len(self.rows_to_change) + len(self.learners_to_add)
                + len(self.learners_to_change))

    def summary(self) -> str:
        """The counts in words: "12 rows to add, 0 to change, 0 unchanged; 5 learners to add"
        (and ", 1 to change" when learners change)."""
        rows = len(self.rows_to_add)
        text = (f"{rows} {'row' if rows == 1 else 'rows'} to add, {len(self.rows_to_change)} "
                f"to change, {self.unchanged} unchanged; {len(self.learners_to_add)} "
                f"{'learner' if len(self.learners_to_add) == 1 else 'learners'} to add")
        if self.learners_to_change:
            text += f", {len(self.learners_to_change)} to change"
        return text

    def applied_summary(self) -> str:
        """What applying the plan did, in words: "92 goals added, 3 changed; 40 learners
        added" (learners only when some were added or changed; goals left as they were at
        the end, when there are any)."""
        goals = added_changed(len(self.rows_to_add), len(self.rows_to_change), "goal") \
            or "no goals added or changed"
        parts = [goals]
        learners = added_changed(len(self.learners_to_add), len(self.learners_to_change),
                                  "learner")
        if learners:
            parts.append(learners)
        if self.unchanged:
            parts.append(f"{counted(self.unchanged, 'goal')} already as in the file")
        return "; ".join(parts)

    @property
    def latest_year(self) -> str | None:
        """The latest academic year among the goals added or changed (None: none were)."""
        years = [row.academic_year for row in self.rows_to_add]
        years += [change.obj.academic_year for change in self.rows_to_change]
        return max(years, default=None)


def check_headings(headings: list[str], scheme: Scheme,
                   required=REQUIRED_COLUMNS) -> dict[str, int]:
    """The index of each known column, or ``ImportFileError`` with every problem (personal
    data columns first, alone: nothing else about such a file matters). ``required``: the
    file's own columns before the soft outcomes (a provider's progress has fewer)."""
    normal = [normal_heading(h) for h in headings]
    personal = [h for h, n in zip(headings, normal, strict=True) if n in PERSONAL_DATA_COLUMNS]
    if personal:
        raise ImportFileError([PERSONAL_DATA.format(columns=", ".join(map(shown, personal)))])
    return column_index(headings, columns_for(scheme, required), required)


def _check_rows_together(rows: list[Row], errors: list[RowError]) -> list[Row]:
    """Drop (as errors) rows whose learner facts disagree with the learner's first row, and
    repeats of a learner, year and goal."""
    first_of_learner: dict[str, Row] = {}
    first_of_key: dict[tuple, Row] = {}
    kept = []
    for row in rows:
        first = first_of_learner.setdefault(row.reference, row)
        wrong = False
        for column, what in (("year_of_birth", "year of birth"), ("primary_need", "primary need")):
            if getattr(row, column) != getattr(first, column):
                errors.append(RowError(row.row, column, LEARNER_DISAGREES.format(
                    ref=row.reference, what=what, first=getattr(first, column), row=first.row,
                    value=getattr(row, column))))
                wrong = True
        earlier = first_of_key.setdefault(row.key, row)
        if earlier is not row:
            errors.append(RowError(row.row, "goal", DUPLICATE_ROW.format(ref=row.reference,
                                                                         row=earlier.row)))
            wrong = True
        if not wrong:
            kept.append(row)
    return kept


def _outcome_changes(outcome: GoalOutcome, row: Row, scheme: Scheme) -> list[tuple]:
    """(column, old, new) for each stored value the row changes, as people read them."""
    changes = []
    if outcome.review_date != row.review_date:
        changes.append(("review_date", outcome.review_date.isoformat(),
                        row.review_date.isoformat()))
    if outcome.provider_id != row.provider.pk:
        changes.append(("provider", outcome.provider.name, row.provider.name))
    if outcome.pfa_area != row.pfa_area:
        changes.append(("pfa_area", scheme.area_label(outcome.pfa_area),
                        scheme.area_label(row.pfa_area)))
    if outcome.rating != row.rating:
        changes.append(("rating", scheme.rating_label(outcome.rating),
                        scheme.rating_label(row.rating)))
    for dimension in scheme.soft_dimensions:
        old, new = outcome.soft.get(dimension.code, ""), row.soft.get(dimension.code, "")
        if old != new:
            changes.append((dimension.column, scheme.scale_label(old) or "—",
                            scheme.scale_label(new) or "—"))
    return changes


def _plan(plan: ImportPlan, rows: list[Row]) -> None:
    la, scheme = plan.local_authority, plan.scheme
    references = {row.reference for row in rows}
    learners = {learner.reference: learner for learner in
                Learner.objects.filter(local_authority=la, reference__in=references)}
    held = {(o.learner.reference, o.academic_year, o.goal): o for o in
            GoalOutcome.objects.filter(learner__in=list(learners.values()),
                                       academic_year__in={r.academic_year for r in rows})
            .select_related("learner", "provider")}
    seen_learners = set()
    for row in rows:
        if row.reference not in seen_learners:
            seen_learners.add(row.reference)
            learner = learners.get(row.reference)
            if learner is None:
                plan.learners_to_add.append(row)
            else:
                fields = []
                if learner.year_of_birth != row.year_of_birth:
                    fields.append(("year_of_birth", str(learner.year_of_birth),
                                   str(row.year_of_birth)))
                if learner.primary_need != row.primary_need:
                    fields.append(("primary_need", NEEDS[learner.primary_need],
                                   NEEDS[row.primary_need]))
                if fields:
                    plan.learners_to_change.append(Change(
                        row.row, f"Learner {row.reference}", fields, learner,
                        {"year_of_birth": row.year_of_birth, "primary_need": row.primary_need}))
        outcome = held.get(row.key)
        if outcome is None:
            plan.rows_to_add.append(row)
            continue
        fields = _outcome_changes(outcome, row, scheme)
        if fields:
            plan.rows_to_change.append(Change(
                row.row, f"{row.reference}, {row.academic_year}: {row.goal}", fields, outcome,
                {"review_date": row.review_date, "provider": row.provider,
                 "pfa_area": row.pfa_area, "rating": row.rating, "soft": row.soft}))
        else:
            plan.unchanged += 1


def import_check(*, content: bytes, filename: str, local_authority: Organisation) -> ImportPlan:
    """Check a file for an LA and plan what applying it does; every row's problems are in
    ``plan.errors``. A file that cannot be read, has a personal-data column or wrong headings
    is refused (``ImportFileError``) before its rows are read."""
    scheme = current_scheme()
    if scheme is None:
        raise ImportFileError([NO_SCHEME])
    sheet = read_sheet(content, filename)
    index = check_headings(sheet.headings, scheme)
    plan = ImportPlan(local_authority=local_authority, scheme=scheme, filename=filename)
    checker = RowChecker(local_authority, scheme, index)
    rows = []
    for number, cells in sheet.rows:
        row = checker.check(number, cells, plan.errors)
        if row is not None:
            rows.append(row)
    if not rows and not plan.errors:
        raise ImportFileError([NO_ROWS])
    rows = _check_rows_together(rows, plan.errors)
    plan.errors.sort(key=lambda e: e.row)
    plan.warnings = goal_warnings(rows)
    _plan(plan, rows)
    return plan


def goal_warnings(rows) -> list[RowError]:
    """A warning for each goal that seems to hold what identifies someone (``text_concerns``):
    ``rows`` of an import or of a provider's progress, each with its ``row`` and ``goal``."""
    warnings = []
    for row in rows:
        concerns = text_concerns(row.goal)
        if concerns:
            what = concerns[0] if len(concerns) == 1 else (
                ", ".join(concerns[:-1]) + " and " + concerns[-1])
            warnings.append(RowError(row.row, "goal", MAY_IDENTIFY.format(what=what)))
    return warnings
