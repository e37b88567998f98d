"""Evidence files: the checks on an upload (size, and type by content as well as by name),
and sending a stored file to someone allowed to see it."""
import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

# Extension -> the content types its bytes may be detected as (None: plain text, no signature).
ALLOWED = {
    "pdf": ("application/pdf",),
    "doc": ("application/msword",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "xls": ("application/vnd.ms-excel", "application/msword"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "ppt": ("application/vnd.ms-powerpoint", "application/msword"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    "odt": ("application/vnd.oasis.opendocument.text",),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet",),
    "odp": ("application/vnd.oasis.opendocument.presentation",),
    "rtf": ("application/rtf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "webp": ("image/webp",),
    "heic": ("image/heic",),
    "txt": None,
    "csv": None,
}
TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv"}

FILE_TOO_BIG = "The file {name} is {size}. Choose a file smaller than {limit}."
FILE_EMPTY = "The file {name} is empty."
FILE_TYPE_NOT_ALLOWED = (
    "The file {name} must be a PDF, an Office document (Word, Excel, PowerPoint or "
    "OpenDocument), an image (PNG, JPEG, GIF, WebP, HEIC), a text file or a CSV file."
)
FILE_CONTENT_MISMATCH = (
    "The file {name} is named as a .{ext} file but its content is not. Save it again in that "
    "format, or rename it to match what it is."
)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_upload(upload) -> CheckedFile:
    """Validate an uploaded file; raise ValidationError with a message naming the file."""
    name = PurePath(upload.name or "file").name[:255]
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(FILE_EMPTY.format(name=name), code="empty")
    if upload.size > limit:
        raise ValidationError(
            FILE_TOO_BIG.format(name=name, size=human_size(upload.size), limit=human_size(limit)),
            code="too_big",
        )
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext not in ALLOWED:
        raise ValidationError(FILE_TYPE_NOT_ALLOWED.format(name=name), code="type")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if ALLOWED[ext] is None:
        content_type = TEXT_TYPES[ext]
        if not _looks_like_text(head):
            raise ValidationError(FILE_CONTENT_MISMATCH.format(name=name, ext=ext), code="content")
    else:
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED[ext]:
            raise ValidationError(FILE_CONTENT_MISMATCH.format(name=name, ext=ext), code="content")
        content_type = ALLOWED[ext][0]
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name=name, content_type=content_type, size=upload.size,
                       sha256=digest.hexdigest())


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            # The 8 KB cut may split a UTF-8 character: try without the last 3 bytes.
            try:
                head[:-3].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False


def send_evidence_file(evidence) -> FileResponse:
    """The file as a download under its original name (never a public URL: the caller has
    checked the user may see it); a 404 when storage has lost it."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)
