"""Forms about people: validation only; the views hand cleaned data to ``services``."""
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.contrib.auth import password_validation

from core.forms import gds_helper
from core.history import CHANGE_REASON_LENGTH

from .grants import role_choices

REASON_HELP = "Kept in the organisation's history of its people, with your name and the date."


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="Use their work email address. The invitation link works for 7 days.",
        error_messages={"required": "Enter their email address.",
                        "invalid": "Enter an email address in the correct format, like "
                                   "name@example.gov.uk."})
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect,
                             error_messages={"required": "Choose their role.",
                                             "invalid_choice": "Choose one of the roles listed."})

    def __init__(self, *args, roles=(), valid_days: int = 7, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)
        self.fields["email"].help_text = (f"Use their work email address. The invitation link "
                                          f"works for {valid_days} days.")
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = gds_helper(Field.text("email", label_size=Size.SMALL),
                                 Field.radios("role", legend_size=Size.SMALL),
                                 Button("submit", "Send invitation"))


def _reason_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, help_text=REASON_HELP, max_length=CHANGE_REASON_LENGTH,
                           widget=forms.TextInput,
                           error_messages={"required": "Give the reason for the change.",
                                           "max_length": f"The reason must be "
                                                         f"{CHANGE_REASON_LENGTH} characters or "
                                                         f"fewer."})


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label="New role", widget=forms.RadioSelect,
                             error_messages={"required": "Choose their new role.",
                                             "invalid_choice": "Choose one of the roles listed."})
    reason = _reason_field("Reason for the change")

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)
        self.helper = gds_helper(Field.radios("role", legend_size=Size.SMALL),
                                 Field.text("reason", label_size=Size.SMALL),
                                 Button("submit", "Change role"))


class DataProtectionForm(forms.Form):
    """Whether a local authority's member is its data-protection lead, and why the change."""

    lead = forms.TypedChoiceField(
        label="Data-protection lead", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Yes: they read who saw learners' data, set retention periods, and "
                         "answer subject access and erasure requests"),
                 ("no", "No")],
        error_messages={"required": "Choose yes or no.",
                        "invalid_choice": "Choose yes or no."})
    reason = _reason_field("Reason for the change")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("lead", legend_size=Size.SMALL),
                                 Field.text("reason", label_size=Size.SMALL),
                                 Button("submit", "Save"))


class RemoveForm(forms.Form):
    reason = _reason_field("Reason for removing them")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("reason", label_size=Size.SMALL),
                                 Button("submit", "Remove from the organisation",
                                        css_class="govuk-button--warning"))


class AcceptForm(forms.Form):
    """A new account's name and password (Django's password validators)."""

    full_name = forms.CharField(label="Full name", max_length=200,
                                error_messages={"required": "Enter your full name."})
    password1 = forms.CharField(label="Create a password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html(),
                                error_messages={"required": "Create a password."})
    password2 = forms.CharField(label="Confirm the password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                error_messages={"required": "Enter the password again."})

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name"})
        self.helper = gds_helper(Field.text("full_name", label_size=Size.SMALL),
                                 Field.text("password1", label_size=Size.SMALL),
                                 Field.text("password2", label_size=Size.SMALL),
                                 Button("submit", "Create account and join"))

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError("Enter your full name.")
        return name

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match. Enter the same "
                                        "password twice.")
        elif first:
            from organisations.models import User

            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=cleaned.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
