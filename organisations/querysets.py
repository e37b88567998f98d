"""The visibility rules: which organisations, links and provider data a user may see.

Every queryset that returns organisation data goes through ``visible_to(user)``.
The rule, once:

- an admin (active Django staff) sees everything;
- a member of a provider sees that provider;
- a member of a partnership or local authority sees the providers it commissions
  (whatever the link's status: a de-commissioned provider's history stays visible);
- nobody else sees anything.
"""
import copy

from django.db import models

from .kinds import COMMISSIONER_KINDS, OrganisationKind


def anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


MEMBERSHIPS = "_qaportal_memberships"


def memberships_of(user) -> list:
    """The user's memberships with their organisations, by organisation name.

    Read once per user object, which in a request is once per request, and shared by the
    visibility rule, the permission predicates and the page's navigation. Saving or deleting
    a membership forgets it for that membership's user (``forget_memberships``)."""
    cached = getattr(user, MEMBERSHIPS, None)
    if cached is None:
        from .models import Membership

        cached = list(Membership.objects.filter(user=user).select_related("organisation")
                      .order_by("organisation__name")) if not anonymous(user) else []
        setattr(user, MEMBERSHIPS, cached)
    return cached


def reader_of(user) -> tuple:
    """Who reads, for the key of work kept for them (``core.kept``): the user, whether an
    admin, and their memberships (organisation and role). Each reader's kept figures are their
    own, and change with what they may see. No query beyond ``memberships_of``'s."""
    return (user.pk, user.is_admin,
            sorted((m.organisation_id, m.role) for m in memberships_of(user)))


def narrowed_to(user, organisation):
    """The user as one of ``organisation``'s own people only: a copy of the user object whose
    memberships are those in that organisation, and no administrator's rights. Every
    ``visible_to`` and aggregate then gives what the organisation's people see (a document
    made for the organisation, such as its inspection pack, holds nothing of the user's other
    organisations). For reading only: never saved."""
    reader = copy.copy(user)
    reader.is_staff = reader.is_superuser = False
    setattr(reader, MEMBERSHIPS, [m for m in memberships_of(user)
                                  if m.organisation_id == organisation.pk])
    return reader


def forget_memberships(user) -> None:
    """Drop what ``memberships_of`` remembered about ``user`` (their memberships changed)."""
    user.__dict__.pop(MEMBERSHIPS, None)
    user.__dict__.pop("_qaportal_roles", None)


def member_org_ids(user, kinds=None) -> list[int]:
    """The ids of the user's organisations (of these kinds, if given). A short list of
    numbers, so a query using it starts from those rows through an index."""
    return [m.organisation_id for m in memberships_of(user)
            if kinds is None or m.organisation.kind in kinds]


def commissioned_provider_ids(user):
    """The ids of the providers commissioned by any organisation the user belongs to
    (whatever the link's status): a subquery through the commissioner index, or an empty
    list for a user in no partnership or LA."""
    from .models import Commissioning

    commissioners = member_org_ids(user, COMMISSIONER_KINDS)
    if not commissioners:
        return []
    return (Commissioning.objects.filter(commissioner_id__in=commissioners,
                                         provider__kind=OrganisationKind.PROVIDER)
            .order_by().values("provider_id"))


def visible_provider_ids(user):
    """The ids of every provider whose data the user may see (not for admins): the providers
    they belong to and those their organisations commission. Only the parts the user has are
    asked: a provider's people get their own ids as numbers, a commissioner one subquery on
    the commissioner index, so a query's cost follows the user's share of the service."""
    from .models import Organisation

    own = member_org_ids(user, (OrganisationKind.PROVIDER,))
    if not member_org_ids(user, COMMISSIONER_KINDS):
        return own
    if not own:
        return commissioned_provider_ids(user)
    return (Organisation.objects.filter(pk__in=own).order_by().values("pk")
            .union(commissioned_provider_ids(user)))


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
        # of the providers they belong to: a union of the id sets the user has, each read
        # through an index.
        more = []
        if member_org_ids(user, COMMISSIONER_KINDS):
            more.append(commissioned_provider_ids(user))
        providers = member_org_ids(user, (OrganisationKind.PROVIDER,))
        if providers:
            more.append(Commissioning.objects.filter(provider_id__in=providers)
                        .order_by().values("commissioner_id"))
        if not more:
            return self.filter(pk__in=member_org_ids(user))
        # The user's own ids from the memberships read for the request (not a query on
        # the user's memberships: a reader narrowed to one organisation, ``narrowed_to``,
        # then sees that organisation's share only).
        return self.filter(pk__in=self.model.objects.filter(pk__in=member_org_ids(user))
                           .order_by().values("pk").union(*more))

    def in_use(self):
        """Only organisations not archived: what lists show and new work starts with."""
        return self.filter(archived_at__isnull=True)

    def providers(self):
        """Only providers."""
        return self.filter(kind=OrganisationKind.PROVIDER)

    def commissioners(self):
        """Only the organisations that commission providers (``kinds.COMMISSIONER_KINDS``)."""
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
    def in_use(self):
        """Links between two organisations neither of which is archived."""
        return self.filter(provider__archived_at__isnull=True,
                           commissioner__archived_at__isnull=True)

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


def acting_as(user, organisation, role: str):
    """``user`` read as holding ``role`` in ``organisation`` and nothing else (no other
    membership, no administrator's rights): what that organisation's people in that role see,
    whoever ``user`` is (an API token's maker, say, who may be an administrator or have left).
    For reading only: never saved."""
    from .models import Membership

    reader = copy.copy(user)
    reader.is_staff = reader.is_superuser = False
    setattr(reader, MEMBERSHIPS, [Membership(user=user, organisation=organisation, role=role)])
    return reader
