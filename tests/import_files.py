"""Import files for tests, written as CSV or XLSX from a heading row and rows of text: one
``ImportFile`` per import (its usual headings and rows), whose builders take other headings or
rows where a test needs them."""
import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook


@dataclass(frozen=True)
class ImportFile:
    headings: list
    rows: list

    def csv_bytes(self, headings=None, rows=None) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.headings if headings is None else headings)
        writer.writerows(self.rows if rows is None else rows)
        return out.getvalue().encode("utf-8")

    def xlsx_bytes(self, headings=None, rows=None) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.append(self.headings if headings is None else headings)
        for row in self.rows if rows is None else rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def with_cell(self, column, value, row=0, rows=None) -> list[list]:
        """A copy of the rows with one cell changed."""
        rows = [list(r) for r in (self.rows if rows is None else rows)]
        rows[row][self.headings.index(column)] = value
        return rows
