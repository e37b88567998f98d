"""What a learner reference may be: the LA's own pseudonymous code (such as SH-0001), never
something that identifies the young person. The one rule for every path that stores a
reference: the import's rows, the hand-entry form, ``services.learner_create`` and the
``Learner.reference`` field's validator (so every ``full_clean`` applies it).

Refused, each with a message saying what it looks like: a UPN (a letter, 11 digits and a
letter or digit), a ULN or NHS number (10 digits, with or without spaces or hyphens, told
apart by their check digits), a date (2008-03-14, 14/03/2008, 14-3-08, 20080314), a name
(no digit at all, or words such as Jane-Smith or JaneSmith2008), an email address, a UK phone
number and a UK postcode; then anything but 4 to 40 letters, digits or hyphens. Checks for
identifiers come first, so "943 476 5919" is named an NHS number, not a wrong shape.
"""
import datetime
import re

from django.core.exceptions import ValidationError

from core.imports.files import shown

REFERENCE_PATTERN = r"^[A-Za-z0-9-]{4,40}$"
EXAMPLE = "SH-0001"

# Tests assert these.
GOOD_REFERENCE = (f"Use your authority's pseudonymous reference for the learner, such as "
                  f"{EXAMPLE}: 4 to 40 letters, digits or hyphens, with at least one digit.")
_LOOKS_LIKE = "'{{value}}' looks like {what}, which would identify the learner. " + GOOD_REFERENCE
LOOKS_LIKE_UPN = _LOOKS_LIKE.format(what="a UPN (a letter and 12 digits)")
LOOKS_LIKE_NHS_NUMBER = _LOOKS_LIKE.format(what="an NHS number")
LOOKS_LIKE_ULN = _LOOKS_LIKE.format(what="a ULN (unique learner number)")
LOOKS_LIKE_ULN_OR_NHS_NUMBER = _LOOKS_LIKE.format(
    what="a ULN or an NHS number (it has their 10 digits)")
LOOKS_LIKE_DATE = _LOOKS_LIKE.format(what="a date")
LOOKS_LIKE_NAME = _LOOKS_LIKE.format(what="a name")
LOOKS_LIKE_EMAIL = _LOOKS_LIKE.format(what="an email address")
LOOKS_LIKE_PHONE = _LOOKS_LIKE.format(what="a phone number")
LOOKS_LIKE_POSTCODE = _LOOKS_LIKE.format(what="a postcode")
NOT_A_REFERENCE = "'{value}' is not a learner reference. " + GOOD_REFERENCE
# A goal that seems to hold what identifies the young person: a warning, not a refusal (the LA
# reads it and chooses).
MAY_IDENTIFY = ("It looks as if it holds {what}, which could identify the learner. Goals "
                "should not name anyone or give a date of birth or contact details.")

# Not preceded or followed by a digit (or, for letters, a letter or digit).
_UPN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][0-9]{11}[A-Za-z0-9](?![A-Za-z0-9])")
_TEN_DIGITS = re.compile(r"(?<![0-9])([0-9]{3})[ -]?([0-9]{3})[ -]?([0-9]{4})(?![0-9])")
_PHONE = re.compile(r"^(?:\+?44|0)[0-9]{9,10}$")
_PHONE_IN = re.compile(r"(?<![0-9])0[0-9]{10}(?![0-9])")
_ISO_DATE = re.compile(r"(?<![0-9])([0-9]{4})[-./ ]([0-9]{1,2})[-./ ]([0-9]{1,2})(?![0-9])")
_DMY_DATE = re.compile(r"(?<![0-9])([0-9]{1,2})[-./ ]([0-9]{1,2})[-./ ]([0-9]{4}|[0-9]{2})(?![0-9])")
_EIGHT_DIGITS = re.compile(r"(?<![0-9])([0-9]{8})(?![0-9])")
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[ -]?[0-9][A-Za-z]{2}"
                       r"(?![A-Za-z0-9])")
_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")  # a word with lower case, as names are written
_TWO_CAPITALISED = re.compile(r"[A-Z][a-z]+[A-Z][a-z]+")
_EMAIL_IN = re.compile(r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}")
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(?:\+44 ?|0)[0-9]{2,4}[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}(?![0-9])")
# A title before a capitalised word: "Mrs Patel", "Dr. Jones".
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? [A-Z][a-z]+")


def _weighted(digits: str) -> int:
    """The first nine digits weighted 10 down to 2, summed, modulo 11 (both check digits')."""
    return sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11


def nhs_number_valid(digits: str) -> bool:
    """An NHS number's modulus 11 check: 11 minus the remainder (11 read as 0; 10: invalid)."""
    check = 11 - _weighted(digits)
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def uln_valid(digits: str) -> bool:
    """A ULN's check (the Learning Records Service's): 10 minus the remainder, never 10; a
    ULN never starts with 0."""
    check = 10 - _weighted(digits)
    return digits[0] != "0" and check != 10 and check == int(digits[9])


def _a_date(year: int, month: int, day: int) -> bool:
    if year < 100:
        year += 2000
    if not 1900 <= year <= 2100:
        return False
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _has_date(value: str) -> bool:
    for match in _ISO_DATE.finditer(value):
        if _a_date(*map(int, match.groups())):
            return True
    for match in _DMY_DATE.finditer(value):
        first, second, year = map(int, match.groups())
        if _a_date(year, second, first) or _a_date(year, first, second):
            return True
    for match in _EIGHT_DIGITS.finditer(value):
        d = match.group(1)
        if _a_date(int(d[:4]), int(d[4:6]), int(d[6:])) or \
                _a_date(int(d[4:]), int(d[2:4]), int(d[:2])):
            return True
    return False


def _looks_like_name(value: str) -> bool:
    if not re.search(r"[0-9]", value):
        return True
    words = [part for part in re.split(r"[^A-Za-z0-9]+", value) if _WORD.fullmatch(part)]
    return len(words) >= 2 and all(len(w) >= 2 for w in words) or \
        bool(_TWO_CAPITALISED.search(value))


def _ten_digits(value: str) -> str | None:
    """The message for a ULN- or NHS-number-shaped run of 10 digits in ``value``, if any."""
    for match in _TEN_DIGITS.finditer(value):
        digits = "".join(match.groups())
        if nhs_number_valid(digits):
            return LOOKS_LIKE_NHS_NUMBER
        if uln_valid(digits):
            return LOOKS_LIKE_ULN
        return LOOKS_LIKE_ULN_OR_NHS_NUMBER
    return None


def text_concerns(text: str) -> list[str]:
    """What in a piece of free text (a goal) looks like it identifies someone, in words ("a
    date", "an email address"), each once, in a fixed order; none for plain text."""
    found = []
    if _EMAIL_IN.search(text):
        found.append("an email address")
    if looks_like_upn(text):
        found.append("a UPN")
    if _ten_digits(text) is not None:
        found.append("a ULN or an NHS number")
    elif _PHONE_IN_TEXT.search(text):
        found.append("a phone number")
    if _has_date(text):
        found.append("a date")
    if _POSTCODE.search(text):
        found.append("a postcode")
    if _TITLED_NAME.search(text):
        found.append("a name")
    return found


def looks_like_upn(reference: str) -> bool:
    return bool(_UPN.search(reference))


def reference_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a learner reference (the message, quoting it), or
    None for a good one."""
    value = value.strip()
    compact = re.sub(r"[ -]", "", value)
    if "@" in value:
        message = LOOKS_LIKE_EMAIL
    elif looks_like_upn(value):
        message = LOOKS_LIKE_UPN
    elif _PHONE.fullmatch(compact) or _PHONE_IN.search(value):
        message = LOOKS_LIKE_PHONE
    elif (ten := _ten_digits(value)) is not None:
        message = ten
    elif _has_date(value):
        message = LOOKS_LIKE_DATE
    elif _POSTCODE.search(value):
        message = LOOKS_LIKE_POSTCODE
    elif not re.fullmatch(REFERENCE_PATTERN, value):
        message = NOT_A_REFERENCE
    elif _looks_like_name(value):
        message = LOOKS_LIKE_NAME
    else:
        return None
    return message.format(value=shown(value))


def validate_reference(value: str) -> None:
    """The ``Learner.reference`` field's validator: ``reference_problem`` as a field error."""
    problem = reference_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="personal_identifier")
