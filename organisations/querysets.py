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

COMMISSIONER_KINDS = ("partnership", "local_authority")


def anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def member_org_ids(user) -> models.QuerySet:
    """The ids of the organisations the user belongs to (a lazy subquery on the membership
    index: its cost follows the user's memberships, not the size of the service)."""
    from .models import Membership

    return Membership.objects.filter(user=user).order_by().values("organisation_id")


def commissioned_provider_ids(user) -> models.QuerySet:
    """The ids of the providers commissioned by any organisation the user belongs to
    (whatever the link's status), through the commissioner index."""
    from .models import Commissioning

    return (Commissioning.objects.filter(commissioner_id__in=member_org_ids(user),
                                         provider__kind="provider")
            .order_by().values("provider_id"))


def visible_provider_ids(user) -> models.QuerySet:
    """A lazy subquery of the ids of every provider whose data the user may see (not for
    admins): the providers they belong to and those their organisations commission. A union
    of two id sets, each read through an index, so a provider lead's query reads its own
    rows, not every organisation and link."""
    from .models import Membership

    if anonymous(user):
        return Membership.objects.none().values("organisation_id")
    own = (Membership.objects.filter(user=user, organisation__kind="provider")
           .order_by().values("organisation_id"))
    return own.union(commissioned_provider_ids(user))


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations the user may see: their own, the providers they commission and,
        for a provider's members, the partnerships and LAs that commission it."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        from .models import Commissioning

        # Their own organisations, the providers those commission, and the commissioners
        # of the providers they belong to: three id sets, each through an index.
        commissioners_of_theirs = (Commissioning.objects
                                   .filter(provider_id__in=member_org_ids(user))
                                   .order_by().values("commissioner_id"))
        return self.filter(pk__in=member_org_ids(user).union(
            commissioned_provider_ids(user), commissioners_of_theirs))

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
        return self.filter(organisation_id__in=member_org_ids(user))

    def with_roles(self, *roles):
        """Memberships holding one of the roles."""
        return self.filter(role__in=roles)
