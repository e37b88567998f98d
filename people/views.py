"""An organisation's people (for its lead and administrators): members and their roles,
pending invitations, inviting, changing a role, removing; and the invitation link's page,
where the invited person accepts."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.forms import add_service_errors, posted
from core.lists import page_of, page_query
from organisations.models import Membership, Organisation
from organisations.permissions import can

from . import grants, services, single_sign_on, two_factor
from .accounts import sign_in_new_account
from .forms import AcceptForm, ChangeRoleForm, DataProtectionForm, InviteForm, RemoveForm
from .models import Invitation

Role = Membership.Role


def _organisation(request, slug) -> Organisation:
    """The organisation, if the user may manage its people: 404 when they cannot see it,
    403 when they can but do not lead it."""
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    if not can(request.user, "people.manage_people", organisation):
        raise PermissionDenied("Only the organisation's lead can manage its people.")
    return organisation


def _crumbs(organisation, *last):
    crumbs = [("Home", reverse("home")), (organisation.name, organisation.get_absolute_url())]
    if last:
        crumbs.append(("People", reverse("people:list", kwargs={"slug": organisation.slug})))
        crumbs.extend(last)
    else:
        crumbs.append(("People", None))
    return crumbs


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_safe
def people_list(request, slug):
    """Members with role, date joined and last sign-in; pending invitations, with resend
    and withdraw. Each list 50 to a page."""
    organisation = _organisation(request, slug)
    members = page_of(Membership.objects.filter(organisation=organisation)
                      .select_related("user").annotate(two_factor=two_factor.set_up_q())
                      .order_by("user__full_name", "user__email", "pk"),
                      request.GET.get("page"))
    at_provider = single_sign_on.two_factor_at_provider(m.user_id for m in members)
    for member in members:
        member.needs_two_factor = two_factor.must_set_up(member)
        member.two_factor_at_provider = member.user_id in at_provider
    invitations = page_of(Invitation.objects.pending().filter(organisation=organisation)
                          .select_related("invited_by").order_by("-created_at", "-pk"),
                          request.GET.get("invitations"))
    return render(request, "people/people_list.html", {
        "organisation": organisation, "members": members, "invitations": invitations,
        "members_query": page_query(invitations=invitations.number
                                    if invitations.number > 1 else None),
        "invitations_query": page_query(page=members.number if members.number > 1 else None),
        "lead_role": Role(grants.lead_role(organisation)).label,
        # An organisation whose kind has one role (a local authority) has no role to change.
        "roles_to_choose": len(grants.grantable_roles(request.user, organisation)) > 1,
        "has_data_protection": organisation.kind == Organisation.Kind.LOCAL_AUTHORITY,
        "breadcrumbs": _crumbs(organisation),
    })


def invite(request, slug):
    organisation = _organisation(request, slug)
    roles = grants.grantable_roles(request.user, organisation)
    form = InviteForm(posted(request), roles=roles, valid_days=settings.INVITATION_VALID_DAYS)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(organisation=organisation, by=request.user,
                                         base_url=_base_url(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email} as "
                                      f"{invitation.get_role_display().lower()}.")
            return redirect("people:list", slug=organisation.slug)
    return render(request, "people/invite.html", {
        "organisation": organisation, "form": form,
        "breadcrumbs": _crumbs(organisation, ("Invite someone", None)),
    })


def _invitation(request, slug, pk) -> Invitation:
    organisation = _organisation(request, slug)
    return get_object_or_404(Invitation.objects.visible_to(request.user)
                             .select_related("organisation"), organisation=organisation, pk=pk)


def _on_invitation(request, slug, pk, act, done: str):
    """Resend or withdraw (``act``) an invitation of the organisation, then back to its
    people page saying what happened (``done``, with the address), or why it could not."""
    invitation = _invitation(request, slug, pk)
    try:
        act(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(email=invitation.email))
    return redirect("people:list", slug=slug)


@require_POST
def resend(request, slug, pk):
    return _on_invitation(
        request, slug, pk,
        lambda **kw: services.resend(**kw, base_url=_base_url(request)),
        "The invitation to {email} was sent again, with a new link. The link in the earlier "
        "email no longer works.")


@require_POST
def withdraw(request, slug, pk):
    return _on_invitation(request, slug, pk, services.withdraw,
                          "The invitation to {email} was withdrawn. Its link no longer works.")


def _membership(request, slug, pk) -> Membership:
    organisation = _organisation(request, slug)
    return get_object_or_404(Membership.objects.select_related("user", "organisation"),
                             organisation=organisation, pk=pk)


def change_role(request, slug, pk):
    membership = _membership(request, slug, pk)
    organisation = membership.organisation
    roles = grants.grantable_roles(request.user, organisation)
    form = ChangeRoleForm(posted(request), roles=roles,
                          initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            membership.refresh_from_db()
            messages.success(request, f"{membership.user.display_name} is now "
                                      f"{membership.get_role_display().lower()}.")
            if not can(request.user, "people.manage_people", organisation):
                return redirect(organisation)  # they gave up leading it
            return redirect("people:list", slug=slug)
    return render(request, "people/change_role.html", {
        "organisation": organisation, "membership": membership, "form": form,
        "breadcrumbs": _crumbs(organisation, ("Change role", None)),
    })


def data_protection(request, slug, pk):
    """Make a local authority's member its data-protection lead, or no longer (a member of
    any other kind of organisation: 404)."""
    membership = _membership(request, slug, pk)
    organisation = membership.organisation
    if organisation.kind != Organisation.Kind.LOCAL_AUTHORITY:
        raise Http404("Only a local authority has a data-protection lead.")
    form = DataProtectionForm(posted(request), initial={
        "lead": "yes" if membership.data_protection_lead else "no"})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_data_protection_lead(membership=membership, by=request.user,
                                              **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = membership.user.display_name
            messages.success(request, f"{name} is now a data-protection lead."
                             if form.cleaned_data["lead"]
                             else f"{name} is no longer a data-protection lead.")
            return redirect("people:list", slug=slug)
    return render(request, "people/data_protection.html", {
        "organisation": organisation, "membership": membership, "form": form,
        "breadcrumbs": _crumbs(organisation, ("Data-protection lead", None)),
    })


def remove(request, slug, pk):
    membership = _membership(request, slug, pk)
    organisation = membership.organisation
    form = RemoveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            deactivated = services.remove(membership=membership, by=request.user,
                                          **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = membership.user.display_name
            messages.success(request, f"{name} no longer belongs to {organisation}."
                             + (f" {name} belonged to no other organisation, so their account "
                                "is closed: they can no longer sign in." if deactivated else ""))
            if membership.user_id == request.user.pk:
                return redirect("home")
            return redirect("people:list", slug=slug)
    return render(request, "people/remove.html", {
        "organisation": organisation, "membership": membership, "form": form,
        "is_self": membership.user_id == request.user.pk,
        "breadcrumbs": _crumbs(organisation, ("Remove", None)),
    })


PROBLEMS = {
    services.InvitationUnusable.INVALID: (
        "This invitation link does not work",
        "Check that you used the whole link from the newest invitation email. If you were "
        "sent the invitation again, only the link in the newest email works."),
    services.InvitationUnusable.EXPIRED: (
        "This invitation has expired",
        "Invitation links work for {days} days. Ask the person who invited you to send it "
        "again."),
    services.InvitationUnusable.USED: (
        "This invitation has already been used",
        "If you accepted it, sign in with the email address it was sent to."),
    services.InvitationUnusable.WITHDRAWN: (
        "This invitation was withdrawn",
        "Ask your organisation's lead for a new invitation if you still need to join."),
}


@login_not_required
def accept(request, token):
    """The invitation link: create an account and join, or join with the account the
    address already has (signed in as it)."""
    try:
        invitation = services.usable(token)
    except services.InvitationUnusable as problem:
        title, text = PROBLEMS[problem.reason]
        return render(request, "people/invitation_problem.html", {
            "title": title, "text": text.format(days=settings.INVITATION_VALID_DAYS),
        }, status=404 if problem.reason == problem.INVALID else 410)
    user = request.user if request.user.is_authenticated else None
    account = services.account_for(invitation)
    context = {"invitation": invitation, "token": token}
    if user is not None:
        context["signed_in_as_other"] = user.email.lower() != invitation.email
        if request.method == "POST" and not context["signed_in_as_other"]:
            return _accepted(request, token=token, user=user)
        return render(request, "people/accept_signed_in.html", context)
    if account is not None and account.is_active:
        context["login_url"] = f"{reverse('login')}?next={request.path}"
        return render(request, "people/accept_sign_in_first.html", context)
    form = AcceptForm(posted(request), email=invitation.email)
    if request.method == "POST" and form.is_valid():
        return _accepted(request, token=token, full_name=form.cleaned_data["full_name"],
                         password=form.cleaned_data["password1"])
    context["form"] = form
    return render(request, "people/accept.html", context)


def _accepted(request, **kwargs):
    try:
        user, membership = services.accept(**kwargs)
    except services.InvitationUnusable:
        return redirect(request.path)
    except (PermissionDenied, IntegrityError):
        # Someone made that account, or used the link, in the meantime: the page, drawn
        # again, says what to do now.
        return redirect(request.path)
    joined = services.joined(membership)
    if not request.user.is_authenticated:
        if two_factor.enrolled(user):
            # An account given back that still has its authenticator app: it signs in
            # with its code, as always.
            messages.success(request, f"{joined} Sign in with your new password and a code "
                                      "from your authenticator app.")
            return redirect("login")
        sign_in_new_account(request, user)
    messages.success(request, joined)
    return redirect("home")
