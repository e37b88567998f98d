"""The outcomes dashboard's figures: its filters, each checked against its options, and every
section read through ``outcomes.aggregates`` (which alone adds up and suppresses them), for
the page, its charts and its CSV and XLSX alike. A fixed number of queries, whatever the
number of providers, learners and years."""
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.urls import reverse

from core.kept import kept, key_for
from core.lists import chosen
from organisations.models import Organisation
from organisations.permissions import can
from organisations.querysets import memberships_of, reader_of
from outcomes import aggregates
from outcomes.aggregates import AGE_BANDS, Filters
from outcomes.medium_term_models import MediumTermProgress
from outcomes.models import GoalOutcome, Learner
from outcomes.permissions import data_protection_las, sends_progress_anywhere
from outcomes.scheme import Scheme, current_scheme
from outcomes.versions import figures_version

from .charts import ShareBar, share_bars

NEEDS = dict(Learner.Need.choices)
PROVIDERS_PER_PAGE = 25
PAGED = "provider"  # the section shown a page at a time
FILTERS = ("year", "provider", "need", "age_band", "area")
# Figures worked out are kept (``core.kept``) under a key that changes whenever anything they
# read does. FIGURES_METHOD names what they hold: change it when the figures' code changes, so
# no figures from the old code are served.
FIGURES_METHOD = "figures-1"
PLACEHOLDER = "provider-slug"
BANDS = {code: label for code, label, *_ in AGE_BANDS}
SUPPRESSION_NOTE = (f"Any figure counting fewer than {aggregates.SUPPRESSION_THRESHOLD} learners "
                    f"is shown as “{aggregates.FEWER_THAN}”, and so is any other figure from "
                    "which one could be worked out, in this table, another table or another "
                    "year. To keep it so, these figures can be chosen by year only.")

TRAVEL_NOTE = ("The learners with goals in an area in both {before} and {year}: whether their "
               "average goal rating there improved, stayed the same or got worse.")
MEDIUM_NOTE = ("The learners whose medium-term outcomes in an area were reviewed in both {before} "
               "and {year}: whether the steps they reached there went up, stayed the same or "
               "went down, taken together.")
SOFT_NOTE = ("Confidence, feelings, personal skills and social cohesion, rated at each annual "
             "review as a change since the last one. A learner rated on several goals counts "
             "once, by their ratings taken together: better on balance, about the same, or "
             "worse.")


@dataclass(frozen=True)
class Choices:
    """The filter form's options: what the user's figures hold."""

    years: list[str]  # newest first
    providers: dict[str, str]  # id (as text) -> name, by name
    areas: dict[str, str]
    profiles: dict[int, str] = field(default_factory=dict)  # id -> profile URL, where visible

    @property
    def year_choices(self):
        return [(y, y) for y in self.years]

    @property
    def provider_choices(self):
        return list(self.providers.items())

    @property
    def need_choices(self):
        return list(NEEDS.items())

    @property
    def band_choices(self):
        return list(BANDS.items())

    @property
    def area_choices(self):
        return list(self.areas.items())


def years_counted(user) -> list[str]:
    """The years of goals or medium-term steps the user's aggregates count, newest first (two
    queries)."""
    rows = GoalOutcome.objects.in_aggregates_for(user).order_by()
    steps = MediumTermProgress.objects.in_aggregates_for(user).order_by()
    return sorted(set(rows.values_list("academic_year", flat=True).distinct())
                  | set(steps.values_list("academic_year", flat=True).distinct()), reverse=True)


def choices_for(user, scheme: Scheme) -> Choices:
    """The years (of goals or medium-term steps) and providers the user's aggregates count,
    and the profile of each of those providers the user may open (four queries)."""
    rows = GoalOutcome.objects.in_aggregates_for(user).order_by()
    steps = MediumTermProgress.objects.in_aggregates_for(user).order_by()
    years = years_counted(user)
    counted = Q(pk__in=rows.values("provider_id")) | Q(pk__in=steps.values("provider_id"))
    providers = {str(pk): name for pk, name in Organisation.objects.filter(
        counted).order_by("name", "pk").values_list("pk", "name")}
    # One reverse() for them all: a commissioner may count a thousand providers.
    profile = reverse("dashboards:provider_profile", args=[PLACEHOLDER])
    profiles = {pk: profile.replace(PLACEHOLDER, slug)
                for pk, slug in Organisation.objects.visible_to(user).providers()
                .filter(counted).values_list("pk", "slug")}
    return Choices(years=years, providers=providers, profiles=profiles,
                   areas={a.code: a.label for a in scheme.areas})


def read_filters(params, choices: Choices, *, narrowing: bool = True) -> Filters:
    """The filters in ``params`` (``request.GET``) that are among the options; the year is
    the latest with outcomes unless another is chosen. ``narrowing`` False (a reader whose
    figures are suppressed): the year only, as ``outcomes.suppression.PUBLISHED`` says."""
    year = chosen(params.get("year"), choices.years) or (choices.years[0] if choices.years
                                                          else "")
    if not narrowing:
        return Filters(year=year)
    provider = chosen(params.get("provider"), choices.providers)
    return Filters(
        year=year,
        provider_id=int(provider) if provider else None,
        need=chosen(params.get("need"), NEEDS),
        age_band=chosen(params.get("age_band"), BANDS),
        area=chosen(params.get("area"), choices.areas))


def described(filters: Filters, choices: Choices) -> list[str]:
    """The filters set (besides the year), in words."""
    said = []
    if filters.provider_id:
        said.append(f"provider: {choices.providers[str(filters.provider_id)]}")
    if filters.need:
        said.append(f"primary need: {NEEDS[filters.need]}")
    if filters.age_band:
        said.append(f"age band: {BANDS[filters.age_band]}")
    if filters.area:
        said.append(f"Preparing for Adulthood area: {choices.areas[filters.area]}")
    return said


def coverage(user) -> list[str]:
    """Whose outcomes the user's figures count, in words (from the memberships already read
    for the request: no query)."""
    if user.is_admin:
        return ["every learner in the service"]
    said = []
    for membership in memberships_of(user):
        org = membership.organisation
        if org.kind == Organisation.Kind.LOCAL_AUTHORITY:
            said.append(f"{org.name}’s own learners, wherever they study")
        elif org.is_commissioner:
            said.append(f"the learners at the providers {org.name} commissions")
        elif org.kind == Organisation.Kind.PROVIDER:
            said.append(f"the learners at {org.name}")
    return list(dict.fromkeys(said))


def may_import(user) -> bool:
    """Whether the user imports outcomes for any local authority (no query)."""
    return any(m.organisation.kind == Organisation.Kind.LOCAL_AUTHORITY
               and can(user, "outcomes.manage_outcomes", m.organisation)
               for m in memberships_of(user))


def outcome_pages(user) -> list[tuple[str, str]]:
    """(label, URL) of the outcomes pages the user may use besides the dashboard, from the
    memberships already read for the request (no query): an LA's learners, sharing, progress
    to decide, indicators and its inspection pack (its import is linked beside the figures); a
    provider's learners (those shared with it) and the progress it sends; an LA's records of
    access to its learners' data, for its data-protection lead."""
    kinds = {m.organisation.kind for m in memberships_of(user)}
    pages = []
    if may_import(user):
        pages += [("Learners", reverse("outcomes:learners")),
                  ("Choose which providers see learner rows", reverse("outcomes:sharing")),
                  ("Accept or refuse progress from providers",
                   reverse("outcomes:progress_list")),
                  ("Area indicators", reverse("outcomes:indicators")),
                  # The LA's commissioners make its pack as they manage its outcomes.
                  ("Make an inspection pack", reverse("exports:pack_new"))]
    elif Organisation.Kind.PROVIDER in kinds:
        pages.append(("Learners your local authorities share with you",
                      reverse("outcomes:learners")))
    if sends_progress_anywhere(user):
        pages.append(("Send your learners’ progress", reverse("outcomes:progress_list")))
    if data_protection_las(user):
        pages.append(("Data protection: access records, retention, erasure and subject access",
                      reverse("outcomes:data_protection")))
    return pages


@dataclass
class Section:
    """One table of the page (and rows of the export): its name and rows."""

    key: str
    title: str
    heading: str  # the first column's header
    rows: list  # aggregates.Row, or aggregates.Travel for distance travelled
    chart: object = None  # charts.Chart for "by area" and "by year"
    page: Page | None = None  # the rows the page shows, where they are many (by provider)
    soft: bool = False  # rows are aggregates.SoftRow: learners rated and shares by direction
    travel: bool = False  # rows are aggregates.Travel: learners improved, the same, worse
    note: str = ""  # what the section counts, in a sentence above it
    described: str = "share of goals at each rating"  # after the title in the caption

    @property
    def directions(self) -> tuple[str, ...]:
        """A soft-outcome section's columns after the learners rated."""
        return aggregates.SOFT_DIRECTIONS

    @property
    def shown_rows(self) -> list:
        """The rows on the page: one page of them where there are pages (the exports take
        every row)."""
        return self.page.object_list if self.page is not None else self.rows


@dataclass
class Figures:
    scheme: Scheme | None
    choices: Choices
    filters: Filters
    suppress: bool
    sections: list = field(default_factory=list)
    before: str = ""  # the year distance travelled compares against

    @property
    def empty(self) -> bool:
        return not self.choices.years

    @property
    def narrowing(self) -> bool:
        """Whether the reader may filter by more than the year (not where small numbers are
        withheld: each filter would publish figures to work a withheld one out from)."""
        return not self.suppress

    @property
    def ratings(self) -> list[str]:
        return [r.label for r in self.scheme.ratings] if self.scheme else []


def _chart(key: str, title: str, rows, *, description: str, series: list[str],
           suppress: bool, **options):
    """Bars of shares, one per row, one segment per series (``options``: share_bars's)."""
    if suppress:
        description += (f" A figure {aggregates.FEWER_THAN} to protect small numbers "
                        "draws no bar.")
    return share_bars(
        chart_id=f"chart-outcomes-{key}", title=title, description=description, series=series,
        bars=[ShareBar(label=row.label, shares=[c.share for c in row.cells],
                       shown=[c.shown for c in row.cells],
                       hidden=[c.suppressed for c in row.cells]) for row in rows],
        hidden_text=aggregates.FEWER_THAN, **options)


def _rating_chart(key: str, title: str, rows, scheme: Scheme, suppress: bool):
    return _chart(key, title, rows, suppress=bool(suppress),
                  description=(f"Share of goals rated "
                               f"{', '.join(r.label.lower() for r in scheme.ratings)}, one bar "
                               f"per {key}."),
                  series=[r.label for r in scheme.ratings])


def soft_section(user, scheme: Scheme, filters: Filters, suppress, *, chart: bool = True,
                 key: str = "soft") -> Section:
    """The soft outcomes of the filtered year (and provider, where one is chosen)."""
    title = f"Soft outcomes, {filters.year}"
    rows = aggregates.soft_outcomes(user, scheme, filters, suppress=suppress)
    drawn = _chart("soft", title, rows, suppress=bool(suppress), unit="of learners rated",
                   description=("Share of the learners rated in each soft outcome whose ratings "
                                "say better, about the same or worse since their last review, "
                                "one bar per soft outcome."),
                   series=list(aggregates.SOFT_DIRECTIONS)) if chart else None
    return Section(key, title, "Soft outcome", rows, drawn, soft=True, note=SOFT_NOTE,
                   described=("share of the learners rated whose ratings say better, about "
                              "the same or worse since their last review"))


def _anyone(rows: list) -> list:
    """The rows, or none where they count no one (no table of noughts)."""
    return rows if any(row.learners for row in rows) else []


def _paged(section: Section, number) -> Section:
    """The section with a page of its rows for the page to show, so a commissioner of a
    thousand providers gets a page of them, not a thousand table rows (the figures are
    still added up in one query)."""
    section.page = Paginator(section.rows, PROVIDERS_PER_PAGE).get_page(number)
    return section


def _linked(rows: list, profiles: dict[int, str]) -> list:
    """The provider rows, each with a link to the provider's profile where the user may open
    it."""
    for row in rows:
        row.url = profiles.get(int(row.key), "")
    return rows


def area_section(user, scheme: Scheme, filters: Filters, suppress) -> Section:
    title = f"Goals by Preparing for Adulthood area, {filters.year}"
    rows = aggregates.by_area(user, scheme, filters, suppress=suppress)
    return Section("area", title, "Preparing for Adulthood area", rows,
                   _rating_chart("area", title, rows, scheme, suppress))


def year_section(user, scheme: Scheme, filters: Filters, years: list[str],
                 suppress) -> Section:
    title = "Goals by academic year"
    rows = aggregates.by_year(user, scheme, filters, years, suppress=suppress)
    return Section("year", title, "Academic year", rows,
                   _rating_chart("year", title, rows, scheme, suppress))


def travel_section(user, scheme: Scheme, filters: Filters, suppress) -> Section:
    before = aggregates.previous_year(filters.year)
    return Section("travel", f"Distance travelled, {before} to {filters.year}",
                   "Preparing for Adulthood area",
                   aggregates.distance_travelled(user, scheme, filters, suppress=suppress),
                   travel=True, note=TRAVEL_NOTE.format(before=before, year=filters.year),
                   described="learners reviewed in both years, by their average goal rating")


def medium_section(user, scheme: Scheme, filters: Filters, suppress) -> Section:
    """Medium-term distance travelled, with no rows where it counts no one."""
    before = aggregates.previous_year(filters.year)
    return Section("medium",
                   f"Medium-term outcomes: distance travelled, {before} to {filters.year}",
                   "Preparing for Adulthood area",
                   _anyone(aggregates.medium_travelled(user, scheme, filters, suppress=suppress)),
                   travel=True, note=MEDIUM_NOTE.format(before=before, year=filters.year),
                   described="learners reviewed in both years, by their steps taken together")


def figures_for(user, params) -> Figures:
    """Every section of the dashboard for ``user``, filtered by ``params`` as its options
    allow (``sees_small_numbers`` decides the suppression), with a page of the providers.
    Worked out once for each reader, filters and state of the data they read (``core.kept``)."""
    scheme = current_scheme()
    suppress = not aggregates.sees_small_numbers(user)
    if scheme is None:
        return Figures(None, Choices([], {}, {}), Filters(), suppress)
    figures = kept(_kept_key(user, params, scheme),
                   lambda: _worked_out(user, params, scheme, suppress))
    for section in figures.sections:
        if section.key == PAGED:
            _paged(section, params.get("page"))
    return figures


def kept_form(user, params, name: str, make):
    """``make(figures_for(user, params))``: a form of the figures (the API's sheet), kept as
    the figures are (their key and lifetime, under ``name``), so that it is read whole from the
    cache rather than made again from the figures each time (unpickling an LA's figures grows
    with its providers). The same three queries as ``figures_for`` when kept."""
    scheme = current_scheme()
    if scheme is None:
        return make(figures_for(user, params))
    return kept(f"{_kept_key(user, params, scheme)}:{name}",
                lambda: make(figures_for(user, params)))


def figures_after_import(*, upload) -> None:
    """Work out the figures an import's status page links to (its latest year's) for the
    person who imported it, so that its first view is quick (``outcomes.imported_hooks``)."""
    figures_for(upload.uploaded_by, {"year": upload.latest_year} if upload.latest_year else {})


def _kept_key(user, params, scheme: Scheme) -> str:
    """What the figures depend on: the reader and their memberships (from the request's read:
    no query), the filters asked for, the scheme, the code's method and the data's version
    (``outcomes.versions``, one query). Each reader's figures are their own."""
    asked = [str(params.get(name, ""))[:40] for name in FILTERS]
    return key_for("outcome-figures", (FIGURES_METHOD, aggregates.METHOD, reader_of(user),
                                       asked, scheme.pk, figures_version()))


def _worked_out(user, params, scheme: Scheme, suppress: bool) -> Figures:
    choices = choices_for(user, scheme)
    filters = read_filters(params, choices, narrowing=not suppress)
    figures = Figures(scheme, choices, filters, suppress)
    if figures.empty:
        return figures
    # Worked out once for every section: what one table withholds, all of them do.
    suppress = aggregates.protection_for(user, scheme) if suppress else False
    year = filters.year
    figures.before = aggregates.previous_year(year)
    figures.sections = [
        area_section(user, scheme, filters, suppress),
        year_section(user, scheme, filters, choices.years, suppress),
        Section(PAGED, f"Goals by provider, {year}", "Provider",
                _linked(aggregates.by_provider(user, scheme, filters, {
                    int(pk): name for pk, name in choices.providers.items()},
                    suppress=suppress), choices.profiles)),
        Section("age_band", f"Goals by age band, {year}", "Age band at the start of the year",
                aggregates.by_age_band(user, scheme, filters, suppress=suppress)),
        Section("need", f"Goals by primary need, {year}", "Primary need",
                aggregates.by_need(user, scheme, filters, suppress=suppress)),
        travel_section(user, scheme, filters, suppress),
        medium_section(user, scheme, filters, suppress),
        soft_section(user, scheme, filters, suppress),
    ]
    return figures


@dataclass
class ProviderOutcomes:
    """A provider's outcomes by area in the latest year the viewer's figures count there."""

    year: str
    ratings: list[str]
    section: Section
    suppress: bool
    soft: Section | None = None  # the provider's soft outcomes that year


def provider_outcomes(user, provider) -> ProviderOutcomes | None:
    """For the provider profile: the provider's goals by Preparing for Adulthood area in the
    latest year with outcomes in the viewer's figures, suppressed for the viewer as everywhere.
    Kept as the dashboard's figures are (``_kept_key``): working out what to withhold reads
    every goal the viewer's figures count (5,384 for a partnership officer at 3,000 providers,
    about 120 ms), which a view of one provider should not."""
    scheme = current_scheme()
    if scheme is None:
        return None
    return kept(f"{_kept_key(user, {}, scheme)}:profile:{provider.pk}",
                lambda: [_provider_outcomes(user, provider, scheme)])[0]


def _provider_outcomes(user, provider, scheme: Scheme) -> ProviderOutcomes | None:
    year = (GoalOutcome.objects.in_aggregates_for(user).filter(provider=provider)
            .order_by("-academic_year").values_list("academic_year", flat=True).first())
    if year is None:
        return None
    suppress = not aggregates.sees_small_numbers(user)
    protection = aggregates.protection_for(user, scheme) if suppress else False
    if suppress:  # the provider's row of "by provider", the figure such a reader is shown
        rows = aggregates.by_provider(user, scheme, Filters(year=year),
                                      {provider.pk: provider.name}, suppress=protection)
        section = Section("profile", f"Goals met, {year}", "Provider", rows)
    else:
        rows = aggregates.by_area(user, scheme, Filters(year=year, provider_id=provider.pk),
                                  suppress=False)
        section = Section("profile", f"Goals met by Preparing for Adulthood area, {year}",
                          "Preparing for Adulthood area", rows)
    soft = soft_section(user, scheme, Filters(year=year, provider_id=provider.pk), protection,
                        chart=False, key="profile-soft")
    return ProviderOutcomes(year=year, ratings=[r.label for r in scheme.ratings],
                            suppress=suppress, section=section, soft=soft)
