"""Project-wide views: health check, accessibility statement, session keep-alive and error pages."""
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import outage, statements
from .middleware import record_activity


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 with the database's status when it answers; 503 with the reason when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        response = JsonResponse(
            {"status": "error", "database": "unavailable", "reason": str(exc).strip()[:300]},
            status=503,
        )
        response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
def keep_alive(request):
    """"Stay signed in": the signed-in user is still there, so the idle limit starts again.
    (A session that has already ended never gets here: the timeout middleware answers.)"""
    record_activity(request.session, force=True)
    return HttpResponse(status=204)


@login_not_required
def accessibility(request):
    return render(request, "pages/accessibility.html", {
        "deployment": statements.deployment(), "known_issues": statements.KNOWN_ISSUES,
        "testing": statements.TESTING, "prepared": statements.PREPARED,
        "last_reviewed": statements.LAST_REVIEWED, "last_tested": statements.LAST_TESTED,
    })


@login_not_required
def privacy(request):
    return render(request, "pages/privacy.html", {
        "deployment": statements.deployment(),
        "invitation_days": settings.INVITATION_VALID_DAYS,
    })


def _error(request, status, template, exception=None):
    return render(request, template, status=status)


@login_not_required
def bad_request(request, exception=None):
    """The 400 page; for the API (``/api/``), the API's JSON error, naming the parameter that
    held what was refused (a NUL character: ``RejectNulMiddleware``) where it was one."""
    if request.path.startswith("/api/"):
        parameter = next((name for name, values in request.GET.lists()
                          if "\x00" in name or any("\x00" in v for v in values)), None)
        return JsonResponse({"detail": str(exception) if exception else "Bad request.",
                             "parameter": parameter}, status=400)
    return _error(request, 400, "400.html")


@login_not_required
def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


@login_not_required
def page_not_found(request, exception=None):
    return _error(request, 404, "404.html")


@login_not_required
def server_error(request):
    """500; or 503 when the database is unavailable (``qaportal.outage``). Django calls this from
    whichever middleware or view raised, with the exception still being handled, so one check
    here covers a failure loading the session or user as well as one in a view or a template.
    Rendered without the request context: the failure may lie in a context processor."""
    exc = sys.exc_info()[1]
    if outage.database_unavailable(exc):
        return outage.unavailable_response(request, exc)
    html = loader.get_template("500.html").render({"service_name": settings.SERVICE_NAME})
    return HttpResponse(html, status=500)
