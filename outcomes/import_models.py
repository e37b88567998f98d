"""An uploaded outcomes file kept between its preview and its confirmation."""
from django.conf import settings
from django.db import models

from organisations.models import Organisation


class OutcomeImport(models.Model):
    """One upload by one LA commissioner: the file's bytes as uploaded, so that Confirm applies
    exactly the file that was previewed (checked again then, never a stale plan)."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEWED)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.filename} for {self.local_authority} ({self.get_state_display().lower()})"
