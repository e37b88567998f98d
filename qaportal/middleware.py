"""Project-wide middleware: refuse requests no page of ours can answer."""
from urllib.parse import unquote

from django.core.exceptions import BadRequest

NUL_IN_REQUEST = "A NUL character in the address."


class RejectNulMiddleware:
    """A 400 Bad Request for a NUL character anywhere in the path or query string.

    No address of ours holds one, and PostgreSQL refuses NUL in text, so a NUL reaching a
    lookup (``/assessments/2/sections/%00/``, ``?q=a%00b``) would be a server error there
    and a quiet miss on SQLite. Answered here once rather than in every view. Posted text
    is the forms' job: Django's CharField already refuses NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if "\x00" in request.path_info or "\x00" in query:
            # Raised, not returned, so the 400 page comes from the project's handler400.
            raise BadRequest(NUL_IN_REQUEST)
        return self.get_response(request)
