"""Writes about people: invitations (made, sent, resent, withdrawn, accepted) and an
organisation's memberships (role changed, removed). Each is a transaction that leaves a
history row naming who, and for memberships why.

Who may do what is ``grants``: an organisation's lead (or an administrator) acts on that
organisation's people only, and gives no role above what ``grants.GRANTS`` lets them.
"""
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.history import delete_with_history, save_with_history
from organisations.models import NOT_AN_LA_FOR_DATA_PROTECTION, Membership, Organisation, User
from organisations.signin import normalise_email

from . import grants, removed_hooks, tokens
from .models import Invitation

NOT_YOURS = "You cannot manage the people of this organisation."
ROLE_NOT_YOURS = "You cannot give that role. Choose one of those listed."
ALREADY_MEMBER = "{email} is already a member of {organisation} ({role})."
ALREADY_INVITED = ("{email} was already invited on {date}. To send the email again, use "
                   "“Resend” in the list of invitations.")
LAST_LEAD = ("{organisation} must keep at least one {role}. Give someone else that role "
             "first.")
HAS_LEAD = "{organisation} has a lead already: its lead invites its people."
NOT_PENDING = "This invitation has already been accepted or withdrawn."
REASON_REQUIRED = "Give the reason for the change."
SAME_ROLE = "{name} is already {role}. Choose a different role."
ALREADY_DATA_PROTECTION_LEAD = "{name} is already a data-protection lead."
NOT_DATA_PROTECTION_LEAD = "{name} is not a data-protection lead."
ARCHIVED = "{organisation} is archived: nobody new is invited into it. Restore it first."


class InvitationUnusable(Exception):
    """An invitation link that cannot be used; ``reason`` says why, for the page."""

    INVALID, EXPIRED, USED, WITHDRAWN = "invalid", "expired", "used", "withdrawn"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def valid_for() -> datetime.timedelta:
    return datetime.timedelta(days=settings.INVITATION_VALID_DAYS)


def _require_lead(by, organisation):
    if not grants.leads(by, organisation):
        raise PermissionDenied(NOT_YOURS)


def _require_grantable(by, organisation, role, field="role"):
    if role not in grants.grantable_roles(by, organisation):
        raise ValidationError({field: ROLE_NOT_YOURS})


@transaction.atomic
def invite(*, organisation: Organisation, email: str, role: str, by: User,
           base_url: str = "") -> Invitation:
    """Invite ``email`` into ``organisation`` as ``role`` and queue the email."""
    _require_lead(by, organisation)
    if organisation.is_archived:
        raise ValidationError(ARCHIVED.format(organisation=organisation.name))
    _require_grantable(by, organisation, role)
    return _invite(organisation=organisation, email=email, role=role, by=by, base_url=base_url)


def _invite(*, organisation, email, role, by, base_url) -> Invitation:
    email = normalise_email(email)
    member = (Membership.objects.filter(organisation=organisation, user__email__iexact=email)
              .select_related("user").first())
    if member and member.user.is_active:
        raise ValidationError({"email": ALREADY_MEMBER.format(
            email=email, organisation=organisation, role=member.get_role_display())})
    pending = Invitation.objects.pending().filter(organisation=organisation, email=email).first()
    if pending:
        raise ValidationError({"email": ALREADY_INVITED.format(
            email=email, date=timezone.localtime(pending.created_at).strftime("%-d %B %Y"))})
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=by)
    invitation.full_clean()
    save_with_history(invitation, by=by, reason="invited")
    _queue_email(invitation, base_url)
    return invitation


@transaction.atomic
def first_lead_invite(*, organisation: Organisation, email: str, by: User,
                      base_url: str = "") -> Invitation:
    """Invite the first lead of an organisation that has none, for a service that has already
    decided ``by`` may (a commissioner checking a prospective provider, by its own rule).
    Once the organisation has a lead, only the lead (or an administrator) invites."""
    if grants.has_lead(organisation):
        raise PermissionDenied(HAS_LEAD.format(organisation=organisation))
    return _invite(organisation=organisation, email=email, role=grants.lead_role(organisation),
                   by=by, base_url=base_url)


@transaction.atomic
def resend(*, invitation: Invitation, by: User, base_url: str = "") -> Invitation:
    """Send a pending invitation's email again, with a new link (the old one stops working)
    valid for the full period from when it is sent."""
    _require_lead(by, invitation.organisation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(NOT_PENDING)
    _queue_email(invitation, base_url)
    return invitation


@transaction.atomic
def withdraw(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw a pending invitation: its link stops working at once."""
    _require_lead(by, invitation.organisation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(NOT_PENDING)
    invitation.withdrawn_at = timezone.now()
    invitation.token_hash = ""
    save_with_history(invitation, by=by, reason="withdrawn")
    return invitation


def _queue_email(invitation: Invitation, base_url: str) -> None:
    from .tasks import send_invitation

    # The task is a row in the same database: queued in this transaction, it is lost with
    # it if the invitation is not saved, and cannot be lost if it is.
    send_invitation.enqueue(invitation.pk, base_url)


def deliver(invitation_id: int, *, base_url: str = "") -> str:
    """Make a new link for a pending invitation and email it (the task's work). Raises what
    the mail server raised, after recording the attempt; the link then is not stored."""
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update().select_related("organisation",
                                                                             "invited_by")
                      .filter(pk=invitation_id).first())
        if invitation is None or not invitation.is_pending:
            return "not sent: the invitation is no longer pending"
        secret = tokens.new_secret()
        now = timezone.now()
        expires_at = now + valid_for()
        path = reverse("people:accept", kwargs={"token": tokens.make(invitation.pk, secret)})
        link = (base_url or settings.SITE_URL).rstrip("/") + path
        context = {"invitation": invitation, "link": link, "expires_at": expires_at,
                   "service": settings.SERVICE_NAME}
        subject = f"You are invited to join {invitation.organisation} on {settings.SERVICE_NAME}"
        invitation.send_attempts += 1
        try:
            send_mail(subject, render_to_string("people/invitation_email.txt", context), None,
                      [invitation.email])
        except OSError as error:
            refused = error
            invitation.send_error = type(error).__name__[:100]
            invitation.save(update_fields=["send_attempts", "send_error"])
        else:
            refused = None
            invitation.token_hash = tokens.digest(secret)
            invitation.expires_at = expires_at
            invitation.sent_at = now
            invitation.send_error = ""
            save_with_history(invitation, by=None, reason="email sent")
    if refused is not None:
        raise refused  # after the attempt is recorded: the task tries again later
    return "sent"


def usable(token: str) -> Invitation:
    """The pending, unexpired invitation a link's token opens, or InvitationUnusable saying
    why not. A token that names no invitation, or whose secret is not the newest email's,
    is INVALID: the page then tells nothing about any invitation or address."""
    parts = tokens.split(token)
    invitation = Invitation.objects.select_related("organisation").filter(
        pk=parts[0]).first() if parts and parts[0] is not None else None
    if invitation is None:
        raise InvitationUnusable(InvitationUnusable.INVALID)
    if invitation.accepted_at:
        raise InvitationUnusable(InvitationUnusable.USED)
    if invitation.withdrawn_at:
        raise InvitationUnusable(InvitationUnusable.WITHDRAWN)
    if not tokens.matches(parts[1], invitation.token_hash):
        raise InvitationUnusable(InvitationUnusable.INVALID)
    if invitation.is_expired:
        raise InvitationUnusable(InvitationUnusable.EXPIRED)
    return invitation


def account_with(email: str) -> User | None:
    """The account an address already has, if any (active or closed), in any spelling."""
    return User.objects.filter(email__iexact=email).first()


def account_for(invitation: Invitation) -> User | None:
    """The account the invitation's address already has, if any."""
    return account_with(invitation.email)


@transaction.atomic
def accept(*, token: str, user: User | None = None, full_name: str = "",
           password: str = "") -> tuple[User, Membership]:
    """Accept the invitation the token opens. Signed in (``user``), the account must be the
    invited address's; else a new account is made with ``full_name`` and ``password`` (the
    caller has run Django's password validators), or an account the address had that was
    deactivated is given them back. The person then holds the invited role."""
    invitation = usable(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationUnusable(InvitationUnusable.USED)
    existing = account_for(invitation)
    if user is not None:
        if normalise_email(user.email) != invitation.email:
            raise PermissionDenied("This invitation is for another email address.")
    elif existing is not None and existing.is_active:
        raise PermissionDenied("Sign in to accept: this address already has an account.")
    elif existing is not None:
        user = existing
        user.is_active = True
        user.full_name = full_name.strip() or user.full_name
        user.set_password(password)
        user.save()
    else:
        user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    return user, join(invitation, user)


def join(invitation: Invitation, user: User) -> Membership:
    """``user`` takes up the pending invitation (locked by the caller's transaction): they
    hold its role, and its link no longer works."""
    membership = Membership.objects.filter(user=user, organisation=invitation.organisation).first()
    if membership is None:
        membership = Membership(user=user, organisation=invitation.organisation,
                                role=invitation.role)
        save_with_history(membership, by=user, reason=f"accepted the invitation from "
                                                      f"{invitation.invited_by.display_name}")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.token_hash = ""
    save_with_history(invitation, by=user, reason="accepted")
    return membership


def joined(membership: Membership) -> str:
    """What the person who has just joined is told."""
    return (f"You have joined {membership.organisation} as "
            f"{membership.get_role_display().lower()}.")


def _is_last_lead(membership: Membership) -> bool:
    lead = grants.lead_role(membership.organisation)
    return membership.role == lead and not (
        Membership.objects.filter(organisation=membership.organisation, role=lead,
                                  user__is_active=True)
        .exclude(pk=membership.pk).exists())


def _locked(membership: Membership) -> Membership:
    # Every lead of the organisation, locked: two leads demoting each other at once must
    # not leave it with none.
    list(Membership.objects.select_for_update().filter(organisation=membership.organisation_id)
         .values_list("pk", flat=True))
    return Membership.objects.select_related("organisation", "user").get(pk=membership.pk)


@transaction.atomic
def change_role(*, membership: Membership, role: str, reason: str, by: User) -> Membership:
    """Give a member another role (one ``by`` may grant), keeping the reason."""
    _require_lead(by, membership.organisation)
    membership = _locked(membership)
    _require_grantable(by, membership.organisation, role)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if role == membership.role:
        raise ValidationError({"role": SAME_ROLE.format(
            name=membership.user.display_name, role=membership.get_role_display())})
    if _is_last_lead(membership):
        raise ValidationError({"role": LAST_LEAD.format(
            organisation=membership.organisation,
            role=Membership.Role(membership.role).label.lower())})
    membership.role = role
    membership.full_clean()
    save_with_history(membership, by=by, reason=reason.strip())
    return membership


@transaction.atomic
def set_data_protection_lead(*, membership: Membership, lead: bool, reason: str,
                             by: User) -> Membership:
    """Make a local authority's member its data-protection lead, or no longer (its lead or
    an administrator does), keeping the reason."""
    _require_lead(by, membership.organisation)
    membership = _locked(membership)
    if membership.organisation.kind != Organisation.Kind.LOCAL_AUTHORITY:
        raise ValidationError({"lead": NOT_AN_LA_FOR_DATA_PROTECTION})
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if membership.data_protection_lead == lead:
        said = ALREADY_DATA_PROTECTION_LEAD if lead else NOT_DATA_PROTECTION_LEAD
        raise ValidationError({"lead": said.format(name=membership.user.display_name)})
    membership.data_protection_lead = lead
    membership.full_clean()
    save_with_history(membership, by=by, reason=reason.strip())
    return membership


@transaction.atomic
def remove(*, membership: Membership, reason: str, by: User) -> bool:
    """Take a member out of the organisation, keeping the reason. Their last membership
    gone, the account is deactivated (not deleted: what they wrote stays theirs), which
    ends their sessions at their next request. Returns whether it was deactivated."""
    _require_lead(by, membership.organisation)
    membership = _locked(membership)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if _is_last_lead(membership):
        raise ValidationError({"reason": LAST_LEAD.format(
            organisation=membership.organisation,
            role=Membership.Role(membership.role).label.lower())})
    user = membership.user
    membership._change_reason = reason.strip()[:100]
    delete_with_history(membership, by=by)
    # Other apps' hooks (extension point ``people.removed_hooks``).
    for hook in removed_hooks.registered():
        hook(user=user, organisation=membership.organisation, by=by)
    if not user.is_staff and not Membership.objects.filter(user=user).exists():
        User.objects.filter(pk=user.pk).update(is_active=False)
        return True
    return False
