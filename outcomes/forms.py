"""Forms for outcomes monitoring: uploading an import file (validation only; the view hands
the file to ``outcomes.importer`` and ``outcomes.services``)."""
from pathlib import PurePath

from django import forms

from core.forms import ModelChoiceField
from organisations.models import Organisation

from .import_files import EXTENSIONS, MAX_BYTES, TOO_LARGE, WRONG_TYPE, clean_filename

CHOOSE_FILE = "Choose a CSV or XLSX file of outcomes."
CHOOSE_LA = "Choose the local authority the outcomes are for."


class ImportUploadForm(forms.Form):
    local_authority = ModelChoiceField(
        queryset=None, label="Which local authority are these learners’?",
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": CHOOSE_LA, "invalid_choice": CHOOSE_LA})
    file = forms.FileField(
        label="Upload a file", error_messages={"required": CHOOSE_FILE, "empty": CHOOSE_FILE,
                                               "invalid": CHOOSE_FILE},
        help_text="A CSV (UTF-8) or XLSX file with a heading row, up to 5 MB and 20,000 rows.")

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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(WRONG_TYPE)
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        self.cleaned_data["content"] = upload.read()
        self.cleaned_data["filename"] = clean_filename(upload.name)
        return upload
