"""Writing a change so its django-simple-history row names who made it, and why."""
from django.db import models

# simple_history's history_change_reason column holds at most 100 characters.
CHANGE_REASON_LENGTH = 100


def save_with_history(obj: models.Model, *, by, reason: str | None = None) -> None:
    """Save ``obj`` with its history row recording ``by`` as the user and, when ``reason``
    is given (even as ""), that reason cut to the column's length. Validation stays with
    the caller: a service calls ``full_clean()`` where its rule needs it."""
    obj._history_user = by
    if reason is not None:
        obj._change_reason = reason[:CHANGE_REASON_LENGTH]
    obj.save()


def delete_with_history(obj: models.Model, *, by) -> None:
    """Delete ``obj`` with its history row recording ``by`` as the user."""
    obj._history_user = by
    obj.delete()
