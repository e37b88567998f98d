"""Every event the portal tells people of as it happens, in one table: who is told, what the
notice says, and which service sends it (the reminders of dates are ``reminders.rules``).

The apps above this one send them: a service calls ``services.notify_event(EVENT, ...)``
inside its own transaction, naming the people in the audience the table describes (read
with ``notifications.audiences`` or the app's own selectors) and the person who acted, who is
never told of their own action. Each person is told once per event (the event key below,
with the thing's id, is unique per person): in the portal always, and by email as they chose
(``Preference``), except where ``always_email`` says it goes at once whatever they chose.

The subject and body are ``str.format`` templates; the sender passes their fields. The table
of events in docs/users/notifications.md lists every ``title`` (a test checks)."""
from dataclasses import dataclass

from .models import Notification

Kind = Notification.Kind


@dataclass(frozen=True)
class Event:
    """One thing that happens and who must act on it or know of it."""

    key: str  # the event key's prefix: "<key>:<the thing's id>"
    kind: str  # Notification.Kind, shown on the notifications page
    title: str  # the event, in the words of the user guide's table
    audience: str  # who is told, in words
    sent_by: str  # the function that calls notify_event with it (dotted path)
    subject: str
    body: str
    always_email: bool = False  # emailed at once whatever the person chose

    def key_for(self, about) -> str:
        return f"{self.key}:{about}"


VISIT_SHARED = Event(
    "visit-shared", Kind.VISIT_SHARED,
    "A QA visit record is shared with the provider for its evidence",
    "the provider's lead and staff", "visits.notices.visit_shared",
    "QA visit record shared: {partnership}",
    "{partnership} has shared its QA visit record for {provider} (visit planned for "
    "{date}). Add the provider's evidence to each requirement before the visit.")

JUDGEMENTS_SHARED = Event(
    "judgements-shared", Kind.JUDGEMENTS_SHARED,
    "A QA visit's judgements are shared with the provider",
    "the provider's leads", "visits.notices.judgements_shared",
    "QA visit judgements shared: {partnership}",
    "{partnership} has shared the judgements of its QA visit to {provider} ({date}). You can "
    "respond until {due}; after that the partnership may finalise the visit without your "
    "response.")

VISIT_RESPONDED = Event(
    "visit-responded", Kind.VISIT_RESPONDED,
    "The provider responds to a QA visit's judgements",
    "the visiting officers (the visit's team, else the partnership's officers)",
    "visits.notices.visit_responded",
    "{provider} has responded to the QA visit judgements",
    "{provider} has responded to the judgements of {partnership}’s QA visit ({date}). Read "
    "the response; you can now finalise the visit.")

CONCERN_RAISED = Event(
    "concern-raised", Kind.CONCERN_RAISED,
    "A cause for concern is raised (Red in a key aspect)",
    "the partnership's chairs", "visits.notices.concern_raised",
    "Cause for concern: {provider}, {section}",
    "The QA visit to {provider} on {date} judged {section} Red (cause for concern). "
    "{section} is {basis}. As chair of {partnership}, please record a decision about the "
    "future use of the provider. Recorded by {raised_by}.",
    always_email=True)

CONCERN_RAISED_FOR_COMMISSIONERS = Event(
    "concern-raised-la", Kind.CONCERN_RAISED,
    "A cause for concern is raised about a provider a local authority commissions",
    "the LA commissioners of every local authority that commissions the provider",
    "visits.notices.concern_raised",
    "Cause for concern: {provider}, {section}",
    "{partnership}’s QA visit to {provider} on {date} judged {section} Red (cause for "
    "concern). {section} is {basis}. The partnership's chair will record a decision about "
    "the future use of the provider; you will be told of it.")

CONCERN_DECIDED = Event(
    "concern-decided", Kind.CONCERN_DECIDED,
    "The partnership's chair decides on a cause for concern",
    "the visiting officers, and the LA commissioners of every local authority that "
    "commissions the provider", "visits.notices.concern_decided",
    "Decision on the cause for concern: {provider}",
    "{chair}, chair of {partnership}, decided “{decision}” on the cause for concern about "
    "{provider} ({section}). {partnership}’s commissioning of {provider} is now {status}.")

SELF_ASSESSMENT_SUBMITTED = Event(
    "assessment-submitted", Kind.ASSESSMENT_SUBMITTED,
    "A provider submits a self-assessment",
    "the LA commissioners and partnership officers of every organisation that commissions "
    "the provider", "assessments.notices.assessment_submitted",
    "{framework} {period} submitted: {provider}",
    "{provider} has submitted its {framework} for {period}. You can read it and start a "
    "review.")

SELF_ASSESSMENT_SHARED = Event(
    "assessment-shared", Kind.ASSESSMENT_SHARED,
    "A provider shares a draft self-assessment with its commissioners",
    "the LA commissioners and partnership officers of every organisation that commissions "
    "the provider", "assessments.notices.assessment_shared",
    "Draft {framework} {period} shared: {provider}",
    "{provider} has shared its draft {framework} for {period} with its commissioners. It "
    "may still change before it is submitted.")

REVIEW_SHARED = Event(
    "review-shared", Kind.REVIEW_SHARED,
    "A commissioner's review of a self-assessment is shared with the provider",
    "the provider's leads", "reviews.notices.review_shared",
    "Review of your {framework} {period} shared: {organisation}",
    "{organisation} has shared its review of {provider}’s {framework} for {period}. Read it "
    "and reply to its comments, or respond to the review as a whole.")

REVIEW_REPLIED = Event(
    "review-replied", Kind.REVIEW_REPLIED,
    "The provider replies to a shared review",
    "the reviewer who started the review", "reviews.notices.review_replied",
    "{provider} has replied to your review",
    "{provider} has replied to {organisation}’s review of its {framework} for {period}. "
    "Read the replies; finalise the review when you are ready.")

REVIEW_FINALISED = Event(
    "review-finalised", Kind.REVIEW_FINALISED,
    "A review is finalised",
    "the reviewer who started the review, and the provider's leads",
    "reviews.notices.review_finalised",
    "Review finalised: {provider}, {framework} {period}",
    "{organisation}’s review of {provider}’s {framework} for {period} is final and can no "
    "longer change. Every commissioner of {provider} can now read it.")

EXPORT_READY = Event(
    "export-ready", Kind.EXPORT_READY,
    "A bulk export is ready to download",
    "the person who asked for it", "exports.notices.export_ready",
    "{title} ready: {organisation}, {period}",
    "Your {what} for {period} is ready. You can download it until {expires}.")

EXPORT_FAILED = Event(
    "export-failed", Kind.EXPORT_FAILED,
    "A bulk export fails",
    "the person who asked for it", "exports.notices.export_failed",
    "{title} failed: {organisation}, {period}",
    "Your {what} for {period} could not be made. {reason}")

EVENTS: tuple[Event, ...] = (
    VISIT_SHARED, JUDGEMENTS_SHARED, VISIT_RESPONDED, CONCERN_RAISED,
    CONCERN_RAISED_FOR_COMMISSIONERS, CONCERN_DECIDED, SELF_ASSESSMENT_SUBMITTED,
    SELF_ASSESSMENT_SHARED, REVIEW_SHARED, REVIEW_REPLIED, REVIEW_FINALISED, EXPORT_READY,
    EXPORT_FAILED,
)
