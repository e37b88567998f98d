"""Forms for outcomes monitoring: uploading an import file (validation only; the view hands
the file to ``outcomes.importer`` and ``outcomes.services``)."""
from django import forms

from core.forms import ModelChoiceField
from core.imports.forms import ImportFileForm
from organisations.models import Organisation

CHOOSE_FILE = "Choose a CSV or XLSX file of outcomes."
CHOOSE_LA = "Choose the local authority the outcomes are for."


class ImportUploadForm(ImportFileForm):
    choose_file = CHOOSE_FILE
    field_order = ["local_authority", "file"]

    local_authority = ModelChoiceField(
        queryset=None, label="Which local authority are these learners’?",
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": CHOOSE_LA, "invalid_choice": CHOOSE_LA})

    def __init__(self, *args, local_authorities, **kwargs):
        super().__init__(*args, **kwargs)
        # The LAs the user may import for, as the view found them (a list, by name).
        self.fields["local_authority"].queryset = Organisation.objects.filter(
            pk__in=[la.pk for la in local_authorities]).order_by("name")
        self.only = local_authorities[0] if len(local_authorities) == 1 else None
        if self.only is not None:
            # One LA: nothing to choose, and whatever the browser sends is ignored.
            self.fields["local_authority"].widget = forms.HiddenInput()
            self.fields["local_authority"].initial = self.only.pk
            self.fields["local_authority"].disabled = True

    def clean_local_authority(self):
        return self.only or self.cleaned_data["local_authority"]
