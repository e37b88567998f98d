"""The visibility rules: which organisations, links and provider data a user may see.

Every queryset that returns organisation data goes through ``visible_to(user)``.
The rule, once:

- an admin (active Django staff) sees everything;
- a member of a provider sees that provider;
- a member of a partnership or local authority sees the providers it commissions
  (whatever the link's status: a de-commissioned provider's history stays visible);
- nobody else sees anything.
"""
from django.db import models
from django.db.models import Q

COMMISSIONER_KINDS = ("partnership", "local_authority")


def anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def visible_provider_ids(user) -> models.QuerySet:
    """A lazy subquery of the ids of every provider whose data the user may see (not for admins)."""
    from .models import Organisation

    if anonymous(user):
        return Organisation.objects.none().values("pk")
    return Organisation.objects.filter(
        Q(kind="provider", memberships__user=user)
        | Q(kind="provider", commissioned_by__commissioner__memberships__user=user),
    ).values("pk")


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations the user may see: their own, the providers they commission and,
        for a provider's members, the partnerships and LAs that commission it."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(
            Q(memberships__user=user)
            | Q(commissioned_by__commissioner__memberships__user=user)
            | Q(commissions__provider__memberships__user=user)
        ).distinct()

    def providers(self):
        """Only providers."""
        return self.filter(kind="provider")

    def commissioners(self):
        """Only partnerships and local authorities."""
        return self.filter(kind__in=COMMISSIONER_KINDS)


class ProviderScopedQuerySet(models.QuerySet):
    """Base for any model holding a provider's data: set ``provider_field`` to the path
    from the model to its provider (``"provider"`` or ``"assessment__provider"``)."""

    provider_field = "provider"

    def visible_to(self, user):
        """Rows belonging to providers the user may see."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(**{f"{self.provider_field}__in": visible_provider_ids(user)})

    def for_provider(self, provider):
        """Rows of one provider."""
        return self.filter(**{self.provider_field: provider})


class CommissioningQuerySet(ProviderScopedQuerySet):
    def active(self):
        """Links whose provider is still in use (not de-commissioned)."""
        return self.exclude(status="decommissioned")


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Memberships of organisations the user belongs to (admins: all)."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(organisation__memberships__user=user)

    def with_roles(self, *roles):
        """Memberships holding one of the roles."""
        return self.filter(role__in=roles)
