"""API tokens (an organisation's key for a BI tool: shown once, kept hashed, revocable) and the
record of every request made with one."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from organisations.models import Organisation


class Scope(models.TextChoices):
    QUALITY = "quality", "Quality data"
    OUTCOMES = "outcomes", "Outcome figures"


# What each scope gives, for the form that makes a token.
SCOPE_HINTS = {
    Scope.QUALITY: "Providers, frameworks, self-assessments, visits, actions and reviews.",
    Scope.OUTCOMES: "Outcome figures, added up and suppressed as on the dashboard; never "
                    "learners' rows.",
}


class TokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """One organisation's token. The secret is ``qap_<prefix>_<rest>``: the prefix finds the
    row, the SHA-256 of the whole secret is what is kept (it is random and long, so a plain
    hash is enough); the secret itself is shown once, when it is made."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, such as “Power BI”.")
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    # Each request's bookkeeping, written with one UPDATE (no history row for it).
    last_used_at = models.DateTimeField(null=True, blank=True)
    use_count = models.PositiveBigIntegerField(default=0)
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["last_used_at", "use_count", "window_start",
                                                 "window_count"])
    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="token_org_made")]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def usable(self) -> bool:
        return not self.revoked and not self.expired

    def scope_labels(self) -> list[str]:
        return [Scope(scope).label for scope in self.scopes if scope in Scope.values]


class ApiRequest(models.Model):
    """One request made with a token: the endpoint, its query string, the answer's status and
    how many rows it gave. The token's organisation's lead reads them."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="requests")
    at = models.DateTimeField(default=timezone.now)
    path = models.CharField(max_length=200)
    query = models.CharField(max_length=500, blank=True)
    status = models.PositiveSmallIntegerField()
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"], name="api_request_token_at")]

    def __str__(self):
        return f"{self.path} {self.status}"
