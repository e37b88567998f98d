"""Who sees which due-diligence checks: the one rule (``CheckQuerySet.visible_to``)."""
from django.db import models
from django.db.models import Q

from organisations.querysets import ProviderScopedQuerySet, anonymous, member_org_ids


class CheckQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A check is the commissioner's working: its members see it, and the provider's
        people (who are asked for its evidence) see the checks of their provider; an
        administrator sees all. Another commissioner of the same provider does not."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        orgs = list(member_org_ids(user))
        return self.filter(Q(commissioner_id__in=orgs) | Q(provider_id__in=orgs))


class SupportQuerySet(ProviderScopedQuerySet):
    """A provider's support log is seen by whoever sees the provider (its people, the
    partnerships and local authorities that commission it, administrators)."""


class AgreementQuerySet(ProviderScopedQuerySet):
    """An agreement is seen by whoever sees its commissioning link (the link's provider)."""

    provider_field = "link__provider"

    def in_force(self, day):
        """Agreements running on ``day``."""
        return self.filter(models.Q(ends__isnull=True) | models.Q(ends__gte=day), starts__lte=day)


class DecommissioningQuerySet(ProviderScopedQuerySet):
    """A de-commissioning is seen by whoever sees its link's provider."""

    provider_field = "link__provider"
