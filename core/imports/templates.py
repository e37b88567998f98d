"""Writing an import's downloadable template: a heading row and example rows, as CSV (UTF-8
with a byte-order mark, which Excel opens correctly) or as an XLSX of one sheet (a bold,
frozen heading row; dates as dates, text as text)."""
import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def template_csv_bytes(headings: list[str], rows: list[list]) -> bytes:
    """Each value as ``str()`` gives it (format dates before, as the example needs)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx_bytes(headings: list[str], rows: list[list], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, heading in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(heading) + 2)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
