"""Admin for the dashboards' own data: the moderation thresholds an administrator may change."""
from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.selectors import self_assessment_frameworks

from .models import ModerationThreshold


def framework_choices() -> list[tuple[str, str]]:
    """The self-assessment frameworks (current versions), by name: what a threshold is for."""
    return [(f.slug, f"{f.name} ({f.slug})")
            for f in self_assessment_frameworks().order_by("name")]


class ModerationThresholdForm(forms.ModelForm):
    framework_slug = forms.TypedChoiceField(label="Framework", choices=framework_choices)

    class Meta:
        model = ModerationThreshold
        fields = ["framework_slug", "difference", "explanation"]


@admin.register(ModerationThreshold)
class ModerationThresholdAdmin(SimpleHistoryAdmin):
    form = ModerationThresholdForm
    list_display = ["framework_slug", "difference", "explanation"]
