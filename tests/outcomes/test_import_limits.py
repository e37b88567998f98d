"""Hostile import files, built here with zipfile (each a few KB): a sheet reaching down to row
30,000,000, a sheet declaring such a size, a shared-strings bomb, a workbook that unpacks to far
more than it weighs, too many cells; and CSV files too long, too wide or too slow. Each is
refused before it is read, quickly, with a message saying what to do, on the form too."""
import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports import files as import_files
from core.imports import xlsx_limits
from core.imports.files import ImportFileError
from outcomes.importer import import_check
from outcomes.models import GoalOutcome

from .helpers import ROWS, csv_bytes, xlsx_bytes

# Far quicker than any of these files took before they were checked (90 s for the first).
QUICK = 5.0


def rewritten(content: bytes, **changes) -> bytes:
    """A copy of a workbook with members changed: ``changes`` maps a member's name (``/`` as
    ``__``, ``.`` as ``_``) to a function from its old bytes (b"" when new) to its new ones."""
    names = {k.replace("__", "/").replace("_xml", ".xml").replace("_bin", ".bin"): f
             for k, f in changes.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in names:
                data = names.pop(info.filename)(data)
            target.writestr(info.filename, data)
        for name, change in names.items():
            target.writestr(name, change(b""))
    return out.getvalue()


def moved_last_row(to: int):
    """The sheet's last row (row 4) moved down to row ``to``, its cells with it, and no
    dimension declared (openpyxl then reads every row down to it)."""
    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*" ?/>', b"", xml)
        xml = xml.replace(b'<row r="4"', f'<row r="{to}"'.encode())
        return re.sub(rb'r="([A-Z]+)4"', rf'r="\g<1>{to}"'.encode(), xml)
    return change


def check(world, content, filename="outcomes.xlsx"):
    return import_check(content=content, filename=filename, local_authority=world.la)


def refused(world, content, filename="outcomes.xlsx") -> list[str]:
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refusal:
        check(world, content, filename)
    assert time.monotonic() - started < QUICK
    return refusal.value.messages


def test_the_ordinary_file_passes_every_limit(shire):
    assert check(shire, xlsx_bytes()).ok and check(shire, csv_bytes(), "o.csv").ok


@pytest.mark.parametrize("row", [xlsx_limits.MAX_SHEET_ROWS + 1, 30_000_000])
def test_a_row_far_down_the_sheet_is_refused_quickly(shire, row):
    content = rewritten(xlsx_bytes(), xl__worksheets__sheet1_xml=moved_last_row(row))
    assert len(content) < 10_000
    assert refused(shire, content) == [xlsx_limits.SHEET_TOO_LONG.format(row=row)]


def test_a_sheet_declaring_millions_of_rows_is_refused_before_any_row(shire):
    content = rewritten(xlsx_bytes(), xl__worksheets__sheet1_xml=lambda xml: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:J30000000"', xml))
    assert refused(shire, content) == [xlsx_limits.SHEET_TOO_LONG.format(row=30_000_000)]


def test_blank_rows_count_towards_the_rows_read(shire):
    # Twenty thousand data rows would pass; empty rows in between still count.
    content = rewritten(xlsx_bytes(), xl__worksheets__sheet1_xml=lambda xml: xml.replace(
        b"</sheetData>", b"".join(f'<row r="{n}"/>'.encode()
                                  for n in range(5, xlsx_limits.MAX_SHEET_ROWS + 3))
        + b"</sheetData>"))
    assert refused(shire, content) == [
        xlsx_limits.SHEET_TOO_LONG.format(row=xlsx_limits.MAX_SHEET_ROWS + 1)]


def test_a_shared_strings_bomb_is_refused(shire):
    # openpyxl loads every shared string listed in the content types before the first row.
    bomb = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>x</t></si>" * (xlsx_limits.MAX_SHARED_STRINGS + 1) + b"</sst>")
    listed = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
              b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    content = rewritten(xlsx_bytes(), xl__sharedStrings_xml=lambda _: bomb, **{
        "[Content_Types]_xml": lambda xml: xml.replace(b"</Types>", listed)})
    assert len(content) < 100_000
    assert refused(shire, content) == [xlsx_limits.TOO_MANY_STRINGS]


def test_a_workbook_unpacking_to_too_much_is_refused(shire):
    content = rewritten(xlsx_bytes(), xl__media__padding_bin=lambda _: b"\0" * (
        xlsx_limits.MAX_UNPACKED_BYTES + 1))
    assert len(content) < 200_000  # a small file that unpacks to far more
    assert refused(shire, content) == [xlsx_limits.TOO_BIG_UNPACKED]


def test_a_workbook_of_many_parts_is_refused(shire):
    parts = {f"xl__extra__part{n}_xml": (lambda _: b"<a/>")
             for n in range(xlsx_limits.MAX_PARTS)}
    assert refused(shire, rewritten(xlsx_bytes(), **parts)) == [xlsx_limits.TOO_BIG_UNPACKED]


def test_a_sheet_of_too_many_cells_is_refused(shire):
    row = b"<row>" + b"<c/>" * xlsx_limits.MAX_CELLS_PER_ROW + b"</row>"
    rows = row * (xlsx_limits.MAX_CELLS // xlsx_limits.MAX_CELLS_PER_ROW + 1)
    content = rewritten(xlsx_bytes(), xl__worksheets__sheet1_xml=lambda xml: xml.replace(
        b"</sheetData>", rows + b"</sheetData>"))
    assert refused(shire, content) == [xlsx_limits.TOO_MANY_CELLS]


def test_a_row_of_many_cells_is_refused_with_its_number(shire):
    # openpyxl parses every cell of a row before it yields the row: 600,000 took 10 s.
    cells = b"<c><v>1</v></c>" * (xlsx_limits.MAX_CELLS_PER_ROW + 1)
    content = rewritten(xlsx_bytes(), xl__worksheets__sheet1_xml=lambda xml: xml.replace(
        b"</sheetData>", b'<row r="5">' + cells + b"</row></sheetData>"))
    assert refused(shire, content) == [xlsx_limits.ROW_TOO_WIDE.format(row=5)]


def test_a_workbook_of_too_many_styles_is_refused(shire):
    style = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    content = rewritten(xlsx_bytes(), xl__styles_xml=lambda xml: xml.replace(
        b"</cellXfs>", style * xlsx_limits.MAX_OTHER_ELEMENTS + b"</cellXfs>"))
    assert refused(shire, content) == [xlsx_limits.TOO_MUCH_FORMATTING]


def test_a_file_taking_too_long_to_read_is_refused(shire, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_SECONDS", 0)
    for content, name in ((xlsx_bytes(), "o.xlsx"), (csv_bytes(), "o.csv")):
        assert refused(shire, content, name) == [import_files.TOO_SLOW]


def test_a_csv_of_blank_lines_past_the_limit_is_refused(shire):
    content = csv_bytes() + b"\r\n" * import_files.MAX_SHEET_ROWS
    assert refused(shire, content, "o.csv") == [
        import_files.CSV_TOO_LONG.format(row=import_files.MAX_SHEET_ROWS + 1)]


def test_a_csv_line_too_long_is_refused_with_its_number(shire):
    wide = ",".join(ROWS[0]) + "," * import_files.MAX_LINE_CHARS
    content = csv_bytes() + wide.encode() + b"\r\n"
    assert refused(shire, content, "o.csv") == [import_files.LINE_TOO_LONG.format(line=5)]


def test_a_refused_workbook_is_explained_next_to_the_file_field(shire, client_for):
    client = client_for(shire.users["la_commissioner"])
    content = rewritten(xlsx_bytes(), xl__worksheets__sheet1_xml=moved_last_row(30_000_000))
    response = client.post(reverse("outcomes:import"),
                           {"file": SimpleUploadedFile("outcomes.xlsx", content)})
    assert response.status_code == 200
    page = response.content.decode()
    message = xlsx_limits.SHEET_TOO_LONG.format(row=30_000_000)
    assert "govuk-error-summary" in page and 'href="#id_file"' in page
    assert response.context["form"].errors["file"] == [message]
    assert not GoalOutcome.objects.exists()
