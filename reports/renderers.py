"""One rendering function per report: gather the data, pick the template, call ``render_pdf``.

``ASSESSMENT_RENDERERS`` maps an assessment's kind to the function that renders it, so the
QA visit-record report can be added later with ``register_assessment_renderer("qa_visit")``.
"""
from collections.abc import Callable

from django.utils import timezone

from .audience import NOT_FOR_AUDIENCE, audience_context, hidden_from
from .pdf import render_pdf
from .selectors import DEFAULT_ACTION_COLUMNS, assessment_report, plan_actions

NO_RENDERER = {
    "qa_visit": "The QA visit-record report is not available yet: assessment {pk} is a QA visit.",
}
NO_RENDERER_DEFAULT = "There is no PDF report for assessments of kind {kind!r} (assessment {pk})."


class ReportNotAvailable(Exception):
    """This report cannot be made (no renderer for the kind, or not for this audience)."""


# Relative URLs in report templates (``{% static %}``) resolve against this; the fetcher
# serves /static/... from disk whatever the base.
REPORT_BASE_URL = "file:///"


def report_header(*, title: str, provider, period: str, status: str, framework: str = "",
                  version: str = "", audience: str) -> dict:
    """The context ``reports/base_pdf.html`` needs: document title, running header and the
    audience line. Every report (including the future visit record) builds it here."""
    return {
        "title": title,
        "provider": provider,
        "framework": framework,
        "version": version,
        "period": period,
        "status": status,
        "generated_on": timezone.localtime(),
        **audience_context(audience),
    }


def _assessment_status(assessment) -> str:
    status = assessment.get_state_display()
    if assessment.state == "draft" and assessment.shared_with_commissioners:
        status += " (shared with commissioners)"
    return status


def render_self_assessment_pdf(assessment, *, audience: str, base_url: str = REPORT_BASE_URL) -> bytes:
    """An SI QAF self-assessment (matrix mapping, subtotals, total, Stage 2 action plan) or an
    IntegratED review (levels per benchmark, summary per category), with every criterion's
    rating and evidence."""
    report = assessment_report(assessment)
    framework = assessment.framework
    context = {
        "report": report_header(
            title=f"{framework.name}: {assessment.provider.name}, {assessment.period}",
            provider=assessment.provider, framework=framework.name, version=framework.version,
            period=assessment.period, status=_assessment_status(assessment), audience=audience,
        ),
        "assessment": assessment,
        "framework": framework,
        "data": report,
        "result": report.result,
    }
    return render_pdf("reports/self_assessment.html", context, base_url=base_url)


def render_action_plan_pdf(plan, *, audience: str, base_url: str = REPORT_BASE_URL) -> bytes:
    """A provider's action plan for a year: every action, grouped by framework, in the SI QAF
    Stage 2 columns with status, success measure and whether it is overdue. ``plan`` may be
    unsaved (a year with no actions yet)."""
    actions = list(plan_actions(plan.provider, plan.period))
    frameworks = []
    for action in actions:
        framework = action.section.framework if action.section_id else None
        if not frameworks or frameworks[-1]["framework"] != framework:
            frameworks.append({"framework": framework, "actions": []})
        frameworks[-1]["actions"].append(action)
    open_actions = [a for a in actions if a.status not in ("done", "dropped")]
    overdue = sum(a.is_overdue for a in actions)
    status = f"{len(open_actions)} open of {len(actions)}" + (f", {overdue} overdue" if overdue else "")
    context = {
        "report": report_header(
            title=f"Action plan: {plan.provider.name}, {plan.period}", provider=plan.provider,
            framework="Action plan", period=plan.period, status=status, audience=audience,
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
    """Decorator: ``@register_assessment_renderer("qa_visit")`` on
    ``def render_visit_record_pdf(assessment, *, audience, base_url=REPORT_BASE_URL)``."""
    def register(function):
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
