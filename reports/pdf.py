"""The one place that turns HTML into PDF (WeasyPrint), with a fetcher that reads only local
static and media files, so a report never reaches the network."""
import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; the portal's root logger is at INFO, so without
# this every download would write a dozen lines to the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

REFUSED = "Reports load only static and media files; refused {url}"

# WeasyPrint takes seconds to break one overlong word into lines (a 5,000-letter word in a
# table cell: about 7 s), and people's text may hold one. A zero-width space after every
# LONG_RUN letters of such a word gives the layout a place to break at no cost: 0.7 s.
LONG_RUN = 24
_TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")
_LONG_RUN = re.compile(rf"[^\s&<>]{{{LONG_RUN}}}(?=[^\s&<>])")


def soften_long_words(html: str) -> str:
    """``html`` with a zero-width space after every LONG_RUN letters of a longer word, in
    text only (never inside a tag or a character reference)."""
    def soften(text):
        return ">" + _LONG_RUN.sub(lambda run: run.group(0) + "\u200b", text.group(1)) + "<"
    return _TEXT_BETWEEN_TAGS.sub(soften, html)


class ResourceRefused(ValueError):
    """A report asked for something other than a local static or media file."""


def _roots() -> list[Path]:
    """The folders a ``file:`` URL may point into."""
    roots = [settings.STATIC_ROOT, settings.MEDIA_ROOT]
    for entry in settings.STATICFILES_DIRS:
        roots.append(entry[1] if isinstance(entry, list | tuple) else entry)
    return [Path(root).resolve() for root in roots if root]


def _inside(path: Path, roots) -> bool:
    return any(path.is_relative_to(root) for root in roots)


class LocalFilesFetcher(URLFetcher):
    """Serves ``/static/...`` URLs from STATIC_ROOT or the static finders, and ``file:`` URLs
    under STATIC_ROOT, STATICFILES_DIRS or MEDIA_ROOT. Everything else (http, https, data,
    ftp, other files) is refused with :class:`ResourceRefused`; nothing is opened over a network.

    A ``/static/`` URL may come as a ``file:`` URL (a ``file:`` base URL), from the report's
    own origin (an ``http(s)`` base URL) or from STATIC_URL's own host when it is absolute:
    in every case the file is read from disk."""

    def __init__(self, base_url: str = "", **kwargs):
        super().__init__(**kwargs)
        base = urlsplit(base_url or "")
        self._origin = (base.scheme, base.netloc) if base.scheme in ("http", "https") else None

    def fetch(self, url, headers=None):
        path = self.local_path(url)
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def local_path(self, url: str) -> Path:
        """The local file a URL stands for; :class:`ResourceRefused` if it is not allowed."""
        parts = urlsplit(url)
        name = self._static_name(parts)
        if name is not None:
            found = self._find_static(name)
        elif parts.scheme == "file" and not parts.netloc:
            candidate = Path(url2pathname(unquote(parts.path))).resolve()
            found = candidate if _inside(candidate, _roots()) else None
        else:
            found = None
        if found is None or not found.is_file():
            logger.warning(REFUSED.format(url=url[:200]))
            raise ResourceRefused(REFUSED.format(url=url[:200]))
        return found

    def _static_name(self, parts) -> str | None:
        """The static file name (relative to STATIC_URL) a URL points at, or None."""
        static = urlsplit(settings.STATIC_URL)
        if static.netloc:
            if (parts.scheme, parts.netloc) != (static.scheme, static.netloc):
                return None
        elif parts.scheme in ("http", "https"):
            if self._origin is None or (parts.scheme, parts.netloc) != self._origin:
                return None
        elif parts.scheme != "file" or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path.startswith(static.path):
            return None
        name = path[len(static.path):]
        segments = name.split("/")
        if not name or any(s in ("", ".", "..") for s in segments) or "\\" in name:
            return ""  # a static URL, but not a plain file name: refused
        return name

    @staticmethod
    def _find_static(name: str) -> Path | None:
        if not name:
            return None
        if settings.STATIC_ROOT:
            root = Path(settings.STATIC_ROOT).resolve()
            collected = (root / name).resolve()
            if collected.is_relative_to(root) and collected.is_file():
                return collected
        try:
            found = finders.find(name)
        except SuspiciousFileOperation:
            return None
        return Path(found).resolve() if found else None


def render_pdf(template_name: str, context: dict, *, base_url: str) -> bytes:
    """Render a template to PDF. The only caller of WeasyPrint in the project.

    ``base_url`` resolves relative URLs in the template (``/static/...``); whatever it is,
    only local static and media files are read."""
    html = soften_long_words(render_to_string(template_name, context))
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalFilesFetcher(base_url))
    return document.write_pdf(pdf_tags=True)
