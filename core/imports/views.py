"""The Confirm step every import page shares: finding the user's own kept upload, and what to
show when it cannot be applied now or was applied before. Each import's view says what comes
after (its own preview again, its own success message)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect

from core.forms import parse_id

from .files import ImportFileError
from .uploads import ALREADY_APPLIED

NO_SUCH_UPLOAD = "No such upload of yours."


def own_upload(request, uploads):
    """The kept upload the form names (POST ``upload``) among ``uploads`` that the user made
    (a 404 for any other)."""
    pk = parse_id(request.POST.get("upload"))
    upload = uploads.filter(pk=pk, uploaded_by=request.user).first() if pk else None
    if upload is None:
        raise Http404(NO_SUCH_UPLOAD)
    return upload


def confirmed(request, confirm, *, again: str, already: str):
    """``confirm()``'s ``(plan, applied)``, or the redirect to show instead: back to ``again``
    with the reason when the file cannot be read or applied now, to ``already`` (saying so)
    when it was applied before."""
    try:
        plan, applied = confirm()
    except (ImportFileError, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(again)
    if plan is None:
        messages.info(request, ALREADY_APPLIED)
        return redirect(already)
    return plan, applied
