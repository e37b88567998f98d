"""The record of every request that showed or gave someone learner-level rows: who, for which
organisation, when, what. Append-only: nothing in the portal changes or deletes a record but
the retention job (``LearnerAccess.objects.past_retention(...).delete()``)."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from organisations.models import Organisation

# Tests assert this.
APPEND_ONLY = "A record of access to learner-level data is never changed or deleted."


class AppendOnly(Exception):
    """Something asked to change or delete an access record."""


class AppendOnlyRecord(models.Model):
    """A record the portal only ever adds: saving an existing one or deleting one raises
    ``AppendOnly`` with ``kept_message`` (a queryset's ``delete()``, which the retention job
    alone calls, is not stopped)."""

    kept_message = APPEND_ONLY

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(self.kept_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(self.kept_message)


class AccessQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The records about the learners of the local authorities whose data-protection lead
        the user is (nobody else's, administrators' included)."""
        from .permissions import data_protection_las

        return self.filter(local_authority__in=[la.pk for la in data_protection_las(user)])


class LearnerAccess(AppendOnlyRecord):
    """One request that showed or gave learner-level rows of one local authority's learners
    (a request touching several LAs' learners leaves one record for each, in one insert)."""

    class Kind(models.TextChoices):
        LEARNER = "learner", "Learner's page"
        LIST = "list", "Learner list"
        DOWNLOAD = "download", "Learner-level download"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+")
    # Who, as they were named then: kept when the account is gone.
    who = models.CharField(max_length=254)
    # The organisation whose membership gave them the rows (empty: an administrator).
    acted_for = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    # Whose learners the rows were about: the LA whose data-protection lead reads the record.
    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                        related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The learner references shown or given, each between commas (",A-1,B-2,"), so that one
    # is found exactly; and the page's path with its search and filters.
    references = models.TextField()
    rows = models.PositiveIntegerField()
    path = models.CharField(max_length=500)
    purpose = models.CharField(max_length=200, blank=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["local_authority", "-at"], name="access_la_at")]
        verbose_name = "learner data access record"

    def __str__(self):
        return f"{self.who} – {self.get_kind_display()} – {self.at:%Y-%m-%d %H:%M}"

    @property
    def reference_list(self) -> list[str]:
        return [r for r in self.references.split(",") if r]
