"""Reads of the commissioning cycle that other apps' pages show, each one query."""
from django.db.models import Max

from .models import DueDiligenceCheck


def last_checked(organisation, provider_ids) -> dict:
    """When ``organisation`` last decided a due-diligence check of each provider: {provider
    id: the decision's date-time}, for the providers that have one (one query)."""
    return dict(DueDiligenceCheck.objects
                .filter(commissioner=organisation, provider_id__in=list(provider_ids),
                        decided_at__isnull=False)
                .order_by().values("provider_id").annotate(last=Max("decided_at"))
                .values_list("provider_id", "last"))
