"""The PDF URL fetcher serves only local static and media files; nothing reaches the network."""
from pathlib import Path

import pytest
from django.conf import settings

from reports.pdf import LONG_RUN, LocalFilesFetcher, ResourceRefused, soften_long_words


@pytest.fixture
def fetcher():
    return LocalFilesFetcher("file:///")


@pytest.mark.parametrize("url", [
    "http://example.com/report.css",
    "https://example.com/static/reports/report.css",
    "ftp://example.com/report.css",
    "data:text/css,body{color:red}",
    "//example.com/static/reports/report.css",
])
def test_fetcher_refuses_network_and_inline_urls(fetcher, url):
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)


@pytest.mark.parametrize("path", ["/etc/passwd", str(Path(settings.BASE_DIR) / "manage.py"),
                                  str(Path(settings.BASE_DIR) / "qaportal" / "settings" / "base.py")])
def test_fetcher_refuses_files_outside_static_and_media(fetcher, path):
    with pytest.raises(ResourceRefused):
        fetcher.fetch(Path(path).as_uri())


@pytest.mark.parametrize("url", [
    "file:///static/../../etc/passwd",
    "file:///static/%2e%2e/%2e%2e/etc/passwd",
    "file:///static/reports/../../../manage.py",
    "file:///static/",
    "file://otherhost/static/reports/report.css",
])
def test_fetcher_refuses_static_urls_that_climb_out_or_name_no_file(fetcher, url):
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)


def test_fetcher_serves_static_files_through_the_finders(fetcher):
    response = fetcher.fetch("file:///static/reports/report.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_fetcher_serves_files_under_staticfiles_dirs_by_path(fetcher):
    stylesheet = Path(settings.STATICFILES_DIRS[0]) / "govuk" / "qaportal.css"
    assert fetcher.fetch(stylesheet.as_uri()).read() == stylesheet.read_bytes()


def test_fetcher_serves_media_files_by_path(fetcher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = tmp_path / "logos" / "logo.png"
    image.parent.mkdir()
    image.write_bytes(b"\x89PNG fake")
    assert fetcher.fetch(image.as_uri()).read() == b"\x89PNG fake"


def test_fetcher_with_a_web_base_url_serves_that_origins_static_files_from_disk():
    fetcher = LocalFilesFetcher("http://testserver/")
    assert b"@page" in fetcher.fetch("http://testserver/static/reports/report.css").read()
    for url in ["http://elsewhere.example/static/reports/report.css",
                "http://testserver/accounts/login/", "https://testserver/static/reports/report.css"]:
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)


def test_only_reports_pdf_calls_weasyprint():
    """One place renders PDFs: no other module calls write_pdf or imports weasyprint."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in base.rglob("*.py"):
        relative = path.relative_to(base)
        if ({".venv", "node_modules", ".git"} & set(relative.parts) or relative.parts[0] == "tests"
                or relative == Path("reports/pdf.py")):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if "write_pdf" in text or "import weasyprint" in text or "from weasyprint" in text:
            offenders.append(str(relative))
    assert not offenders, f"WeasyPrint is called outside reports/pdf.py: {offenders}"


def test_a_long_word_gets_places_to_break_in_text_but_never_inside_a_tag():
    word = "x" * (LONG_RUN * 2 + 1)
    html = f'<p class="{"c" * 60}">{word} short &amp; {"y" * LONG_RUN}</p>'
    softened = soften_long_words(html)
    assert softened == (f'<p class="{"c" * 60}">{"x" * LONG_RUN}\u200b{"x" * LONG_RUN}\u200bx'
                        f' short &amp; {"y" * LONG_RUN}</p>')
