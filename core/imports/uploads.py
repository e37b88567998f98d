"""An uploaded import file kept between its preview and its confirmation, so that Confirm
applies exactly the bytes that were previewed (checked again then, never a stale plan): the
fields every import's upload table has (``KeptUpload``, abstract), keeping one, confirming
it once, and deleting the previews never confirmed."""
import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

# An uploaded file is kept this long for its Confirm (the framework upload's preview lasts as
# long); the daily run deletes older previews, so no file's data is held unimported.
PREVIEW_LASTS = datetime.timedelta(hours=1)

# Tests assert these.
PREVIEW_EXPIRED = ("This file was checked more than an hour ago and has not been kept. "
                   "Upload it again to check and import it.")
ALREADY_APPLIED = "This file has already been imported: nothing more was changed."


class KeptUpload(models.Model):
    """One upload by one user: the file's name and bytes as uploaded, and whether it has
    been applied. An import's own table adds what the upload is for (an LA, say)."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Applied"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEWED)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    @classmethod
    def in_hand(cls) -> models.Q:
        """The uploads being applied elsewhere (an import's task worker, say): neither
        superseded by a new upload nor pruned while that goes on. None, unless an import says."""
        return models.Q(pk__in=[])


def upload_keep(model: type[KeptUpload], *, filename: str, content: bytes, by,
                sha256: str | None = None, fields: dict | None = None, **scope) -> KeptUpload:
    """Keep an uploaded file for its preview and Confirm. It supersedes the user's earlier
    previews with the same ``scope`` (an LA, say), which are dropped: their Confirm is then
    a 404, and the user uploads again. ``fields``: other fields of the import's own table."""
    model.objects.filter(uploaded_by=by, state=KeptUpload.State.PREVIEWED, **scope).exclude(
        model.in_hand()).delete()
    return model.objects.create(uploaded_by=by, filename=filename, content=content,
                                sha256=sha256 or hashlib.sha256(content).hexdigest(), **scope,
                                **(fields or {}))


def upload_prune(model: type[KeptUpload], *, now: datetime.datetime | None = None) -> int:
    """Delete the files previewed but not applied within ``PREVIEW_LASTS`` (the daily run
    calls this). Applied uploads keep only who imported what file when, and stay. Returns how
    many were deleted."""
    cutoff = (now or timezone.now()) - PREVIEW_LASTS
    deleted, _ = model.objects.filter(state=KeptUpload.State.PREVIEWED,
                                      uploaded_at__lt=cutoff).exclude(model.in_hand()).delete()
    return deleted


def upload_applied(upload: KeptUpload, *, now: datetime.datetime) -> None:
    """Mark an upload applied, inside the transaction that applied it: its rows live in the
    tables now, so its bytes are not kept twice."""
    upload.state = KeptUpload.State.APPLIED
    upload.applied_at = now
    upload.content = b""
    upload.save(update_fields=["state", "applied_at", "content"])


def upload_confirm(upload: KeptUpload, *, check: Callable, apply: Callable, lock: bool = True):
    """Check the kept file again and apply it when it has no errors: ``(plan, applied)``.
    ``check(content, filename)`` returns a plan (``plan.ok`` when it has no errors) or raises
    the import's ``ImportFileError``; ``apply(plan, upload)`` writes it and calls
    ``upload_applied``. An upload already applied is left alone, ``(None, False)``: a second
    Confirm does nothing. One too old is refused (``PREVIEW_EXPIRED``). ``lock=False`` leaves
    the upload's row unlocked until ``upload_applied`` writes it: for a caller that holds the
    upload by other means (the task worker's run) and writes its progress on that row from
    another connection while the import's transaction is open."""
    with transaction.atomic():
        uploads = type(upload).objects
        upload = (uploads.select_for_update() if lock else uploads).get(pk=upload.pk)
        if upload.state == KeptUpload.State.APPLIED:
            return None, False
        if upload.uploaded_at < timezone.now() - PREVIEW_LASTS:
            raise ValidationError(PREVIEW_EXPIRED)
        plan = check(bytes(upload.content), upload.filename)
        if not plan.ok:
            return plan, False
        apply(plan, upload)
    return plan, True
