"""Forms for self-assessments: validation only; views hand cleaned data to the services."""
from django import forms
from django.core.exceptions import ValidationError

from core.forms import ModelChoiceField
from core.periods import PERIOD_VALIDATOR, academic_years, latest_open_period
from frameworks.models import Framework, RatingLevel

from .evidence import check_upload
from .services import REOPEN_REASON_REQUIRED

EVIDENCE_MAX_CHARS = 10_000
YEAR_NOT_OFFERED = "Choose one of the academic years shown: {latest} or an earlier one."


class StartForm(forms.Form):
    framework = ModelChoiceField(
        label="Framework", queryset=Framework.objects.none(), widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": "Choose the framework to assess against."},
    )
    period = forms.ChoiceField(
        label="Academic year", widget=forms.RadioSelect,
        error_messages={"required": "Choose the academic year."},
    )
    from_last_year = forms.BooleanField(
        label="Start from last year's self-assessment", required=False,
        help_text="Copies last year's evidence text as a starting point. Every rating starts "
                  "as not yet rated, and each copied item is marked until someone checks it.",
    )

    def __init__(self, *args, today, provider_types, **kwargs):
        """``provider_types``: the types of the provider(s) the user may start for; only
        frameworks for one of them are offered. Any current self-assessment framework is
        accepted here: the service refuses one that is not for the chosen provider, with
        its message beside this field."""
        super().__init__(*args, **kwargs)
        frameworks = (
            Framework.objects.current().exclude(kind=Framework.Kind.QA_VISIT).order_by("name")
        )
        self.fields["framework"].queryset = frameworks
        self.fields["framework"].choices = [
            (f.pk, f"{f.name} (version {f.version})") for f in frameworks
            if any(f.applies_to_provider_type(t) for t in provider_types)
        ]
        # The years open to self-assessment (``periods.academic_years``): never one not begun
        # unless the setting opens it; the service asks the same rule.
        self.fields["period"].choices = academic_years(today)
        self.fields["period"].error_messages["invalid_choice"] = YEAR_NOT_OFFERED.format(
            latest=latest_open_period(today))

    def clean_period(self):
        period = self.cleaned_data["period"]
        PERIOD_VALIDATOR(period)
        return period


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class RowForm(forms.Form):
    """A form for one row on a page of many (a criterion's response, a visit section's
    judgement), prefixed by the row's id. It carries the revision the user's page was drawn
    from, so a save someone else made meanwhile is a conflict, never silently replaced.
    ``level``, when a subclass has it, offers only ``levels``."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    initial_fields: tuple = ()
    level_choice_error = "Choose one of the ratings shown."

    def __init__(self, *args, row, levels=(), **kwargs):
        super().__init__(*args, prefix=f"c{row.pk}", **kwargs)
        self.row = row
        self.levels = list(levels)
        if "level" in self.fields:
            self.fields["level"].queryset = RatingLevel.objects.filter(
                pk__in=[lv.pk for lv in self.levels])
        if not self.is_bound:
            self.initial = {"revision": row.revision,
                            **{f: getattr(row, f) for f in self.initial_fields}}
            if "level" in self.fields:
                self.initial["level"] = row.level_id

    def clean_level(self):
        level = self.cleaned_data["level"]
        if level is not None and level.pk not in {lv.pk for lv in self.levels}:
            raise ValidationError(self.level_choice_error)
        return level


class CriterionForm(RowForm):
    """One criterion on a self-assessment's section page."""

    level = ModelChoiceField(
        queryset=RatingLevel.objects.none(), required=False, widget=forms.RadioSelect,
        empty_label=None, error_messages={"invalid_choice": RowForm.level_choice_error},
    )
    evidence = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=EVIDENCE_MAX_CHARS,
        error_messages={"max_length": f"Evidence must be {EVIDENCE_MAX_CHARS:,} characters or fewer "
                                      "(it has %(show_value)d). Upload a document instead."},
    )
    files = MultipleFileField(required=False)
    initial_fields = ("evidence",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lv.pk, lv.label) for lv in self.levels]

    def clean_files(self):
        errors, checked = [], []
        for upload in self.cleaned_data["files"]:
            try:
                check_upload(upload)
                checked.append(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this self-assessment?",
        help_text="This is recorded in the history with the submitted version.",
        widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        error_messages={"required": REOPEN_REASON_REQUIRED},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(REOPEN_REASON_REQUIRED)
        return reason
