"""Admin for self-assessments: a window for administrators. Submitted records are read-only
here for everyone but superusers, as they are everywhere else (``LockedReadOnlyMixin``, which
the visits admin uses too)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import results
from .models import Assessment, EvidenceFile, Response


class LockedReadOnlyMixin:
    """Changes are refused once the record is locked, unless the user is a superuser. For a
    record's own admin ``record_field`` is None; for its rows, the field naming the record
    (``"assessment"``, a visit's ``"visit"``)."""

    record_field: str | None = None

    def _locked(self, request, obj) -> bool:
        record = obj if obj is None or self.record_field is None else getattr(obj, self.record_field)
        return record is not None and record.is_locked and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        # New records and rows are made by the services, never by hand.
        return False


@admin.register(Assessment)
class AssessmentAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["provider", "framework", "period", "state", "submitted_at"]
    list_filter = ["state", "kind", "framework_slug", "period"]
    search_fields = ["provider__name"]
    list_select_related = ["provider", "framework"]
    readonly_fields = ["framework", "framework_slug", "kind", "provider",
                       "created_by", "created_at", "submitted_by", "submitted_at",
                       "carried_over_from"]


@admin.register(Response)
class ResponseAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    record_field = "assessment"
    list_display = ["assessment", "criterion", "level", "updated_at"]
    list_select_related = ["assessment__provider", "assessment__framework", "criterion", "level"]
    search_fields = ["assessment__provider__name", "criterion__code"]
    readonly_fields = ["assessment", "criterion", "revision", "updated_by", "updated_at"]
    fields = ["assessment", "criterion", "level", "evidence", "carried_over", "revision",
              "updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        results.store([obj.assessment_id])  # its level may have changed


@admin.register(EvidenceFile)
class EvidenceFileAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    record_field = "assessment"
    list_display = ["original_name", "assessment", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["assessment__provider", "assessment__framework", "uploaded_by"]
    readonly_fields = ["assessment", "response", "file", "original_name", "content_type", "size",
                       "sha256", "uploaded_by", "uploaded_at"]
