"""Visibility of reviews, in one place:

- admins see every review;
- members of the reviewing partnership or LA see their organisation's reviews in every state;
- members of the provider whose self-assessment is reviewed see reviews once shared
  (``workflow.PROVIDER_SEES``);
- members of any other organisation commissioning the provider see final reviews only
  (``workflow.FINAL``), so every commissioner shares one picture;
- nobody else sees any.

Internal notes go further: only the reviewing organisation (and admins) read them
(``reviews.view_review_internal_notes``, applied by ``selectors.items_for``).
"""
from django.db import models
from django.db.models import Q

from organisations.models import Organisation
from organisations.querysets import (
    COMMISSIONER_KINDS,
    anonymous,
    commissioned_provider_ids,
    member_org_ids,
)


def review_visibility(user, prefix="") -> Q:
    """The Q object for reviews the user may see; ``prefix`` reaches the review. Only the
    branches the user's memberships give them are asked."""
    from . import workflow  # here: the workflow module imports the models, which import this

    p = prefix
    branches = []
    providers = member_org_ids(user, (Organisation.Kind.PROVIDER,))
    if providers:
        branches.append(Q(**{f"{p}assessment__provider__in": providers,
                             f"{p}state__in": workflow.PROVIDER_SEES}))
    commissioners = member_org_ids(user, COMMISSIONER_KINDS)
    if commissioners:
        branches.append(Q(**{f"{p}organisation__in": commissioners}))
        branches.append(Q(**{f"{p}assessment__provider__in": commissioned_provider_ids(user),
                             f"{p}state__in": workflow.FINAL}))
    q = Q(**{f"{p}pk__in": []})
    for branch in branches:
        q |= branch
    return q


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reviews the user may see (see the module docstring for the rule)."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(review_visibility(user))

    def of_assessment(self, assessment):
        """The reviews of one self-assessment."""
        return self.filter(assessment=assessment)


class ReviewChildQuerySet(models.QuerySet):
    """Review items and section comments: visible when their review is."""

    def visible_to(self, user):
        """Rows whose review the user may see."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(review_visibility(user, prefix="review__"))
