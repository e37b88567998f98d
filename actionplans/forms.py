"""Forms for actions: validation only."""
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.utils import timezone

from frameworks.models import Section
from qaportal.forms import gds_helper

DUE_DATE_IN_PAST = "The date must be today or in the future."


class DueDateField(DateInputField):
    """The GOV.UK date input, with messages that say which date is wanted."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        message = "Enter the date the action will be done by."
        self.error_messages.update(required=message, incomplete=message,
                                   invalid="Enter a real date, for example 31 3 2027.")


class Stage2ActionForm(forms.Form):
    """A Stage 2 SMART action: Identified area, SMART action, When, Who (and how success is
    measured)."""

    section = forms.ModelChoiceField(
        label="Section", queryset=Section.objects.none(), empty_label=None,
        error_messages={"required": "Choose the section this action improves."},
    )
    area = forms.CharField(
        label="Identified area for improvement", max_length=300,
        error_messages={"required": "Enter the area for improvement."},
    )
    smart_action = forms.CharField(
        label="SMART action", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text="Specific, measurable, achievable, relevant and timebound.",
        error_messages={"required": "Enter the SMART action."},
    )
    due_date = DueDateField(
        label="When", help_text="The date it will be done by, for example 31 3 2027.",
    )
    owner = forms.CharField(
        label="Who", max_length=200, help_text="The person or partner responsible.",
        error_messages={"required": "Enter who is responsible for the action."},
    )
    success_measure = forms.CharField(
        label="How you will know it has worked", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000, error_messages={"required": "Enter how success will be measured."},
    )

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(framework=framework).order_by("order")
        self.fields["section"].label_from_instance = lambda s: f"{s.code}. {s.title}"
        self.helper = gds_helper(
            Field.select("section", label_size=Size.SMALL),
            Field.text("area", label_size=Size.SMALL),
            Field.textarea("smart_action", label_size=Size.SMALL),
            Fieldset(Field("due_date"), legend="When", legend_size=Size.SMALL),
            Field.text("owner", label_size=Size.SMALL),
            Field.textarea("success_measure", label_size=Size.SMALL),
            Button("submit", "Save action"),
        )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due and due < timezone.localdate():
            raise forms.ValidationError(DUE_DATE_IN_PAST)
        return due
