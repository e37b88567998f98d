"""The form that makes an API token: a name, an expiry date (a year at most) and its scopes."""
import datetime

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils import timezone

from core.forms import GovDateField, date_input, gds_helper

from .models import SCOPE_HINTS, Scope


class TokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100,
                           help_text="What it is for, such as “Power BI quality dashboard”.",
                           error_messages={"required": "Enter a name for the token."})
    expires = GovDateField(label="Expiry date", what="the expiry date", example="31 3 2027")
    scopes = forms.MultipleChoiceField(
        label="What may it read?", widget=forms.CheckboxSelectMultiple,
        choices=[(scope.value, f"{scope.label}: {SCOPE_HINTS[scope]}") for scope in Scope],
        error_messages={"required": "Choose what the token may read."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        a_year = timezone.localdate() + datetime.timedelta(days=365)
        self.fields["expires"].help_text = (
            f"A year at most: {a_year:%-d %-m %Y} or sooner. It stops working at the end of "
            "that day.")
        self.helper = gds_helper(Field.text("name", label_size=Size.SMALL, field_width=30),
                                 date_input("expires"),
                                 Field.checkboxes("scopes", legend_size=Size.SMALL),
                                 Button("make", "Make the token"))
