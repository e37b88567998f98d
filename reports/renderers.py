"""One rendering function per report: gather the data, pick the template, call ``render_pdf``.

``ASSESSMENT_RENDERERS`` maps an assessment's kind to the function that renders it (see
``register_assessment_renderer`` for the contract); the QA visit record registers itself
with ``register_assessment_renderer("qa_visit")``.
"""
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from actionplans.selectors import plan_actions

from .audience import NOT_FOR_AUDIENCE, audience_context, hidden_from, with_internal_notes
from .pdf import render_pdf
from .selectors import DEFAULT_ACTION_COLUMNS, assessment_report, visit_report

# Messages for kinds without a renderer (a kind added to Framework.Kind before its report).
NO_RENDERER: dict[str, str] = {}
NO_RENDERER_DEFAULT = "There is no PDF report for assessments of kind {kind!r} (assessment {pk})."
RENDERER_TAKEN = "Assessments of kind {kind!r} already render with {function}."


class ReportNotAvailable(Exception):
    """This report cannot be made (no renderer for the kind, or not for this audience)."""


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


ASSESSMENT_RENDERERS: dict[str, Callable[..., bytes]] = {
    "self_assessment": render_self_assessment_pdf,
    "benchmark_review": render_self_assessment_pdf,
}


def register_assessment_renderer(kind: str):
    """Extension point: the PDF renderer of assessments of ``kind``, as a decorator:
    ``@register_assessment_renderer("qa_visit")``.

    Who registers: ``reports`` itself, in this module, so the table is whole whenever it is
    read; an app above reports would register from its ``AppConfig.ready``.
    Call: ``renderer(assessment, *, audience, base_url=REPORT_BASE_URL, **options) ->
    bytes`` (the PDF), ``options`` being ``reports.audience.copy_options`` for the person
    the copy is for. Callers have already decided that person may have the ``audience``
    copy of the assessment (``render_assessment_pdf``, the download view, bulk exports).
    One renderer per kind: the same function again changes nothing; another for a kind
    already taken raises ``ImproperlyConfigured``. A kind with none has no PDF (a 404, or an
    item left out of a bulk export)."""
    def register(function):
        taken = ASSESSMENT_RENDERERS.get(kind, function)
        if taken is not function:
            raise ImproperlyConfigured(RENDERER_TAKEN.format(kind=kind, function=taken.__name__))
        ASSESSMENT_RENDERERS[kind] = function
        return function
    return register


def renderer_for(kind: str) -> Callable[..., bytes] | None:
    """The PDF renderer for an assessment kind, or None when there is none yet."""
    return ASSESSMENT_RENDERERS.get(kind)


def render_assessment_pdf(assessment, *, audience: str, base_url: str = REPORT_BASE_URL) -> bytes:
    """The PDF for any assessment, by its kind, for an audience allowed to see it; raises
    :class:`ReportNotAvailable` with a message for the user otherwise."""
    renderer = renderer_for(assessment.kind)
    if renderer is None:
        template = NO_RENDERER.get(assessment.kind, NO_RENDERER_DEFAULT)
        raise ReportNotAvailable(template.format(pk=assessment.pk, kind=assessment.kind))
    reason = hidden_from(assessment, audience)
    if reason:
        raise ReportNotAvailable(
            NOT_FOR_AUDIENCE.format(audience=audience, pk=assessment.pk, reason=reason))
    return renderer(assessment, audience=audience, base_url=base_url)


@register_assessment_renderer("qa_visit")
def render_visit_record_pdf(assessment, *, audience: str, base_url: str = REPORT_BASE_URL,
                            internal_notes: bool = True) -> bytes:
    """A QA visit record: the visit date and team, then per section the evaluative question,
    every requirement (provider evidence, observer notes, R/A/G as a word with its colour,
    action points) and the concluding judgement; the provider's response; and, in a
    commissioner copy, the causes for concern with the chair's decisions.

    Internal notes appear only in a commissioner copy and only when ``internal_notes`` is true
    (see :func:`reports.selectors.visit_report` for what each copy leaves out)."""
    data = visit_report(assessment, audience, internal_notes=internal_notes)
    visit = data.assessment
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
