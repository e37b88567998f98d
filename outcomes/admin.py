"""Admin for outcomes' own settings: the retention periods (the service's default, the row with
no local authority, and any LA's own). Learners' rows and the records of access and of data
deleted are not in the admin: the LA's pages hold them, and the records are append-only."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .retention_models import RetentionPeriods


@admin.register(RetentionPeriods)
class RetentionPeriodsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "learner_age", "access_years", "changed_at"]
    fields = ["local_authority", "learner_age", "access_years"]
