"""Reading an import file (CSV or XLSX) into a heading row and data rows, with the limits and
the wording of every refusal about the file itself (an XLSX's limits before it is opened are
``core.imports.xlsx_limits``'). What the columns and rows mean is each import's own."""
import csv
import datetime
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from . import xlsx_limits
from .xlsx_limits import MAX_SHEET_ROWS

# One LA's year of outcomes (50,000 goals) fits one file: as CSV about 6 MB, as XLSX 2.5 MB.
MAX_BYTES = 15 * 1024 * 1024
MAX_ROWS = 60_000
MAX_COLUMNS = 60  # of an XLSX sheet; the imports have at most 16
MAX_LINE_CHARS = 20_000  # of a CSV line: a row of any import is under 2,000
# Reading a file stops here: gunicorn ends a request at 30 s, and checking the rows against
# the database and showing them comes after (50,000 rows: CSV read in 0.5 s, XLSX in 11 s).
MAX_SECONDS = 20
EXTENSIONS = (".csv", ".xlsx")

# Tests assert these.
WRONG_TYPE = "Choose a CSV or XLSX file: its name must end in .csv or .xlsx."
TOO_LARGE = "The file is larger than 15 MB. Split it into smaller files and import each."
TOO_MANY_ROWS = ("The file has more than 60,000 rows. Split it into smaller files and import "
                 "each.")
EMPTY_FILE = "The file is empty: it needs a heading row and at least one row below it."
NO_ROWS = "The file has a heading row but no rows below it."
NOT_UTF8 = ("The file is not UTF-8 text. In Excel choose Save As, “CSV UTF-8 (Comma "
            "delimited)”, and upload it again.")
NOT_CSV = "The file cannot be read as CSV (line {line}: {problem})."
NOT_XLSX = "The file cannot be read as an XLSX workbook. Save it from Excel as .xlsx or .csv."
NO_HEADING = "Column {column} has no heading: every column with values needs one."
CSV_TOO_LONG = ("The file goes on to row {row:,}, and the import reads rows down to "
                f"{MAX_SHEET_ROWS:,} at most (empty rows count). Delete the empty rows at the "
                "end, or split the rows into smaller files, and upload again.")
LINE_TOO_LONG = (f"Line {{line}} is longer than {MAX_LINE_CHARS:,} characters, far longer than "
                 "a row of the import. Check that this is the file you meant, one row to a "
                 "line, and upload it again.")
TOO_SLOW = (f"The file took more than {MAX_SECONDS} seconds to read, so it was not imported. "
            "Save it as CSV UTF-8, or split it into smaller files, and upload each.")

# C0 control characters and DEL (NUL among them): never stored, never echoed as they are.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class ImportFileError(Exception):
    """A file refused before its rows are checked; ``messages`` says every reason."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Sheet:
    """The heading row as written and an iterator of ``(row number, cells)``: the row number
    is the one the spreadsheet shows (the heading is row 1); blank rows are skipped. Cells
    are text, or from XLSX numbers, dates and datetimes as the cell holds them."""

    headings: list[str]
    rows: Iterator[tuple[int, list]]


def column_letter(index: int) -> str:
    """A, B, ... Z, AA, ... for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_filename(name: str) -> str:
    """The uploaded file's own name, without folders or control characters, cut to 200."""
    return CONTROL_CHARACTERS.sub("", PurePath(name.replace("\\", "/")).name)[:200] or "upload"


def file_kind(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFileError([WRONG_TYPE])
    return suffix[1:]


def _blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _numbered(rows, first: int, deadline: float, too_long: str) -> Iterator[tuple[int, list]]:
    """Number the rows (the heading is row 1), skip blank ones, stop past the row limits
    (rows read, blank or not; rows with values) or the deadline."""
    count = 0
    for number, cells in enumerate(rows, start=first):
        if time.monotonic() >= deadline:
            raise ImportFileError([TOO_SLOW])
        if number > MAX_SHEET_ROWS:
            raise ImportFileError([too_long.format(row=number)])
        if _blank(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError([TOO_MANY_ROWS])
        yield number, list(cells)


def _headings(cells) -> list[str]:
    headings = ["" if c is None else str(c).strip() for c in cells]
    while headings and not headings[-1]:
        headings.pop()
    if not headings:
        raise ImportFileError([EMPTY_FILE])
    return headings


def _csv_sheet(content: bytes, deadline: float) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError([NOT_UTF8]) from None
    too_long = re.search(f"[^\n]{{{MAX_LINE_CHARS + 1}}}", text)
    if too_long:
        raise ImportFileError([LINE_TOO_LONG.format(line=text.count("\n", 0, too_long.start()) + 1)])
    reader = csv.reader(io.StringIO(text, newline=""))

    def rows():
        try:
            yield from reader
        except csv.Error as exc:
            raise ImportFileError([NOT_CSV.format(line=reader.line_num, problem=exc)]) from None

    lines = rows()
    first = next(lines, None)
    if first is None or _blank(first):
        raise ImportFileError([EMPTY_FILE])
    return Sheet(_headings(first), _numbered(lines, 2, deadline, CSV_TOO_LONG))


def _xlsx_sheet(content: bytes, deadline: float) -> Sheet:
    from openpyxl import load_workbook

    try:
        xlsx_limits.check_xlsx(content, deadline=deadline)
    except xlsx_limits.Refused as exc:
        raise ImportFileError([exc.message]) from None
    except xlsx_limits.Damaged:
        raise ImportFileError([NOT_XLSX]) from None
    except xlsx_limits.TooSlow:
        raise ImportFileError([TOO_SLOW]) from None

    def rows(lines):
        try:
            yield from lines
        except Exception:  # a damaged workbook fails in openpyxl, zipfile or an XML parser
            raise ImportFileError([NOT_XLSX]) from None

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        # Only the first columns are read: a sheet claiming 16,384 columns costs no more.
        lines = rows(book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS))
        first = next(lines, None)
    except ImportFileError:
        raise
    except Exception:  # as above, on opening
        raise ImportFileError([NOT_XLSX]) from None
    if first is None or _blank(first):
        raise ImportFileError([EMPTY_FILE])
    return Sheet(_headings(first), _numbered(lines, 2, deadline, xlsx_limits.SHEET_TOO_LONG))


def read_sheet(content: bytes, filename: str) -> Sheet:
    """The file's heading row, and its rows to read one by one (a refusal about the file
    itself is an ``ImportFileError``, raised as soon as it is found, and reading it stops
    ``MAX_SECONDS`` after it starts)."""
    deadline = time.monotonic() + MAX_SECONDS
    kind = file_kind(filename)
    if len(content) > MAX_BYTES:
        raise ImportFileError([TOO_LARGE])
    if not content.strip():
        raise ImportFileError([EMPTY_FILE])
    return _csv_sheet(content, deadline) if kind == "csv" else _xlsx_sheet(content, deadline)


def cell_text(value) -> str:
    """A cell as text: XLSX whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def shown(text: str, limit: int = 40) -> str:
    """A value quoted in a message: control characters as "?", cut to ``limit``."""
    text = CONTROL_CHARACTERS.sub("?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
