"""Invitations: a person asked by email to join one organisation in one role.

An invitation is pending until it is accepted or withdrawn; its link works only while it is
pending and unexpired. Only a hash of the link's secret is stored (``tokens``): each email
sent makes a new secret, so the newest email's link is the one that works.
"""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from organisations.models import Membership, Organisation


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor withdrawn (expired ones included: a lead may send them again)."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def visible_to(self, user):
        """Invitations into the organisations the user leads (administrators: all)."""
        from .grants import led_organisation_ids

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(organisation_id__in=led_organisation_ids(user))


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="invitations")
    email = models.EmailField("email address")
    role = models.CharField(max_length=30, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The link's secret, hashed (``tokens.digest``); empty until the first email is made.
    token_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Sending, as the task worker recorded it.
    sent_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    send_error = models.CharField(max_length=100, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One pending invitation per address and organisation: inviting again resends.
            models.UniqueConstraint(
                fields=["organisation", "email"], name="one_pending_invitation_per_address",
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True)),
            models.CheckConstraint(
                name="invitation_accepted_or_withdrawn_not_both",
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.email} to {self.organisation} as {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class SignInDomain(models.Model):
    """An email domain whose people may sign in to an organisation with single sign-on
    (``single_sign_on``): the organisation's own, which its identity provider vouches for.
    An organisation that lists none does not use single sign-on."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="sign_in_domains")
    domain = models.CharField(
        "email domain", max_length=253,
        help_text="The part after @, for example leicestershire.gov.uk.",
        validators=[RegexValidator(
            r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
            "Enter a domain such as leicestershire.gov.uk: lower-case letters, digits, "
            "hyphens and dots, without @.")])

    class Meta:
        ordering = ["organisation__name", "domain"]
        constraints = [models.UniqueConstraint(fields=["organisation", "domain"],
                                               name="one_sign_in_domain_per_organisation")]

    def __str__(self):
        return f"{self.domain} ({self.organisation})"

    def clean_fields(self, exclude=None):
        # "@Leics.gov.uk " is what someone means by leics.gov.uk.
        self.domain = (self.domain or "").strip().lower().removeprefix("@")
        super().clean_fields(exclude)
