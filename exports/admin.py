"""Bulk exports in the admin: every export with its state, progress, failures and task, so
an administrator sees an export that failed (a lost worker included) and why."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import BulkExport


@admin.register(BulkExport)
class BulkExportAdmin(admin.ModelAdmin):
    list_display = ("pk", "requested_by", "organisation", "period", "audience", "state",
                    "items_done", "items_total", "created_at", "finished_at", "expires_at")
    list_filter = ("state", "audience", "period")
    search_fields = ("requested_by__email", "organisation__name", "failure_reason")
    list_select_related = ("requested_by", "organisation")
    date_hierarchy = "created_at"
    # What happened is the worker's record: read it here, change it only through the services.
    readonly_fields = [f.name for f in BulkExport._meta.fields] + ["providers", "task_link"]

    @admin.display(description="Background task")
    def task_link(self, export):
        """The worker's own record of the task (its status, and the traceback if it failed)."""
        if not export.task_id:
            return "-"
        url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[export.task_id])
        return format_html('<a href="{}">{}</a>', url, export.task_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
