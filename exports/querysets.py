"""Visibility of bulk exports, in one place: an export is its requester's alone. Anyone else,
an administrator too, gets a 404 on its pages and download (administrators see every export,
with its failures, in the Django admin)."""
from django.db import models

from organisations.querysets import anonymous


class BulkExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own exports."""
        if anonymous(user):
            return self.none()
        return self.filter(requested_by=user)

    def in_states(self, states):
        """Exports in one of ``states`` (a group from ``exports.workflow``)."""
        return self.filter(state__in=states)
