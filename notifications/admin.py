"""Administrators read notifications and choices in the admin (read-only: they are written
by the portal)."""
from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "user", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("subject", "user__email", "event_key")
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "reminders", "updated_at")
    list_filter = ("reminders",)
    search_fields = ("user__email",)
