"""Forms for reviews: validation only; views hand cleaned data to ``reviews.services``."""
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError

from assessments.forms import RowForm
from core.forms import ModelChoiceField, gds_helper
from frameworks.models import RatingLevel
from organisations.models import Organisation

from .services import REPLY_REQUIRED, RESPONSE_REQUIRED

TEXT_MAX = 10_000


def _text(label, rows=4, required=False, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=TEXT_MAX, strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"{label} must be {TEXT_MAX:,} characters or fewer."},
    )


class StartReviewForm(forms.Form):
    """Which of the user's organisations reviews (asked only when there is a choice)."""

    organisation = ModelChoiceField(
        label="Which organisation are you reviewing for?", queryset=Organisation.objects.none(),
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Choose the organisation you are reviewing for.",
                        "invalid_choice": "Choose one of the organisations shown."},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        # With one organisation there is nothing to ask: the page says which it is.
        self.only = organisations[0] if len(organisations) == 1 else None
        if self.only:
            field.required = False
            field.widget = forms.HiddenInput()
        self.helper = gds_helper(Field("organisation", legend_size=Size.MEDIUM))

    def clean_organisation(self):
        return self.only or self.cleaned_data["organisation"]


class ReviewItemForm(RowForm):
    """The reviewer's view of one criterion: one rating on the framework's scale (the
    provider's own rating means they agree, any other that they do not), a comment shared
    with the provider and an internal note that never is."""

    level = ModelChoiceField(
        queryset=RatingLevel.objects.none(), required=False, widget=forms.RadioSelect,
        empty_label=None, error_messages={"invalid_choice": RowForm.level_choice_error},
    )
    comment = _text("Comment for the provider")
    internal_note = _text("Internal note")

    def __init__(self, *args, row, levels=(), **kwargs):
        super().__init__(*args, row=row, levels=levels, **kwargs)
        if not self.is_bound:
            self.initial.update(
                level=row.level_id if row.agrees is False else
                row.response.level_id if row.agrees else None,
                comment=row.comment, internal_note=row.internal_note)

    def clean(self):
        data = super().clean()
        level = data.get("level")
        if level is None and (data.get("comment") or data.get("internal_note")) \
                and "level" not in self.errors:
            self.add_error("level", "Choose your rating before you comment.")
        return data

    @property
    def agrees(self) -> bool | None:
        """What the chosen rating says: None (not reviewed yet), True (the provider's own),
        or False (another rating)."""
        level = self.cleaned_data.get("level")
        if level is None:
            return None
        return level.pk == self.row.response.level_id

    @property
    def reviewer_level(self) -> RatingLevel | None:
        """The reviewer's own rating, when it differs from the provider's."""
        return self.cleaned_data["level"] if self.agrees is False else None


class SectionCommentForm(forms.Form):
    comment = _text("Overall comment on this section", rows=4,
                    help_text="Shared with the provider with the review.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="section", **kwargs)


class ReplyForm(RowForm):
    """The provider lead's reply to one item of a shared review."""

    reply = _text("Your reply", rows=3)

    def __init__(self, *args, row, **kwargs):
        super().__init__(*args, row=row, **kwargs)
        if not self.is_bound:
            self.initial["reply"] = row.provider_reply

    def clean_reply(self):
        reply = self.cleaned_data["reply"]
        if not reply and self.row.provider_reply:
            raise ValidationError(REPLY_REQUIRED)
        return reply


class ReviewResponseForm(forms.Form):
    response = _text(
        "Your response to the review", rows=8, required=True,
        help_text="The reviewing organisation sees your response before it finalises the "
                  "review.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].error_messages["required"] = RESPONSE_REQUIRED
        self.helper = gds_helper(Field.textarea("response", label_size=Size.SMALL))
