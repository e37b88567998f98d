"""The import upload form's file field: validation only (a CSV or XLSX name, at most
``MAX_BYTES``); the view hands ``cleaned_data["content"]`` and ``["filename"]`` to the import."""
from pathlib import PurePath

from django import forms

from .files import EXTENSIONS, MAX_BYTES, TOO_LARGE, WRONG_TYPE, clean_filename

CHOOSE_FILE = "Choose a CSV or XLSX file."


class ImportFileForm(forms.Form):
    """An upload of one import file. A subclass may name what the file holds in
    ``choose_file`` ("Choose a CSV or XLSX file of outcomes.") and add its own fields."""

    choose_file = CHOOSE_FILE

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV (UTF-8) or XLSX file with a heading row, up to 15 MB and 60,000 rows.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages.update(
            required=self.choose_file, empty=self.choose_file, invalid=self.choose_file)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(WRONG_TYPE)
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        self.cleaned_data["content"] = upload.read()
        self.cleaned_data["filename"] = clean_filename(upload.name)
        return upload
