"""Area indicators (``outcomes.indicator_models``): recording an LA's figures and its
comparators', adding an LA's own indicator, and reading them year on year for a table and a
chart. Each write checks that the user may manage the LA's outcomes and leaves a history row."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from core.history import save_with_history
from core.periods import previous_period
from organisations.models import Organisation, User
from organisations.permissions import can

from .indicator_models import Indicator, IndicatorValue
from .services import check_commissioned

YEARS_SHOWN = 5  # the latest years with a figure, oldest first

# Tests assert these.
NOT_ALLOWED = "Only the local authority's commissioners can record its area indicators."
NAME_TAKEN = "{la} already has an indicator called {name}."
NOT_ITS_INDICATOR = "Choose one of the indicators listed."
NOT_BOTH = ("A comparator's figure is for the whole cohort: leave the provider as your whole "
            "SEND cohort, or leave the comparator blank.")


def require_manage(user: User, local_authority: Organisation) -> None:
    if not can(user, "outcomes.manage_outcomes", local_authority):
        raise PermissionDenied(NOT_ALLOWED)


def indicators_of(local_authority: Organisation):
    """The portal's indicators and the LA's own, in order."""
    return Indicator.objects.filter(Q(local_authority=None) | Q(local_authority=local_authority))


def indicator_add(*, local_authority: Organisation, name: str, unit: str, higher_is_better: bool,
                  source: str, by: User) -> Indicator:
    require_manage(by, local_authority)
    if indicators_of(local_authority).filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": NAME_TAKEN.format(la=local_authority.name, name=name)})
    indicator = Indicator(local_authority=local_authority, name=name.strip(), unit=unit,
                          higher_is_better=higher_is_better, source=source)
    indicator.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            save_with_history(indicator, by=by)
    except IntegrityError:
        raise ValidationError({"name": NAME_TAKEN.format(la=local_authority.name,
                                                         name=name)}) from None
    return indicator


def value_record(*, indicator: Indicator, local_authority: Organisation, academic_year: str,
                 value: Decimal, comparator: str = "", provider: Organisation | None = None,
                 by: User) -> IndicatorValue:
    """Record the LA's figure for a year (``comparator`` blank; for its learners at
    ``provider``, one it commissions, where given) or a comparator's, replacing the one held;
    the history keeps the one before."""
    require_manage(by, local_authority)
    if not indicators_of(local_authority).filter(pk=indicator.pk).exists():
        raise ValidationError({"indicator": NOT_ITS_INDICATOR})
    comparator = comparator.strip()
    if provider is not None:
        if comparator:
            raise ValidationError({"comparator": NOT_BOTH})
        check_commissioned(local_authority, provider)
    with transaction.atomic():
        held = (IndicatorValue.objects.select_for_update()
                .filter(indicator=indicator, local_authority=local_authority, provider=provider,
                        academic_year=academic_year, comparator__iexact=comparator).first())
        row = held or IndicatorValue(indicator=indicator, local_authority=local_authority,
                                     academic_year=academic_year, comparator=comparator,
                                     provider=provider)
        row.value, row.recorded_by = value, by
        row.full_clean(validate_unique=False, validate_constraints=False)
        save_with_history(row, by=by)
    return row


@dataclass
class Series:
    label: str
    values: list  # one per year of the table, None where none is recorded
    own: bool = False  # the LA's own figures (the rest are comparators)


@dataclass
class IndicatorTable:
    """One indicator year on year: the LA's figures, then each comparator's."""

    indicator: Indicator
    years: list[str]
    series: list[Series] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """(year, each series' figure in words) per year, for the table."""
        return [(year, [self.indicator.shown(s.values[i]) for s in self.series])
                for i, year in enumerate(self.years)]

    @property
    def comparison(self) -> str:
        """The latest year with both figures, said: "2025/26: 91.2% against England 92.5%,
        better" (lower is better where the indicator says so); "" when there is none."""
        if len(self.series) < 2:
            return ""
        own = self.series[0]
        for i in reversed(range(len(self.years))):
            if own.values[i] is None:
                continue
            for other in self.series[1:]:
                if other.values[i] is not None:
                    mine, theirs = own.values[i], other.values[i]
                    verdict = _verdict(self.indicator, mine, theirs)
                    return (f"{self.years[i]}: {self.indicator.shown(mine)} against "
                            f"{other.label} {self.indicator.shown(theirs)}, {verdict}")
        return ""


def indicator_tables(local_authority: Organisation, *,
                     up_to: str = "") -> list[IndicatorTable]:
    """Each indicator with a figure recorded, over the latest ``YEARS_SHOWN`` years with one
    (up to the year ``up_to``, if given): the LA's series first, then its comparators by name
    (two queries)."""
    indicators = list(indicators_of(local_authority))
    values = IndicatorValue.objects.filter(local_authority=local_authority, provider=None,
                                           indicator__in=indicators)
    if up_to:
        values = values.filter(academic_year__lte=up_to)
    values = list(values.order_by("academic_year", "comparator"))
    tables = []
    for indicator in indicators:
        mine = [v for v in values if v.indicator_id == indicator.pk]
        if not mine:
            continue
        latest = max(v.academic_year for v in mine)
        years = [latest]
        while len(years) < YEARS_SHOWN:
            years.insert(0, previous_period(years[0]))
        found = {(v.comparator, v.academic_year): v.value for v in mine}
        names = sorted({v.comparator for v in mine if v.comparator}, key=str.lower)
        table = IndicatorTable(indicator, years, [Series(
            f"{local_authority.name} SEND", [found.get(("", y)) for y in years], own=True)])
        table.series += [Series(name, [found.get((name, y)) for y in years]) for name in names]
        tables.append(table)
    return tables


@dataclass
class ProviderFigure:
    provider: str
    figure: str
    cohort: str  # the LA's whole cohort that year, in words ("" when not recorded)
    verdict: str  # better, worse or the same as the cohort ("" without both)


@dataclass
class ProviderTable:
    """One indicator's figures by provider in the latest year with any."""

    indicator: Indicator
    year: str
    rows: list[ProviderFigure]


def provider_tables(local_authority: Organisation) -> list[ProviderTable]:
    """For each indicator with figures by provider: those of its latest year, by provider
    name, each beside the LA's whole-cohort figure that year (one query)."""
    values = list(IndicatorValue.objects.filter(local_authority=local_authority)
                  .filter(Q(provider__isnull=False) | Q(comparator=""))
                  .select_related("indicator", "provider")
                  .order_by("indicator__name", "indicator_id", "provider__name"))
    tables = []
    for indicator in {v.indicator_id: v.indicator for v in values if v.provider_id}.values():
        mine = [v for v in values if v.indicator_id == indicator.pk]
        year = max(v.academic_year for v in mine if v.provider_id)
        cohort = next((v.value for v in mine
                       if v.provider_id is None and v.academic_year == year), None)
        rows = [ProviderFigure(v.provider.name, indicator.shown(v.value),
                               indicator.shown(cohort) if cohort is not None else "",
                               _verdict(indicator, v.value, cohort))
                for v in mine if v.provider_id and v.academic_year == year]
        tables.append(ProviderTable(indicator, year, rows))
    return tables


def _verdict(indicator: Indicator, mine, theirs) -> str:
    if mine is None or theirs is None:
        return ""
    if mine == theirs:
        return "the same"
    return "better" if (mine > theirs) == indicator.higher_is_better else "worse"
