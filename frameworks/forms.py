"""Forms for the admin's framework upload: choose a file, then confirm the preview."""
from pathlib import PurePath

from django import forms
from django.core import signing

# The largest framework file is 23 KB; YAML is parsed in Python at about 13 s a megabyte on
# a busy server, so a file over ten times the largest is refused before it is parsed.
MAX_UPLOAD_BYTES = 256 * 1024
UPLOAD_SALT = "frameworks.upload"
UPLOAD_MAX_AGE = 60 * 60  # seconds a preview can wait for its Confirm

WRONG_EXTENSION = "Choose a YAML file: its name must end in .yaml or .yml."
TOO_LARGE = "The file is larger than 256 KB: a framework data file is far smaller."
NOT_UTF8 = "The file is not UTF-8 text. Save it as UTF-8 and upload it again."
UPLOAD_EXPIRED = "This preview has expired or was changed. Upload the file again."


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(
        label="Framework file",
        help_text="One framework version in the format of fixtures/frameworks/README.md (.yaml).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in {".yaml", ".yml"}:
            raise forms.ValidationError(WRONG_EXTENSION)
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(NOT_UTF8) from None
        self.cleaned_data["filename"] = PurePath(upload.name).name
        return upload


def sign_upload(*, text: str, filename: str) -> str:
    """The uploaded file, carried through the preview page in a signed hidden field."""
    return signing.dumps({"text": text, "filename": filename}, salt=UPLOAD_SALT, compress=True)


class FrameworkConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            value = signing.loads(
                self.cleaned_data["payload"], salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE
            )
        except signing.BadSignature:
            raise forms.ValidationError(UPLOAD_EXPIRED) from None
        self.cleaned_data["text"] = value["text"]
        self.cleaned_data["filename"] = value["filename"]
        return self.cleaned_data["payload"]
