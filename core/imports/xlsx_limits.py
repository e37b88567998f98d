"""The limits an uploaded XLSX is held to before openpyxl opens it, and their refusals.

openpyxl believes what a workbook says: a 1.7 KB file with one row numbered 30,000,000 makes it
yield thirty million empty rows, and a 1 MB file of three million shared strings loads them all
into memory before the first row is read. So every part of the ZIP is first read here as a
stream, with expat, counting what openpyxl would have to build: bytes unpacked (counted as they
come, whatever the ZIP declares), parts, rows by their number (blank or not) and the row the
sheet declares it reaches, cells, shared strings, and every other element. Anything past a limit
is refused before openpyxl sees the file, and the scan itself stops at the read's deadline.
"""
import io
import time
import zipfile
from xml.parsers import expat

# The namespace openpyxl reads worksheets and shared strings in (SHEET_MAIN_NS).
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# An import of 60,000 rows of 16 columns, with a 500-character goal on each (the outcomes
# import, the widest), unpacks to about 75 MB and 960,000 cells, with at most two new strings a
# row: these leave room for that and for a sheet's stray formatting, and refuse what could only
# be built to hurt.
MAX_UNPACKED_BYTES = 120 * 1024 * 1024
MAX_PARTS = 200
MAX_SHEET_ROWS = 65_000  # the last row number read, heading and blank rows included
MAX_CELLS = 1_200_000
# openpyxl parses a whole row before yielding it (600,000 cells took 10 s), so a row is
# bounded too: the read's deadline is then checked often enough to hold.
MAX_CELLS_PER_ROW = 1_000
MAX_SHARED_STRINGS = 200_000
# Styles, merged cells, formatting rules and the like: openpyxl builds each when it opens the
# workbook, before the read's deadline can be checked (99,000 cell styles took 7 s).
MAX_OTHER_ELEMENTS = 20_000
CHUNK = 64 * 1024

# Tests assert these.
TOO_BIG_UNPACKED = ("The workbook holds far more than an import needs (over 120 MB when "
                    "unpacked, or over 200 parts). Copy the rows you are importing into a new "
                    "workbook, or save them as CSV UTF-8, and upload that.")
SHEET_TOO_LONG = ("The sheet reaches down to row {row:,}, and the import reads rows down to "
                  f"{MAX_SHEET_ROWS:,} at most (empty rows count). Delete the rows below the ones "
                  "you are importing, or split them into smaller files, and upload again.")
TOO_MANY_CELLS = (f"The sheet has more than {MAX_CELLS:,} cells (empty cells with formatting "
                  "count). Copy only the columns and rows you are importing into a new "
                  "workbook, or save them as CSV UTF-8, and upload that.")
ROW_TOO_WIDE = (f"Row {{row:,}} has more than {MAX_CELLS_PER_ROW:,} cells (empty cells with "
                "formatting count), far more than the import's columns. Delete the columns to "
                "the right of the import's, or save the sheet as CSV UTF-8, and upload again.")
TOO_MANY_STRINGS = (f"The workbook holds more than {MAX_SHARED_STRINGS:,} different pieces of "
                    "text, far more than an import needs. Copy the rows you are importing into "
                    "a new workbook, or save them as CSV UTF-8, and upload that.")
TOO_MUCH_FORMATTING = ("The workbook has more styles, merged cells or formatting rules than "
                       "the import can read. Copy the rows you are importing into a new workbook "
                       "as values only, or save them as CSV UTF-8, and upload that.")


class Refused(Exception):
    """The workbook is past a limit: ``message`` says which and what to do."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class Damaged(Exception):
    """The workbook is not a readable ZIP of XML parts."""


class TooSlow(Exception):
    """The scan reached the read's deadline."""


class _Count:
    """What the parts hold, so far, over the whole workbook."""

    def __init__(self):
        self.cells = self.strings = self.other = 0


def _row_number(text: str | None, previous: int) -> int:
    # openpyxl numbers a row without "r" as the one after the previous row.
    if text is None:
        return previous + 1
    if not text.isdigit():
        raise Damaged
    return int(text)


def _declared_last_row(ref: str) -> int:
    """The last row of a dimension such as "A1:J30000000" (or "A1"); 0 when unreadable."""
    last = ref.split(":")[-1].lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return int(last) if last.isdigit() else 0


def _scan_part(read, count: _Count, deadline: float) -> None:
    """Read one part through ``read(n)``, counting its elements; stop at the first limit."""
    parser = expat.ParserCreate(namespace_separator=" ")
    last_row = in_row = 0

    def start(name, attributes):
        nonlocal last_row, in_row
        namespace, _, local = name.rpartition(" ")
        if namespace != MAIN:
            count.other += 1
        elif local == "c":
            count.cells += 1
            in_row += 1
            if in_row > MAX_CELLS_PER_ROW:
                raise Refused(ROW_TOO_WIDE.format(row=last_row))
            if count.cells > MAX_CELLS:
                raise Refused(TOO_MANY_CELLS)
            return
        elif local == "row":
            last_row = _row_number(attributes.get("r"), last_row)
            in_row = 0
            if last_row > MAX_SHEET_ROWS:
                raise Refused(SHEET_TOO_LONG.format(row=last_row))
            return
        elif local == "si":
            count.strings += 1
            if count.strings > MAX_SHARED_STRINGS:
                raise Refused(TOO_MANY_STRINGS)
            return
        elif local == "dimension":
            declared = _declared_last_row(attributes.get("ref", ""))
            if declared > MAX_SHEET_ROWS:
                raise Refused(SHEET_TOO_LONG.format(row=declared))
        elif local not in ("v", "t", "is", "f", "r", "rPr", "sheetData"):
            count.other += 1
        if count.other > MAX_OTHER_ELEMENTS:
            raise Refused(TOO_MUCH_FORMATTING)

    parser.StartElementHandler = start
    while chunk := read(CHUNK):
        if time.monotonic() > deadline:
            raise TooSlow
        try:
            parser.Parse(chunk, False)
        except expat.ExpatError:
            # Not XML (an image, say): openpyxl only reads the parts that are, and refuses a
            # workbook whose XML is broken on its own.
            return
    try:
        parser.Parse(b"", True)
    except expat.ExpatError:
        return


def check_xlsx(content: bytes, *, deadline: float) -> None:
    """Refuse a workbook past any limit (``Refused``), one that is no ZIP (``Damaged``), or
    whose scan reaches ``deadline`` (``TooSlow``, a ``time.monotonic()`` value)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_archive(archive, deadline)
    except (Refused, TooSlow):
        raise
    except Exception:  # a damaged ZIP fails in zipfile, zlib or struct, in many ways
        raise Damaged from None


def _check_archive(archive: zipfile.ZipFile, deadline: float) -> None:
    members = archive.infolist()
    if len(members) > MAX_PARTS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise Refused(TOO_BIG_UNPACKED)
    count = _Count()
    unpacked = 0
    for member in members:
        if member.is_dir():
            continue
        with archive.open(member) as part:
            # The sizes a ZIP declares may lie: count the bytes as they unpack.
            def limited(n, part=part):
                nonlocal unpacked
                data = part.read(n)
                unpacked += len(data)
                if unpacked > MAX_UNPACKED_BYTES:
                    raise Refused(TOO_BIG_UNPACKED)
                return data

            _scan_part(limited, count, deadline)
