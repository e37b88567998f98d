"""Invitations in the admin: read-only, for an administrator looking into one that did not
arrive (when each email went, how many attempts, the mail server's last refusal). The link's
secret is never shown: only its hash is stored. Invite, resend and withdraw on the
organisation's People page."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, SignInDomain


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "organisation", "role", "invited_by", "created_at", "sent_at",
                    "send_attempts", "accepted_at", "withdrawn_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "invited_by"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignInDomain)
class SignInDomainAdmin(admin.ModelAdmin):
    """Which organisations sign in with single sign-on, and from which email domains."""

    list_display = ["domain", "organisation"]
    search_fields = ["domain", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
