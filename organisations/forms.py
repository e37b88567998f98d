"""Forms for organisations: validation only, the views hand cleaned data to services."""
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.contrib.auth.forms import (
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from core.forms import gds_helper
from core.imports.forms import ImportFileForm

from .models import Commissioning, Organisation
from .services import (
    ARCHIVE_REASON_REQUIRED,
    PLACEMENT_REQUIRED,
    PURPOSE_REQUIRED,
)


class SettingForm(forms.Form):
    """What an alternative provision setting is for, and how long its placements last."""

    purpose = forms.ChoiceField(
        label="What is the setting for?", choices=Organisation.SettingPurpose.choices,
        widget=forms.RadioSelect, error_messages={"required": PURPOSE_REQUIRED,
                                                  "invalid_choice": PURPOSE_REQUIRED},
        help_text="Choose the one that describes most of its placements.")
    placement = forms.ChoiceField(
        label="How long do placements usually last?",
        choices=Organisation.PlacementLength.choices, widget=forms.RadioSelect,
        error_messages={"required": PLACEMENT_REQUIRED, "invalid_choice": PLACEMENT_REQUIRED})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("purpose", legend_size=Size.MEDIUM),
                                 Field.radios("placement", legend_size=Size.MEDIUM),
                                 Button("submit", "Save"))


class CommissioningStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=Commissioning.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status."},
    )
    reason = forms.CharField(
        label="Reason for the change",
        help_text="This is kept in the provider's commissioning history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Give the reason for changing the status."},
    )

    def __init__(self, *args, current_status: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.helper = gds_helper(
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.textarea("reason", label_size=Size.SMALL),
            Button("submit", "Change status"),
        )

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == self.current_status:
            label = Commissioning.Status(status).label.lower()
            raise forms.ValidationError(f"The status is already {label}. Choose a different one.")
        return status

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for changing the status.")
        return reason


def _gds_helper(*fields, button: str):
    return gds_helper(*[Field.text(name, label_size=Size.SMALL) for name in fields],
                      Button("submit", button))


class PortalPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper(
            "old_password", "new_password1", "new_password2", button="Change password"
        )


class PortalPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address."
        self.helper = _gds_helper("email", button="Send reset link")


class PortalSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _gds_helper("new_password1", "new_password2", button="Set password")


class OrganisationImportForm(ImportFileForm):
    """Uploading a file of providers (``organisations.importer`` reads it)."""

    choose_file = "Choose a CSV or XLSX file of providers."


class ArchiveForm(forms.Form):
    """Why an organisation no longer in use is archived."""

    reason = forms.CharField(
        label="Why is it archived?", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: closed in July 2026. It is kept with the organisation and in "
                  "its history.",
        error_messages={"required": ARCHIVE_REASON_REQUIRED,
                        "max_length": "Say why in 500 characters or fewer."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", label_size=Size.MEDIUM),
                                 Button("submit", "Archive"))
