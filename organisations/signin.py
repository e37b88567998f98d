"""One spelling of a sign-in email address, shared by signing in and by the lockout guarding it."""
from django.conf import settings


def normalise_email(value: str) -> str:
    """The one spelling of an email address as typed at sign-in: an address is one account
    whatever its case (addresses are stored lower-case), so it is one account for the lockout
    too — otherwise each spelling would get its own five guesses."""
    return value.strip().lower()


def lockout_username(request, credentials: dict | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: what django-axes counts failures against, from the
    credentials given to ``authenticate`` or, where it has none, from the posted form."""
    if credentials:
        # The sign-in form's "login" (django-allauth), or the address as a backend got it.
        value = (credentials.get(settings.AXES_USERNAME_FORM_FIELD) or credentials.get("email")
                 or credentials.get("username"))
    else:
        value = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    return normalise_email(value) if isinstance(value, str) else None
