"""Files of providers for the organisations import tests, written as CSV or XLSX from rows of
text; and the world's commissioners ready to be named in them."""
import csv
import io

from openpyxl import Workbook

HEADINGS = ["name", "provider_type", "urn", "ukprn", "address", "postcode", "la_area",
            "commissioned_by"]
ROWS = [
    ["Brook House Tuition", "Independent alternative provider", "100001", "", "1 Brook Lane, "
     "Hinckley", "le10 1aa", "Leicestershire", "shire-council; North SEIP"],
    ["Meadow Farm Learning", "ap_school", "", "10012345", "Meadow Farm\nMelton Road", "LE13 0AB",
     "Leicestershire", "shire-council"],
    ["Quarry Skills", "Supported internship provider / college", "100003", "10012347",
     "3 Quarry Road, Mountsorrel", "LE12 7AA", "Leicestershire", ""],
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


def many_rows(count: int, start: int = 200000) -> list[list]:
    """``count`` providers, each with its own URN, commissioned by the world's LA."""
    return [[f"Provider {n}", "ap_school", str(start + n), "", f"{n} High Street", "LE1 6ZG",
             "Leicestershire", "shire-council"] for n in range(count)]
