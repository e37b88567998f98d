"""Log lines as JSON (one object a line, for a log collector) or as text (``LOG_FORMAT=text``,
for a person reading a terminal): Django's, the libraries' and ours alike, each with the
request id and, in the worker, the task's (``core.tracing``), from structlog's context.

Every line: ``timestamp`` (UTC), ``level``, ``logger``, ``event``, and what was bound or
given (``request_id``, ``task_id``, ``task``; a request's ``method``, ``route``, ``view``,
``status``, ``ms`` and ``queries``). Nothing a user typed is logged: a request's route is its
URL pattern (``visits/<int:pk>/``), never its address or query string, and Django's own
lines about a request give the route in place of the address (``WithoutAddresses``)."""
import logging

import structlog
from django.core.exceptions import ImproperlyConfigured

FORMATS = ("json", "text")
NO_ROUTE = "(no route)"


class WithoutAddresses(logging.Filter):
    """Django's request loggers name the address asked for ("Not Found: /organisations/…/"),
    which may hold what somebody typed: a name or an email address in a mistyped link. The
    address is replaced by its route (the URL pattern), as the request's own line gives it."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple):
            match = getattr(request, "resolver_match", None)
            addresses = {getattr(request, "path", None), getattr(request, "path_info", None)}
            record.args = tuple((match.route if match else NO_ROUTE) if arg in addresses
                                else arg for arg in record.args)
        return True


def _shared() -> list:
    return [structlog.contextvars.merge_contextvars, structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True)]


def logging_settings(fmt: str, level: str) -> dict:
    """Django's ``LOGGING`` for lines in ``fmt`` ("json" or "text") at ``level`` and above,
    and structlog set to write through it."""
    if fmt not in FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *_shared(),
                    structlog.stdlib.PositionalArgumentsFormatter(),
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True)
    renderer = (structlog.processors.JSONRenderer() if fmt == "json"
                else structlog.dev.ConsoleRenderer(colors=False))
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"lines": {
            "()": structlog.stdlib.ProcessorFormatter,
            "foreign_pre_chain": _shared(),
            "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                           structlog.processors.format_exc_info, renderer]}},
        "filters": {"without_addresses": {"()": WithoutAddresses}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "lines",
                                 "filters": ["without_addresses"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # django-axes logs every sign-in at INFO; keep lock-outs (WARNING) and above.
            "axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            # Its INFO lines (a task started, finished) give way to core.tracing's one line
            # a task; its failures (ERROR) still show.
            "django_tasks": {"level": "WARNING"},
        },
    }
