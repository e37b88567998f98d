"""A file the browser saves rather than shows: CSV, Excel or PDF, named for the user's
folder. Every download view answers through ``attachment``, so each format has one media type."""
from pathlib import PurePath

from django.http import HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def attachment(content: bytes, filename: str) -> HttpResponse:
    """``content`` to be saved as ``filename``, whose suffix names the format."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[PurePath(filename).suffix[1:]])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
