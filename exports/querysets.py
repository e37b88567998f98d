"""Visibility of bulk exports, in one place: an export is its requester's alone, and only while
they may still export for the partnership or LA it was made for (someone removed from it loses
its exports with it). Anyone else, an administrator too, gets a 404 on its pages and download
(administrators see every export, with its failures, in the Django admin)."""
from django.db import models

from organisations.querysets import anonymous


class BulkExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own exports, for organisations they may still export for."""
        from .permissions import exporting_org_ids

        if anonymous(user):
            return self.none()
        own = self.filter(requested_by=user)
        if user.is_admin:
            return own
        return own.filter(organisation_id__in=exporting_org_ids(user))

    def in_states(self, states):
        """Exports in one of ``states`` (a group from ``exports.workflow``)."""
        return self.filter(state__in=states)
