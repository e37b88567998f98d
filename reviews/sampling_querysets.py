"""Visibility of moderation samples, in one place: admins see every sample; members of the
sampling partnership or LA see its samples (current and superseded); nobody else sees any,
not even the sampled providers (being drawn is the moderators' business until they review)."""
from django.db import models

from organisations.querysets import anonymous, member_org_ids


class ModerationSampleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Samples the user may see (see the module docstring for the rule)."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(organisation_id__in=member_org_ids(user))

    def of_organisation(self, organisation):
        """One partnership's or LA's samples."""
        return self.filter(organisation=organisation)

    def current(self):
        """Samples not superseded by a later draw (one per organisation and year)."""
        return self.filter(superseded_at__isnull=True)


class SampleChildQuerySet(models.QuerySet):
    """A sample's strata and providers: visible when their sample is."""

    def visible_to(self, user):
        """Rows whose sample the user may see."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(sample__organisation_id__in=member_org_ids(user))
