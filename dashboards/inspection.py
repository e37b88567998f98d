"""The local-area inspection pack's figures: what a Local Area SEND Inspection asks of an LA,
gathered for one academic year from the figures the LA's own pages show.

The pack is read as the LA's own people read it (``narrowed_to``: the asker's other
organisations add nothing) and it leaves the service, so every outcome figure in it is
suppressed as a provider's or partnership's reader would see it, whoever asks
(``protection_for(published=True)``): a figure under five learners, and any other from which
one could be worked out, is withheld. QA coverage counts providers, visits and actions, never
learners.

Its parts, in order (``PARTS``), each made on its own so the worker can report progress:
QA coverage, outcomes by Preparing for Adulthood area, distance travelled (annual goals and
medium-term outcomes), soft outcomes, area indicators against comparators, and the
improvement story year on year.
"""
from dataclasses import dataclass, field

from organisations.querysets import narrowed_to
from outcomes import aggregates
from outcomes.aggregates import Filters
from outcomes.indicators import indicator_tables
from outcomes.scheme import current_scheme

from . import outcomes as outcome_sections
from .area_indicators import chart_of
from .inspection_coverage import qa_coverage
from .provider_table import dashboard_years
from .trend_views import trend_charts

PARTS = ("coverage", "outcomes", "travel", "soft", "indicators", "story")
WITHHELD_NOTE = (f"Any figure counting fewer than {aggregates.SUPPRESSION_THRESHOLD} learners "
                 f"is shown as “{aggregates.FEWER_THAN}”, and so is any other figure from "
                 "which one could be worked out, in this pack or on the portal's pages.")
NO_SCHEME = "No outcomes scheme is loaded, so there are no outcome figures."
NO_OUTCOMES = "No outcomes of {la}’s learners are recorded for {year}."


@dataclass
class Part:
    """One part of the pack: its title and what it holds (any of outcome sections, QA
    coverage rows, indicator tables with charts, trend charts)."""

    key: str
    title: str
    intro: str = ""
    sections: list = field(default_factory=list)  # dashboards.outcomes.Section
    coverage: list = field(default_factory=list)  # inspection_coverage.CoverageRow
    indicators: list = field(default_factory=list)  # (IndicatorTable, Chart)
    trends: dict = field(default_factory=dict)  # trend_views.trend_charts
    years: list = field(default_factory=list)  # the trends' years, newest first
    empty: str = ""  # what the part says when it holds nothing

    @property
    def holds_anything(self) -> bool:
        return bool(self.sections or self.coverage or self.indicators or self.trends)


class Pack:
    """Everything the parts share, read once: the reader, the scheme, the years with outcomes
    and what to withhold. ``part(key)`` makes one part."""

    def __init__(self, user, organisation, year: str):
        self.organisation = organisation
        self.year = year
        self.before = aggregates.previous_year(year)
        self.reader = narrowed_to(user, organisation)
        self.scheme = current_scheme()
        self.filters = Filters(year=year)
        self._outcome_years = None
        self._protection = None

    @property
    def outcome_years(self) -> list[str]:
        """The years up to the pack's with outcomes counted, newest first."""
        if self._outcome_years is None:
            self._outcome_years = [y for y in outcome_sections.years_counted(self.reader)
                                   if y <= self.year]
        return self._outcome_years

    @property
    def ratings(self) -> list[str]:
        return [r.label for r in self.scheme.ratings] if self.scheme else []

    @property
    def protection(self):
        if self._protection is None:
            self._protection = aggregates.protection_for(self.reader, self.scheme,
                                                         published=True)
        return self._protection

    def part(self, key: str) -> Part:
        return getattr(self, f"_{key}")()

    def _coverage(self) -> Part:
        la = self.organisation.name
        return Part("coverage", "QA coverage", coverage=qa_coverage(
            self.reader, self.organisation, self.year), intro=(
            f"How the providers {la} commissions were quality-assured in {self.year}, beside "
            f"{self.before}: self-assessments, QA visits and their judgements, causes for "
            "concern and the decisions on them, and the actions in providers’ plans."))

    def _outcome_part(self, key: str, title: str, intro: str, sections) -> Part:
        la = self.organisation.name
        if self.scheme is None:
            return Part(key, title, empty=NO_SCHEME)
        if self.year not in self.outcome_years:
            return Part(key, title, empty=NO_OUTCOMES.format(la=la, year=self.year))
        return Part(key, title, intro=f"{intro} {WITHHELD_NOTE}", sections=[
            section for section in sections() if section.rows])

    def _outcomes(self) -> Part:
        return self._outcome_part(
            "outcomes", "Outcomes by Preparing for Adulthood area",
            f"How far the annual-review goals of {self.organisation.name}’s learners were "
            f"met in {self.year}, wherever they study.",
            lambda: [outcome_sections.area_section(self.reader, self.scheme, self.filters,
                                                   self.protection)])

    def _travel(self) -> Part:
        return self._outcome_part(
            "travel", "Distance travelled",
            f"How far learners moved between {self.before} and {self.year}: on their "
            "annual-review goals, and on the steps towards their medium-term outcomes.",
            lambda: [outcome_sections.travel_section(self.reader, self.scheme, self.filters,
                                                     self.protection),
                     outcome_sections.medium_section(self.reader, self.scheme, self.filters,
                                                     self.protection)])

    def _soft(self) -> Part:
        return self._outcome_part(
            "soft", "Soft outcomes", outcome_sections.SOFT_NOTE,
            lambda: [outcome_sections.soft_section(self.reader, self.scheme, self.filters,
                                                   self.protection)])

    def _indicators(self) -> Part:
        la = self.organisation
        tables = indicator_tables(la, up_to=self.year)
        return Part("indicators", "Area indicators against comparators", indicators=[
            (table, chart_of(table, f"indicator-{table.indicator.pk}")) for table in tables],
            intro=(f"{la.name}’s indicators for its SEND cohort, year on year, beside the "
                   "comparators it recorded (statistical neighbours, regional, national)."),
            empty=f"{la.name} has recorded no area indicators up to {self.year}.")

    def _story(self) -> Part:
        years = dashboard_years(self.year)
        part = Part("story", "The improvement story, year on year", intro=(
            f"Year on year to {self.year}: how far learners’ goals were met, the "
            f"self-assessment totals and the QA visit judgements of the providers "
            f"{self.organisation.name} commissions."),
            trends=trend_charts(self.reader, self.organisation, years, self.year), years=years)
        if self.scheme is not None and self.outcome_years:
            part.sections = [outcome_sections.year_section(
                self.reader, self.scheme, self.filters, self.outcome_years, self.protection)]
        return part
