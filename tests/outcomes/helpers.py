"""Import files for the outcomes tests, written as CSV or XLSX from rows of text."""
import csv
import io

import pytest
from openpyxl import Workbook

HEADINGS = ["learner_ref", "year_of_birth", "primary_need", "provider", "academic_year",
            "review_date", "goal", "pfa_area", "rating", "soft_confidence"]
ROWS = [
    ["SH-0001", "2007", "ASD", "100001", "2025/26", "2026-03-12", "Travel to college by bus",
     "independent_living", "fully_met", "4"],
    ["SH-0001", "2007", "ASD", "100001", "2025/26", "2026-03-12", "Make a sandwich",
     "independent_living", "partially_met", ""],
    ["SH-0002", "2008", "Speech, language and communication needs", "riverside-college",
     "2025/26", "14/05/2026", "Complete a work placement", "Employment", "Not met",
     "About the same"],
]


def csv_bytes(headings=None, rows=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS if headings is None else headings)
    writer.writerows(ROWS if rows is None else rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(headings=None, rows=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS if headings is None else headings)
    for row in ROWS if rows is None else rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_cell(column, value, row=0, rows=None):
    """A copy of the rows with one cell changed."""
    rows = [list(r) for r in (ROWS if rows is None else rows)]
    rows[row][HEADINGS.index(column)] = value
    return rows


@pytest.fixture
def shire(world, outcome_scheme):
    """The world, with Riverside College given its URN and the scheme loaded."""
    world.provider.reference = "100001"
    world.provider.save()
    return world
