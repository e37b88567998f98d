"""The form that links or attaches a self-assessment's SAR or QIP, and the rule for a web
address (``check_address``), which ``assessments.quality_documents`` asks again on write."""
import unicodedata
from urllib.parse import urlsplit

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core.forms import gds_helper

from .evidence import check_upload
from .models import QualityDocument

ADDRESS_MAX_CHARS = QualityDocument._meta.get_field("url").max_length
KIND_REQUIRED = ("Choose whether it is your Self-Assessment Report (SAR) or your Quality "
                 "Improvement Plan (QIP).")
ADDRESS_OR_FILE = "Enter the document’s web address, or choose the file to attach."
NOT_BOTH = "Enter a web address or choose a file, not both."
ADDRESS_SCHEME = ("Enter a web address that starts with https:// or http://, like "
                  "https://www.example.org/self-assessment-report.pdf")
ADDRESS_INVALID = ("Enter a web address in the correct format, like "
                   "https://www.example.org/self-assessment-report.pdf")
ADDRESS_TOO_LONG = f"The web address must be {ADDRESS_MAX_CHARS} characters or fewer."
ADDRESS_SCHEMES = ("https", "http")
_well_formed = URLValidator(schemes=list(ADDRESS_SCHEMES))


def check_address(value: str) -> str:
    """A web address a reader can safely follow: http or https only (never ``javascript:``,
    ``data:`` or ``file:``), well formed, with no hidden characters, at most
    ``ADDRESS_MAX_CHARS``. Returns it without
    surrounding spaces; raises ValidationError with the message to show."""
    address = value.strip()
    if len(address) > ADDRESS_MAX_CHARS:
        raise ValidationError(ADDRESS_TOO_LONG, code="max_length")
    # Control and invisible formatting characters (NUL, a right-to-left override) could make
    # the address shown differ from the one followed.
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in address):
        raise ValidationError(ADDRESS_INVALID, code="invalid")
    try:
        scheme = urlsplit(address).scheme.lower()
    except ValueError:
        raise ValidationError(ADDRESS_INVALID, code="invalid") from None
    if scheme not in ADDRESS_SCHEMES or not address.lower().startswith(f"{scheme}://"):
        raise ValidationError(ADDRESS_SCHEME, code="scheme")
    try:
        _well_formed(address)
    except ValidationError:
        raise ValidationError(ADDRESS_INVALID, code="invalid") from None
    return address


class QualityDocumentForm(forms.Form):
    """Which document it is, then its web address or its file: exactly one of the two."""

    kind = forms.ChoiceField(
        label="Which document is it?", choices=QualityDocument.Kind.choices,
        widget=forms.RadioSelect, error_messages={"required": KIND_REQUIRED,
                                                  "invalid_choice": KIND_REQUIRED},
    )
    url = forms.CharField(
        label="Web address", required=False,
        # Refused with its own message by ``check_address``; the field only stops a huge post.
        max_length=ADDRESS_MAX_CHARS * 4,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        help_text="Where the document is published or shared, starting with https://",
        error_messages={"max_length": ADDRESS_TOO_LONG},
    )
    file = forms.FileField(
        label="Or attach the file", required=False,
        error_messages={"invalid": "The file could not be read. Choose it again.",
                        "empty": "The chosen file is empty."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "PDF, Office document, image, text or CSV, up to "
            f"{settings.EVIDENCE_MAX_BYTES / (1024 * 1024):g} MB.")
        self.helper = gds_helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("url", label_size=Size.SMALL),
            Field("file", context={"label_size": Size.for_label(Size.SMALL)}),
            Button("submit", "Add the document"),
        )

    def clean_url(self):
        url = self.cleaned_data["url"]
        return check_address(url) if url.strip() else ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload:
            check_upload(upload)
        return upload

    def clean(self):
        """Exactly one of the address and the file, told beside the address. An address or
        file already refused says its own problem first."""
        data = super().clean()
        if "url" in self.errors or "file" in self.errors:
            return data
        has_url, has_file = bool(data.get("url")), bool(data.get("file"))
        if has_url and has_file:
            self.add_error("url", NOT_BOTH)
        elif not has_url and not has_file:
            self.add_error("url", ADDRESS_OR_FILE)
        return data
