"""Reads for bulk exports: who may export for which partnership or LA, the providers it
commissions, the years offered, the user's exports for the list, and the reports an export
holds (every one resolved through ``visible_to`` of the person who asked)."""
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from actionplans.models import ActionPlan
from assessments.selectors import self_assessments
from core.periods import period_starting, start_year
from organisations.models import Commissioning, Organisation
from organisations.permissions import can
from organisations.querysets import COMMISSIONER_KINDS, member_org_ids, memberships_of
from visits.selectors import visits as visit_records

from .models import BulkExport
from .permissions import NOT_ALLOWED

Report = BulkExport.Report

# How many academic years back the form offers, the current one included.
YEARS_OFFERED = 6


def export_organisations(user) -> list[Organisation]:
    """The partnerships and LAs the user may export for, by name (an admin: every one)."""
    organisations = Organisation.objects.commissioners().order_by("name")
    if not user.is_admin:
        organisations = organisations.filter(pk__in=member_org_ids(user, COMMISSIONER_KINDS))
    return [o for o in organisations if can(user, "exports.export_for", o)]


def pack_organisations(user) -> list[Organisation]:
    """The local authorities in use whose inspection pack the user may make, by name (no
    query: from the memberships read for the request)."""
    return sorted({m.organisation.pk: m.organisation for m in memberships_of(user)
                   if m.organisation.archived_at is None
                   and can(user, "exports.inspection_pack_for", m.organisation)}.values(),
                  key=lambda o: (o.name, o.pk))


def chosen_organisation(organisations: list[Organisation], slug) -> Organisation:
    """The organisation named by ``?org=<slug>`` among ``organisations``, or the first; a 403
    when there are none."""
    if not organisations:
        raise PermissionDenied(NOT_ALLOWED)
    return next((o for o in organisations if o.slug == slug), organisations[0])


def commissioned_providers(organisation):
    """The providers in use the organisation commissions through a link still in use, by
    name."""
    return (Organisation.objects.providers().in_use()
            .filter(pk__in=Commissioning.objects.active().filter(commissioner=organisation)
                    .values("provider_id"))
            .order_by("name"))


def years_offered(today: datetime.date) -> list[tuple[str, str]]:
    """The current academic year and the five before it, newest first."""
    start = start_year(today)
    return [(p, p) for p in (period_starting(y) for y in range(start, start - YEARS_OFFERED, -1))]


def exports_for_list(user):
    """The user's own exports, newest first, with the organisation (lazy: paginate it)."""
    return (BulkExport.objects.visible_to(user).select_related("organisation")
            .order_by("-created_at", "-pk"))


@dataclass
class Item:
    """One report an export holds: its provider, what it is, and the object to render."""

    provider: Organisation
    report: str  # a BulkExport.Report value
    label: str  # "SI QAF self-assessment", "QA visit record, 18 June 2026", "Action plan"
    obj: object  # an Assessment, a Visit or an ActionPlan


def _visit_label(visit) -> str:
    day = visit.visit_date
    return "QA visit record" + (f", {day.day} {day:%B %Y}" if day else "")


def export_providers(export: BulkExport, user) -> list[Organisation]:
    """The export's providers that ``user`` (its requester) may see now, by name: one query."""
    return list(Organisation.objects.visible_to(user).providers()
                .filter(pk__in=export.providers.values("pk")).order_by("name", "pk"))


def export_items(export: BulkExport, user, *, providers=None) -> list[Item]:
    """The reports of the export's providers (``export_providers``, unless given) and year that
    ``user`` (its requester) may see now, as the single downloads resolve them: by provider
    name, then self-assessments, QA visits and action plans: each from its own domain, one
    query each at most, whatever the number of providers."""
    if providers is None:
        providers = export_providers(export, user)
    provider_ids = [provider.pk for provider in providers]
    items: list[Item] = []
    if Report.SELF_ASSESSMENTS in export.reports:
        assessments = (self_assessments().visible_to(user)
                       .filter(provider_id__in=provider_ids, period=export.period)
                       .select_related("framework", "provider", "submitted_by")
                       .order_by("framework__name", "pk"))
        items += [Item(a.provider, Report.SELF_ASSESSMENTS, a.framework.name, a)
                  for a in assessments]
    if Report.VISITS in export.reports:
        visits = (visit_records().visible_to(user)
                  .filter(provider_id__in=provider_ids, period=export.period)
                  .select_related("framework", "provider", "commissioner")
                  .order_by("framework__name", "visited_on", "planned_visit_date", "pk"))
        items += [Item(v.provider, Report.VISITS, _visit_label(v), v) for v in visits]
    if Report.ACTION_PLANS in export.reports:
        plans = (ActionPlan.objects.visible_to(user)
                 .filter(provider_id__in=provider_ids, period=export.period)
                 .select_related("provider"))
        items += [Item(plan.provider, Report.ACTION_PLANS, "Action plan", plan) for plan in plans]
    order = [Report.SELF_ASSESSMENTS, Report.VISITS, Report.ACTION_PLANS]
    items.sort(key=lambda i: (i.provider.name, i.provider.pk, order.index(i.report)))
    return items
