"""Which requests are the user acting: a view marks a page polling by itself, and the session
timeout (qaportal.middleware) does not count it towards the idle limit."""

NOT_ACTIVITY = "_qaportal_not_activity"


def not_activity(request) -> None:
    """Mark ``request`` as the page polling by itself (htmx ``every``), not the user acting:
    it does not count towards the idle limit."""
    setattr(request, NOT_ACTIVITY, True)


def is_activity(request) -> bool:
    """Whether ``request`` is the user acting (not marked by ``not_activity``)."""
    return not getattr(request, NOT_ACTIVITY, False)
