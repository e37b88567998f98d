"""Each request served under an id (``core.tracing``), returned in ``X-Request-ID``, and
logged in one line when it is answered: its method, its route (the URL pattern, never the
address or query string, which may hold what a user typed), the view, the status, the time
and the number of database queries. The load balancer's ``/healthz`` is logged at DEBUG,
below the default level."""
import time

import structlog
from django.db import connection

from core import tracing

logger = structlog.get_logger("qaportal.requests")
QUIET_VIEWS = {"healthz"}  # asked every few seconds by the load balancer


class _Counter:
    """Counts the queries run through the connection it wraps (``execute_wrapper``)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """First of the middleware, so that its line times and counts everything."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = tracing.request_id_from(request.META.get(tracing.META_KEY))
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        began, queries = time.perf_counter(), _Counter()
        try:
            with connection.execute_wrapper(queries):
                response = self.get_response(request)
            response[tracing.HEADER] = request_id
            match = request.resolver_match
            view = match.view_name if match else None
            (logger.debug if view in QUIET_VIEWS else logger.info)(
                "request", method=request.method[:16], route=match.route if match else None,
                view=view, status=response.status_code,
                ms=round((time.perf_counter() - began) * 1000, 1), queries=queries.count)
            return response
        finally:
            structlog.contextvars.clear_contextvars()
