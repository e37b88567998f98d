"""One rendering function per report: gather the data, pick the template, call ``render_pdf``.

``ASSESSMENT_RENDERERS`` maps each type of record (``assessments.records``) to the function
that renders it (see ``register_assessment_renderer`` for the contract); the QA visit record
registers itself with ``register_assessment_renderer(VISITS)``.
"""
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from actionplans.selectors import plan_actions
from assessments.records import SELF_ASSESSMENTS, RecordType, record_type
from visits.records import VISITS

from .audience import NOT_FOR_AUDIENCE, audience_context, hidden_from, with_internal_notes
from .pdf import render_pdf
from .selectors import DEFAULT_ACTION_COLUMNS, assessment_report, visit_report

# For a type of record added before its report.
NO_RENDERER = "There is no PDF report for a {noun} yet (record {pk})."
RENDERER_TAKEN = "Records of type {key!r} already render with {function}."


class ReportNotAvailable(Exception):
    """This report cannot be made (no renderer for the type of record, or not for this
    audience)."""


# Relative URLs in report templates (``{% static %}``) resolve against this; the fetcher
# serves /static/... from disk whatever the base.
REPORT_BASE_URL = "file:///"


def report_header(*, title: str, provider, period: str, status: str, framework: str = "",
                  version: str = "", audience: str, internal_notes: bool) -> dict:
    """The context ``reports/base_pdf.html`` needs: document title, running header and the
    audience line. Every report builds it here. ``internal_notes``: whether the copy holds any
    (from its selector's data), so the line never claims notes that are not there."""
    return {
        "title": title,
        "provider": provider,
        "framework": framework,
        "version": version,
        "period": period,
        "status": status,
        "generated_on": timezone.localtime(),
        **audience_context(audience, internal_notes=internal_notes),
    }


def _assessment_status(assessment) -> str:
    status = assessment.get_state_display()
    if assessment.shared_draft:
        status += " (shared with commissioners)"
    return status


def render_self_assessment_pdf(assessment, *, audience: str, user=None,
                               base_url: str = REPORT_BASE_URL) -> bytes:
    """An SI QAF self-assessment (matrix mapping, subtotals, total, Stage 2 action plan) or an
    IntegratED review (levels per benchmark, summary per category), with every criterion's
    rating and evidence, and the actions ``user`` may see (see ``assessment_report``). A
    commissioner copy holds the internal notes of the reviews ``user``'s organisation made."""
    report = assessment_report(assessment, user=user,
                               internal_notes=with_internal_notes(audience))
    framework = assessment.framework
    context = {
        "report": report_header(
            title=f"{framework.name}: {assessment.provider.name}, {assessment.period}",
            provider=assessment.provider, framework=framework.name, version=framework.version,
            period=assessment.period, status=_assessment_status(assessment), audience=audience,
            internal_notes=report.holds_internal_notes,
        ),
        "assessment": assessment,
        "framework": framework,
        "data": report,
        "result": report.result,
    }
    return render_pdf("reports/self_assessment.html", context, base_url=base_url)


def render_action_plan_pdf(plan, *, audience: str, user, base_url: str = REPORT_BASE_URL) -> bytes:
    """A provider's action plan for a year: every action the user may see, grouped by
    framework, in the SI QAF Stage 2 columns with status, success measure and whether it is
    overdue. ``plan`` may be unsaved (a year with no actions yet)."""
    actions = list(plan_actions(plan.provider, plan.period, user=user))
    frameworks = []
    for action in actions:
        framework = action.section.framework if action.section_id else None
        if not frameworks or frameworks[-1]["framework"] != framework:
            frameworks.append({"framework": framework, "actions": []})
        frameworks[-1]["actions"].append(action)
    open_actions = [a for a in actions if a.is_open]
    overdue = sum(a.is_overdue for a in actions)
    status = f"{len(open_actions)} open of {len(actions)}" + (f", {overdue} overdue" if overdue else "")
    context = {
        "report": report_header(
            title=f"Action plan: {plan.provider.name}, {plan.period}", provider=plan.provider,
            framework="Action plan", period=plan.period, status=status, audience=audience,
            internal_notes=False,  # an action has no internal notes
        ),
        "plan": plan,
        "actions": actions,
        "frameworks": frameworks,
        "overdue": overdue,
        "columns": DEFAULT_ACTION_COLUMNS,
    }
    return render_pdf("reports/action_plan.html", context, base_url=base_url)


# Each type of record's renderer (see ``register_assessment_renderer``).
ASSESSMENT_RENDERERS: dict[RecordType, Callable[..., bytes]] = {
    SELF_ASSESSMENTS: render_self_assessment_pdf,
}


def register_assessment_renderer(record_type_: RecordType):
    """Extension point: the PDF renderer of records of one type (``assessments.records``), as
    a decorator: ``@register_assessment_renderer(VISITS)``.

    Who registers: ``reports`` itself, in this module, so the table is whole whenever it is
    read; an app above reports would register from its ``AppConfig.ready``.
    Call: ``renderer(record, *, audience, base_url=REPORT_BASE_URL, **options) -> bytes``
    (the PDF), ``options`` being ``reports.audience.copy_options`` for the person the copy
    is for. Callers have already decided that person may have the ``audience`` copy of the
    record (``render_assessment_pdf``, the download view, bulk exports).
    One renderer per type: the same function again changes nothing; another for a type
    already taken raises ``ImproperlyConfigured``. A type with none has no PDF (a 404, or an
    item left out of a bulk export)."""
    def register(function):
        taken = ASSESSMENT_RENDERERS.get(record_type_, function)
        if taken is not function:
            raise ImproperlyConfigured(RENDERER_TAKEN.format(key=record_type_.key,
                                                             function=taken.__name__))
        ASSESSMENT_RENDERERS[record_type_] = function
        return function
    return register


def renderer_for(record) -> Callable[..., bytes] | None:
    """The PDF renderer for a record of any type, or None when its type has none yet."""
    return ASSESSMENT_RENDERERS.get(record_type(record))


def render_assessment_pdf(assessment, *, audience: str, base_url: str = REPORT_BASE_URL) -> bytes:
    """The PDF for any record, by its type, for an audience allowed to see it; raises
    :class:`ReportNotAvailable` with a message for the user otherwise."""
    renderer = renderer_for(assessment)
    if renderer is None:
        raise ReportNotAvailable(NO_RENDERER.format(pk=assessment.pk,
                                                    noun=record_type(assessment).noun))
    reason = hidden_from(assessment, audience)
    if reason:
        raise ReportNotAvailable(
            NOT_FOR_AUDIENCE.format(audience=audience, noun=assessment.noun, pk=assessment.pk,
                                    reason=reason))
    return renderer(assessment, audience=audience, base_url=base_url)


@register_assessment_renderer(VISITS)
def render_visit_record_pdf(visit, *, audience: str, base_url: str = REPORT_BASE_URL,
                            internal_notes: bool = True) -> bytes:
    """A QA visit record: the visit date and team, then per section the evaluative question,
    every requirement (provider evidence, observer notes, R/A/G as a word with its colour,
    action points) and the concluding judgement; the provider's response; and, in a
    commissioner copy, the causes for concern with the chair's decisions.

    Internal notes appear only in a commissioner copy and only when ``internal_notes`` is true
    (see :func:`reports.selectors.visit_report` for what each copy leaves out)."""
    data = visit_report(visit, audience, internal_notes=internal_notes)
    visit = data.visit
    framework = visit.framework
    day = visit.visit_date
    when = f"{day.day} {day:%B %Y}" if day else visit.period
    context = {
        "report": report_header(
            title=f"QA visit record: {visit.provider.name}, {when}", provider=visit.provider,
            framework=framework.name, version=framework.version, period=visit.period,
            status=visit.get_state_display(), audience=audience,
            internal_notes=data.holds_internal_notes,
        ),
        "visit": visit,
        "framework": framework,
        "data": data,
    }
    return render_pdf("reports/visit_record.html", context, base_url=base_url)
