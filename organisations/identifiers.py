"""The identifiers and address of an organisation as the portal holds them, in one place for
the model, the admin and the organisations import: a URN (6 digits), a UKPRN (8 digits
starting with 1), and a UK postcode stored upper case with one space ("LE1 6ZG")."""
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

URN_PATTERN = r"[0-9]{6}"
UKPRN_PATTERN = r"1[0-9]{7}"
# A UK postcode's shape (the outward code, then a digit and two letters), and the one
# postcode of another shape, Girobank's. The shape is checked, not that the postcode exists.
POSTCODE_PATTERN = r"(?:[A-Z]{1,2}[0-9][0-9A-Z]?|GIR) ?[0-9][A-Z]{2}"

# Tests assert these.
BAD_URN = "A URN is 6 digits, for example 100001."
BAD_UKPRN = "A UKPRN is 8 digits starting with 1, for example 10012345."
BAD_POSTCODE = "Enter a UK postcode, for example LE1 6ZG."

validate_urn = RegexValidator(f"^{URN_PATTERN}$", BAD_URN, code="urn")
validate_ukprn = RegexValidator(f"^{UKPRN_PATTERN}$", BAD_UKPRN, code="ukprn")


def normalise_postcode(value: str) -> str:
    """A postcode upper case with one space before its last three characters ("le16zg" ->
    "LE1 6ZG"); a value not of a postcode's shape only trimmed and upper case."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if re.fullmatch(POSTCODE_PATTERN, compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return (value or "").strip().upper()


def validate_postcode(value: str) -> None:
    if value and not re.fullmatch(POSTCODE_PATTERN.replace(" ?", " "), value):
        raise ValidationError(BAD_POSTCODE, code="postcode")


class PostcodeField(models.CharField):
    """A UK postcode, normalised as it is cleaned (so the admin and services store "LE1 6ZG"
    whatever was typed) and then checked for its shape."""

    default_validators = [validate_postcode]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 8)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_postcode(value) if value else value


# Pages of their own under /organisations/ (organisations.urls): no organisation's slug may be
# one of these, or its page could not be reached.
RESERVED_SLUGS = ("import",)
RESERVED_SLUG = "'{slug}' is the address of a page of the portal: choose another slug."


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(RESERVED_SLUG.format(slug=value), code="reserved_slug")
