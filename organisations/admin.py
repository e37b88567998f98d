"""Admin for organisations, users, memberships and commissioning links (service administrators)."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, Commissioning, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


class MembershipOfUserInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipOfUserInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "provider_type", "area", "urn", "ukprn", "postcode",
                    "archived_at"]
    list_filter = ["kind", "provider_type", "area", ("archived_at", admin.EmptyFieldListFilter)]
    list_select_related = ["area"]
    search_fields = ["name", "reference", "urn", "ukprn", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(Commissioning)
class CommissioningAdmin(SimpleHistoryAdmin):
    list_display = ["provider", "commissioner", "status", "updated_at"]
    list_filter = ["status", "commissioner"]
    search_fields = ["provider__name", "commissioner__name"]
    autocomplete_fields = ["provider", "commissioner"]
    list_select_related = ["provider", "commissioner"]
