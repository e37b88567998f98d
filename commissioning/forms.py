"""Forms of the commissioning cycle: validation only, messages beside the field; views hand
cleaned data to ``commissioning.services``."""
from crispy_forms_gds.layout import Button, Field, Size
from django import forms

from core.forms import gds_helper
from organisations.models import Organisation

from .models import CheckItem, DueDiligenceCheck

NOTE_MAX = 2000
NAME_REQUIRED = "Enter the provider's name."
TYPE_REQUIRED = "Choose the type of provider."
OUTCOME_REQUIRED = "Choose met, not met or not applicable."
DECISION_REQUIRED = "Choose commission, commission with conditions or do not commission."


class ProspectiveProviderForm(forms.Form):
    """A provider that is not in the portal yet."""

    name = forms.CharField(label="Provider's name", max_length=200,
                           error_messages={"required": NAME_REQUIRED})
    provider_type = forms.ChoiceField(
        label="Type of provider", choices=Organisation.ProviderType.choices,
        widget=forms.RadioSelect, error_messages={"required": TYPE_REQUIRED})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("name"),
                                 Field.radios("provider_type", legend_size=Size.SMALL),
                                 Button("submit", "Record the provider and start the check"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(NAME_REQUIRED)
        return name


class ItemForm(forms.Form):
    outcome = forms.ChoiceField(label="Is this in place?", choices=CheckItem.Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": OUTCOME_REQUIRED})
    note = forms.CharField(label="Note (optional)", required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What you saw, and when: for example the policy's date.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("outcome", legend_size=Size.MEDIUM),
                                 Field.textarea("note"), Button("submit", "Save"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=DueDiligenceCheck.Decision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": DECISION_REQUIRED})
    conditions = forms.CharField(
        label="Conditions (with conditions only)", required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the provider must do, and by when.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("decision", legend_size=Size.MEDIUM),
                                 Field.textarea("conditions"), Button("submit", "Record the decision"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Upload a file", error_messages={
        "required": "Choose a file to upload.",
        "invalid": "The file could not be read: choose it again."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("file"), Button("submit", "Upload"))
