"""The dashboards as spreadsheets (``reports.spreadsheets``: CSV or XLSX, every text cell
formula-safe): the provider table with the columns the page shows and the same rows, every
page of them; the outcomes dashboard's figures exactly as the page shows them."""
from django.utils import timezone

from commissioning.models import SupportEntry
from frameworks.models import Framework
from outcomes.aggregates import SOFT_DIRECTIONS
from reports.spreadsheets import Column, Table


def _review_columns(framework) -> list[Column]:
    """The review beside a framework's latest result (``moderation.Moderation``): totals for a
    framework scored in points, the disagreements and the flag for every framework."""
    name = framework.name
    columns = [Column(f"{name}: review", 30)]
    if framework.scoring_scheme == Framework.Scheme.POINTS:
        columns += [Column(f"{name}: self-assessed total", 12), Column(f"{name}: moderated total", 12)]
    return columns + [Column(f"{name}: items disagreed", 12),
                      Column(f"{name}: self-assessment and review differ", 14)]


def _review_cells(framework, result) -> list:
    moderation = result.moderation if result else None
    points = framework.scoring_scheme == Framework.Scheme.POINTS
    if moderation is None:
        return ["Not reviewed" if result else ""] + (["", ""] if points else []) + ["", ""]
    totals = [moderation.self_assessed, moderation.moderated] if points else []
    return [moderation.review_text, *totals, moderation.disagreements,
            "Yes" if moderation.flagged else "No"]


def provider_table_sheet(rows, *, organisation, year, frameworks, questions,
                         latest_visit: bool = False) -> Table:
    """The provider table's rows; with ``latest_visit`` the visit is each provider's latest,
    and a column says its academic year."""
    columns = [Column("Provider", 36), Column("Provider type", 24),
               Column(f"Status with {organisation.name}", 18),
               Column("Due diligence last decided", 14), Column("Current agreement", 30),
               Column("Agreement ends", 12), Column("Expected standards met", 10),
               Column("Expected standards not met", 10),
               *[Column(f"Support in the last year: {label.lower()}", 10)
                 for _, label in SupportEntry.Uptake.choices],
               Column("Latest support", 12)]
    for framework in frameworks:
        columns += [Column(f"{framework.name}: year", 10), Column(f"{framework.name}: result", 30),
                    Column(f"{framework.name}: change", 22), *_review_columns(framework)]
    for framework in frameworks:
        if framework.cohort:
            columns += [Column(f"{framework.name}: cohort completed", 12),
                        Column(f"{framework.name}: cohort into qualifying work", 12),
                        Column(f"{framework.name}: employment rate %", 12),
                        Column(f"{framework.name}: rate against the target", 40)]
    columns.append(Column("Latest QA visit" if latest_visit else f"QA visit in {year}", 14))
    if latest_visit:
        columns.append(Column("QA visit: academic year", 10))
    columns += [Column(f"Question {n}: {q.title}", 14) for n, q in enumerate(questions, start=1)]
    columns += [Column("Causes for concern not closed", 30),
                Column("Causes for concern awaiting decision", 12),
                Column("Causes for concern under review", 12),
                Column("Soonest review date", 12), Column(f"Open actions {year}", 12),
                Column(f"Overdue actions {year}", 12)]
    table_rows = []
    for row in rows:
        cells = [row.provider.name, row.provider.get_provider_type_display(),
                 row.link.get_status_display(),
                 timezone.localdate(row.cycle.last_checked) if row.cycle.last_checked else None]
        agreement = row.cycle.agreement
        cells += ([str(agreement.agreement), agreement.agreement.ends, agreement.met,
                   agreement.not_met] if agreement else ["None current", None, "", ""])
        cells += [row.cycle.supported(u) for u in SupportEntry.Uptake.values]
        cells.append(row.cycle.last_support)
        for framework, result in row.results:
            cells += ([result.assessment.period, result.summary, result.change_text] if result
                      else ["", "None submitted", ""])
            cells += _review_cells(framework, result)
        for _, figures in row.cohorts:
            cells += ([figures.completed, figures.employed_qualifying, figures.rate,
                       figures.rate_text] if figures else ["", "", "", "Not reported"])
        cells.append(row.visit.visit_date if row.visit else None)
        if latest_visit:
            cells.append(row.visit.period if row.visit else "")
        judged = dict(row.judgements)
        cells += [judged[q].label if judged.get(q) else "" for q in questions]
        cells += [row.concerns_text, row.concerns_awaiting, row.concerns_under_review,
                  row.next_review, row.open_actions, row.overdue_actions]
        table_rows.append(cells)
    return Table(title="Providers", columns=columns, rows=table_rows)


def _as_shown(text: str):
    """A figure as the page shows it: a whole number as a number, anything else ("withheld",
    "45%") as its text. Only shown text reaches an export, so it can hold nothing the
    page hides."""
    return int(text) if text.isdigit() else text


def outcomes_sheet(figures, *, filtered: list[str]) -> Table:
    """The outcomes dashboard's sections (``dashboards.outcomes``) as one sheet."""
    return sections_sheet(figures.sections, figures.ratings, filtered=filtered)


def sections_sheet(sections, ratings: list[str], *, filtered: list[str]) -> Table:
    """One row per group of each outcomes section: its learners, goals and share at each
    rating, for distance travelled its learners improved, the same and worse, for soft
    outcomes the learners rated and the share better, about the same and worse; suppressed
    figures as the page shows them."""
    columns = [Column("Section", 40), Column("Group", 36), Column("Learners", 10),
               Column("Goals", 10), *[Column(f"{label} (share of goals)", 14) for label in ratings],
               Column("Learners improved", 12), Column("Learners the same", 12),
               Column("Learners worse", 12),
               *[Column(f"{label} (share of learners rated)", 14)
                 for label in SOFT_DIRECTIONS], Column("Filtered by", 40, True)]
    filters_text = "; ".join(filtered) or "No other filter"
    rows = []
    for section in sections:
        for row in section.rows:
            if section.soft:
                rows.append([section.title, row.label, _as_shown(row.learners_shown), None,
                             *[None] * len(ratings), None, None, None,
                             *[cell.shown for cell in row.cells], filters_text])
            elif section.travel:
                rows.append([section.title, row.label, None, None, *[None] * len(ratings),
                             *[_as_shown(f) for f in row.figures],
                             *[None] * len(SOFT_DIRECTIONS), filters_text])
            else:
                rows.append([section.title, row.label, _as_shown(row.learners_shown),
                             _as_shown(row.goals_shown), *[cell.shown for cell in row.cells],
                             None, None, None, *[None] * len(SOFT_DIRECTIONS), filters_text])
    return Table(title="Outcomes", columns=columns, rows=rows)
