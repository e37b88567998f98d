"""Admin for QA visit records: a window for administrators. Final and withdrawn visits are
read-only here for everyone but superusers, as they are everywhere else."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.admin import LockedReadOnlyMixin

from .models import Visit, VisitAnswer, VisitEvidenceFile, VisitJudgement

ROW_RELATED = ["visit__provider", "visit__framework"]


@admin.register(Visit)
class VisitAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["provider", "commissioner", "framework", "period", "state",
                    "planned_visit_date", "visited_on"]
    list_filter = ["state", "period"]
    search_fields = ["provider__name", "commissioner__name"]
    list_select_related = ["provider", "commissioner", "framework"]
    readonly_fields = ["framework", "provider", "commissioner", "created_by", "created_at"]


@admin.register(VisitAnswer)
class VisitAnswerAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    record_field = "visit"
    list_display = ["visit", "criterion", "level", "updated_at"]
    list_select_related = [*ROW_RELATED, "criterion", "level"]
    search_fields = ["visit__provider__name", "criterion__code"]
    readonly_fields = ["visit", "criterion", "revision", "updated_by", "updated_at"]
    fields = ["visit", "criterion", "level", "evidence", "observer_notes", "action_points",
              "internal_notes", "revision", "updated_by", "updated_at"]


@admin.register(VisitJudgement)
class VisitJudgementAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    record_field = "visit"
    list_display = ["visit", "section", "level", "updated_at"]
    list_select_related = [*ROW_RELATED, "section", "level"]
    search_fields = ["visit__provider__name", "section__code"]
    readonly_fields = ["visit", "section", "revision", "updated_by", "updated_at"]


@admin.register(VisitEvidenceFile)
class VisitEvidenceFileAdmin(LockedReadOnlyMixin, SimpleHistoryAdmin):
    record_field = "visit"
    list_display = ["original_name", "visit", "size", "uploaded_by", "uploaded_at"]
    list_select_related = [*ROW_RELATED, "uploaded_by"]
    readonly_fields = ["visit", "answer", "file", "original_name", "content_type", "size",
                       "sha256", "uploaded_by", "uploaded_at"]
