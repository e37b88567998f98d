"""Helpers for report tests: PDF text extraction. (The demo data, ``demo``, is the whole
suite's fixture: ``tests/conftest.py``.)"""
import io
import re

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace folded to single spaces (table cells wrap lines)."""
    assert pdf.startswith(b"%PDF"), pdf[:20]
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))
