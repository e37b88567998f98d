"""Visibility of learners and their outcomes, in one place.

Learner-level rows (``visible_to``):
- admins see every row;
- members of a local authority see its own learners and their outcomes, never another LA's;
- members of a provider see the outcomes of learners at that provider only where the
  learner's LA shares learner rows with it (``LearnerSharing``), and those learners;
- nobody else (partnerships included) sees any learner row.

Aggregates (``in_aggregates_for``) are wider: a provider's people count every outcome at
their provider, a partnership's (or a school's or trust's) every outcome at a provider it
commissions, an LA's every outcome of its own learners. What providers and those other
commissioners see of them is suppressed below five learners (``outcomes.aggregates``).
"""
from django.db import models
from django.db.models import Exists, OuterRef, Q

from organisations.kinds import COMMISSIONER_KINDS
from organisations.models import Organisation
from organisations.querysets import anonymous, commissioned_provider_ids, member_org_ids

LA_KINDS = (Organisation.Kind.LOCAL_AUTHORITY,)
# Those who commission providers but are not the learners' LA: partnerships, schools, trusts.
OTHER_COMMISSIONER_KINDS = tuple(kind for kind in COMMISSIONER_KINDS if kind not in LA_KINDS)
PROVIDER_KINDS = (Organisation.Kind.PROVIDER,)


def _shared_with_provider(prefix: str):
    """``Exists`` a sharing row from the outcome's learner's LA to the outcome's provider."""
    from .models import LearnerSharing

    return Exists(LearnerSharing.objects.filter(
        local_authority=OuterRef(f"{prefix}local_authority"),
        provider=OuterRef(f"{prefix}provider")))


def _own_rows(user, *, shared_only: bool) -> Q:
    """The outcome rows of the user's own local authorities' learners and of their own
    providers (with ``shared_only``, a provider's only where the LA shares learner rows)."""
    q = Q(pk__in=[])
    las = member_org_ids(user, LA_KINDS)
    if las:
        q |= Q(local_authority__in=las)
    providers = member_org_ids(user, PROVIDER_KINDS)
    if providers:
        q |= (Q(Q(provider__in=providers) & Q(_shared_with_provider(""))) if shared_only
              else Q(provider__in=providers))
    return q


class AggregatedQuerySet(models.QuerySet):
    """Rows with a ``local_authority`` (the learner's) and a ``provider`` that aggregates
    count: goal outcomes, and the steps towards medium-term outcomes."""

    def in_aggregates_for(self, user):
        """Rows the user's aggregates count (see the module docstring)."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        q = _own_rows(user, shared_only=False)
        if member_org_ids(user, OTHER_COMMISSIONER_KINDS):
            q |= Q(provider__in=commissioned_provider_ids(user))
        return self.filter(q)


class OutcomeQuerySet(AggregatedQuerySet):
    def visible_to(self, user):
        """Outcome rows the user may read one by one (see the module docstring)."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(_own_rows(user, shared_only=True))


class LearnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Learners whose rows the user may read: their LA's people, and a provider's people
        for learners with an outcome at the provider that the LA shares with it."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        from .models import GoalOutcome

        q = Q(pk__in=[])
        las = member_org_ids(user, LA_KINDS)
        if las:
            q |= Q(local_authority__in=las)
        if member_org_ids(user, PROVIDER_KINDS):
            q |= Q(Exists(GoalOutcome.objects.visible_to(user).filter(learner=OuterRef("pk"))))
        return self.filter(q)


class SharingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sharing settings: the LA's people and the provider's people, and admins."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        ids = member_org_ids(user, LA_KINDS + PROVIDER_KINDS)
        return self.filter(Q(local_authority__in=ids) | Q(provider__in=ids))


class ProgressQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Progress a provider sent: the provider's people (who sent it) and the people of
        the local authority it was sent to, and admins."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(Q(local_authority__in=member_org_ids(user, LA_KINDS))
                           | Q(provider__in=member_org_ids(user, PROVIDER_KINDS)))
