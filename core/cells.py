"""Text a spreadsheet would run as a formula, made harmless, and a CSV written so: every
download of the portal's (``reports.spreadsheets``, learner-level files) and every template an
import offers goes through here.

A spreadsheet treats a cell starting with =, +, - or @ (or a tab or carriage return) as a
formula, even behind leading spaces or control characters, so such text gets a leading quote.
"""
import csv
import io
import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets skip these before looking for a formula: whitespace (any kind) and control
# characters (the XLSX writer drops those itself, but a CSV keeps them).
_SKIPPED_BEFORE_FORMULA = re.compile(r"^[\s\x00-\x1f\x7f]+")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula, with a quote in front; other values as
    they are."""
    if isinstance(value, str) and (
            value.startswith(FORMULA_PREFIXES)
            or _SKIPPED_BEFORE_FORMULA.sub("", value).startswith(FORMULA_PREFIXES)):
        return "'" + value
    return value


def csv_bytes(headings: list[str], rows) -> bytes:
    """A heading row and ``rows`` (of text), every cell through ``safe_cell``, as UTF-8 with a
    byte-order mark, so Excel opens accented text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")
