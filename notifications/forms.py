"""The notifications page's form: how reminders reach the user."""
from crispy_forms_gds.layout import Field, Size
from django import forms

from core.forms import gds_helper

from .models import Preference

CHOOSE = "Choose how reminders should reach you."


class PreferenceForm(forms.Form):
    reminders = forms.ChoiceField(
        label="How should reminders reach you?", choices=Preference.Reminders.choices,
        widget=forms.RadioSelect,
        help_text=("Reminders are about actions falling due, a provider's time to respond, "
                   "review dates and visits coming up. You are also told when work waits on "
                   "you, such as a record or review shared, a reply, a decision or an export "
                   "ready: that is always listed on your notifications page, and emailed as "
                   "you choose here. Whatever you choose, a cause for concern is always "
                   "emailed to the partnership's chairs at once."),
        error_messages={"required": CHOOSE, "invalid_choice": CHOOSE})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("reminders", legend_size=Size.MEDIUM))
