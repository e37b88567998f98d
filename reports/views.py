"""Report downloads: a self-assessment or a QA visit record as PDF, CSV or XLSX, and a
provider's action plan for a year. Every object is resolved through ``visible_to(user)``
(another organisation's is a 404); the audience of a PDF follows from who asks, and a visit's
internal notes go only to those who may see them on its pages."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from actionplans.models import ActionPlan
from assessments.models import Assessment
from core.downloads import attachment
from core.periods import period_from_slug
from organisations.models import Organisation
from visits.selectors import visits

from .audience import audience_for, copy_options
from .filenames import action_plan_filename, assessment_filename
from .renderers import render_action_plan_pdf, renderer_for
from .spreadsheets import action_plan_table, record_table, to_csv, to_xlsx


def _record_download(request, record, fmt) -> HttpResponse:
    """A record of any type, already resolved through ``visible_to(request.user)`` (an admin
    sees unshared drafts too): the audience only chooses which copy they get."""
    audience = audience_for(request.user, record.provider)
    options = copy_options(request.user, record)
    if fmt == "pdf":
        renderer = renderer_for(record)
        if renderer is None:
            raise Http404("There is no PDF report for this kind of record yet.")
        content = renderer(record, audience=audience, **options)
    else:
        table = record_table(record, audience, **options)
        content = to_csv(table) if fmt == "csv" else to_xlsx(table)
    return attachment(content, assessment_filename(record, fmt, audience=audience))


@require_GET
@never_cache
def assessment_download(request, pk, fmt):
    """A self-assessment or benchmark review: the PDF report, or its ratings as CSV / XLSX.

    Until visits had tables of their own (issue 25) a visit's downloads had these addresses
    too. A visit kept its id, and no self-assessment is ever given one of those ids
    (``assessments`` migration 0006), so an id no self-assessment holds, that is a visit the
    user may see, goes to the visit's own address: old links and bookmarks keep working."""
    assessment = (Assessment.objects.visible_to(request.user)
                  .select_related("framework", "provider", "submitted_by").filter(pk=pk).first())
    if assessment is not None:
        return _record_download(request, assessment, fmt)
    if (not Assessment.objects.filter(pk=pk).exists()
            and visits().visible_to(request.user).filter(pk=pk).exists()):
        return redirect(f"reports:visit_{fmt}", pk=pk, permanent=True)
    raise Http404("No such self-assessment.")


@require_GET
@never_cache
def visit_download(request, pk, fmt):
    """A QA visit record (its own id sequence, so its own URLs): the PDF, or its ratings and
    notes as CSV / XLSX, in the copy the user may have."""
    visit = get_object_or_404(
        visits().visible_to(request.user).select_related("framework", "provider", "commissioner"),
        pk=pk,
    )
    return _record_download(request, visit, fmt)


@require_GET
@never_cache
def action_plan_download(request, slug, year, fmt):
    """A provider's action plan for an academic year (every framework), as PDF, CSV or XLSX.
    A year with no actions yet gives an empty plan, not an error."""
    provider = get_object_or_404(Organisation.objects.visible_to(request.user).providers(),
                                 slug=slug)
    period = period_from_slug(year)  # the URL pattern admits only a year slug
    audience = audience_for(request.user, provider)
    if fmt == "pdf":
        plan = (ActionPlan.objects.visible_to(request.user)
                .filter(provider=provider, period=period).first()
                or ActionPlan(provider=provider, period=period))
        plan.provider = provider  # already loaded
        content = render_action_plan_pdf(plan, audience=audience, user=request.user)
    else:
        table = action_plan_table(provider, period, user=request.user)
        content = to_csv(table) if fmt == "csv" else to_xlsx(table)
    return attachment(content, action_plan_filename(provider, period, fmt, audience=audience))
