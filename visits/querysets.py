"""Visibility of causes for concern."""
from django.db import models

from organisations.querysets import anonymous, commissioned_provider_ids


class ConcernQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Concerns about providers the user's partnership or local authority commissions
        (admins: all). A provider's own people never see them here."""
        if anonymous(user):
            return self.none()
        if user.is_admin:
            return self
        return self.filter(provider__in=commissioned_provider_ids(user))

    def open(self):
        """Concerns still waiting for the chair's decision."""
        from .models import Concern  # here: the models module imports this one

        return self.filter(status=Concern.Status.OPEN)
