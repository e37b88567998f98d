"""Notifications: one row per thing the portal tells one user (a reminder that an action is
due, an event such as a cause for concern raised: ``events``), with a link to that thing;
and each user's choice of how reminders and emails reach them.

``event_key`` names the event ("action-overdue:12:2026-03-01"): a user gets one notification
per event, held by a unique constraint, so a reminder run twice, or two workers at once,
never sends a second. Notifications are kept for twelve months (``services.prune``)."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's notifications are their own: no one else's, whatever their role (an
        administrator reads them in the admin)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        ACTION_DUE = "action_due", "Action due soon"
        ACTION_OVERDUE = "action_overdue", "Action overdue"
        RESPONSE_CLOSING = "response_closing", "Time to respond closing"
        RESPONSE_PASSED = "response_passed", "Time to respond passed"
        CONCERN_REVIEW = "concern_review", "Concern review date passed"
        VISIT_SOON = "visit_soon", "QA visit coming up"
        CONCERN_RAISED = "concern_raised", "Cause for concern raised"
        JUDGEMENTS_SHARED = "judgements_shared", "Visit judgements shared"
        VISIT_SHARED = "visit_shared", "Visit record shared"
        VISIT_RESPONDED = "visit_responded", "Provider responded to a visit"
        CONCERN_DECIDED = "concern_decided", "Decision on a cause for concern"
        ASSESSMENT_SUBMITTED = "assessment_submitted", "Self-assessment submitted"
        ASSESSMENT_SHARED = "assessment_shared", "Draft self-assessment shared"
        REVIEW_SHARED = "review_shared", "Review shared"
        REVIEW_REPLIED = "review_replied", "Provider replied to a review"
        REVIEW_FINALISED = "review_finalised", "Review finalised"
        EXPORT_READY = "export_ready", "Bulk export ready"
        EXPORT_FAILED = "export_failed", "Bulk export failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    event_key = models.CharField(max_length=120)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, help_text="The page the notification is about.")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # When its email went (alone or in a digest), set by the email task once the mail server
    # took it; never set for a user who takes none.
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the user's daily digest (cleared as the digest's email is queued).
    in_digest = models.BooleanField(default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event_key"],
                                    name="one_notification_per_user_and_event"),
        ]
        indexes = [
            # A user's list, newest first, and the header's unread count.
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True),
                         name="notification_user_unread"),
            # The daily digest's waiting rows.
            models.Index(fields=["created_at"], condition=Q(in_digest=True, emailed_at__isnull=True),
                         name="notification_digest_waiting"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.user})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How reminders and the emails of events (``events``) reach one user. A user without a
    row takes ``DEFAULT``."""

    class Reminders(models.TextChoices):
        IMMEDIATE = "immediate", "Email me each reminder as it falls due"
        DIGEST = "digest", "Email me one summary a day"
        NONE = "none", "Do not send me reminders"

    DEFAULT = Reminders.IMMEDIATE

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    reminders = models.CharField(max_length=20, choices=Reminders.choices, default=DEFAULT)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.get_reminders_display()}"
