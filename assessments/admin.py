"""Admin for assessments: a window for administrators. Submitted or final records are
read-only here for everyone but superusers, as they are everywhere else."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, EvidenceFile, Response, SectionJudgement


class LockedReadOnlyMixin:
    """Changes are refused once the assessment is locked, unless the user is a superuser."""

    def _assessment(self, obj):
        return obj if isinstance(obj, Assessment) else getattr(obj, "assessment", None)

    def has_change_permission(self, request, obj=None):
        assessment = self._assessment(obj) if obj is not None else None
        if assessment is not None and assessment.is_locked and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        assessment = self._assessment(obj) if obj is not None else None
        if assessment is not None and assessment.is_locked and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        # New assessments and responses are made by the services, never by hand.
        return False


@admin.register(Assessment)
class AssessmentAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["provider", "framework", "period", "state", "submitted_at"]
    list_filter = ["state", "kind", "framework_slug", "period"]
    search_fields = ["provider__name"]
    list_select_related = ["provider", "framework"]
    readonly_fields = ["framework", "framework_slug", "kind", "provider", "commissioner",
                       "created_by", "created_at", "submitted_by", "submitted_at",
                       "carried_over_from"]


@admin.register(Response)
class ResponseAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["assessment", "criterion", "level", "updated_at"]
    list_select_related = ["assessment__provider", "assessment__framework", "criterion", "level"]
    search_fields = ["assessment__provider__name", "criterion__code"]
    readonly_fields = ["assessment", "criterion", "revision", "updated_by", "updated_at"]
    fields = ["assessment", "criterion", "level", "evidence", "observer_notes", "action_points",
              "internal_notes", "carried_over", "revision", "updated_by", "updated_at"]


@admin.register(SectionJudgement)
class SectionJudgementAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["assessment", "section", "level"]
    list_select_related = ["assessment__provider", "assessment__framework", "section", "level"]
    readonly_fields = ["assessment", "section", "revision", "updated_by", "updated_at"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["original_name", "assessment", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["assessment__provider", "assessment__framework", "uploaded_by"]
    readonly_fields = ["assessment", "response", "file", "original_name", "content_type", "size",
                       "sha256", "uploaded_by", "uploaded_at"]
