"""One row of an import file: reading its cells by column, the checks every import makes
(a required value, a choice by code or label, no value past the headings), and each problem
as a ``RowError`` naming the row and the column."""
from dataclasses import dataclass

from .files import cell_text, column_letter, shown

# Tests assert these.
REQUIRED = "Enter a value: this column is required."
BAD_CHOICE = "'{value}' is not one of: {choices} (the code or the label)."
VALUE_BEYOND_HEADINGS = "Column {column} has a value but no heading."


@dataclass(frozen=True)
class RowError:
    """One problem: the row as the spreadsheet numbers it (the heading is row 1), the column
    as headed in the import's vocabulary, what is wrong and, where the import names it, the
    column's letter in the file as uploaded."""

    row: int
    column: str
    message: str
    letter: str = ""

    @property
    def where(self) -> str:
        """ "row 3, column E (postcode)", or "row 3, postcode" without a letter."""
        if self.letter and self.letter != self.column:
            return f"row {self.row}, column {self.letter} ({self.column})"
        return f"row {self.row}, {self.column}"

    def __str__(self):
        return f"{self.where}: {self.message}"


class Vocabulary:
    """Code-or-label lookups (case-insensitive) for one column's choices: ``vocabulary(text)``
    is the code, or None; ``shown`` lists the labels for a message."""

    def __init__(self, pairs):
        pairs = list(pairs)
        self.shown = ", ".join(label for _, label in pairs)
        self.by_text = {}
        for code, label in pairs:
            self.by_text.setdefault(label.strip().lower(), code)
        for code, _ in pairs:
            self.by_text[code.lower()] = code

    def __call__(self, text: str) -> str | None:
        return self.by_text.get(text.strip().lower())


class RowReader:
    """One row's cells read by column name (``index``: column -> position, as
    ``columns.column_index`` gives it), every problem appended to ``errors``. A value in a
    column past the last heading is a problem at once. ``letters``: whether problems name
    the column's letter as well as its heading."""

    def __init__(self, number: int, cells: list, index: dict[str, int], errors: list[RowError],
                 *, required=(), letters: bool = True):
        self.number, self.cells, self.index, self.errors = number, cells, index, errors
        self.required = required
        self.letters = letters
        self.before = len(errors)
        for position in range(max(index.values()) + 1, len(cells)):
            if cell_text(cells[position]):
                letter = column_letter(position)
                errors.append(RowError(number, letter,
                                       VALUE_BEYOND_HEADINGS.format(column=letter)))

    @property
    def ok(self) -> bool:
        """No problem found in this row so far."""
        return len(self.errors) == self.before

    def error(self, column: str, message: str) -> None:
        position = self.index.get(column)
        letter = column_letter(position) if self.letters and position is not None else ""
        self.errors.append(RowError(self.number, column, message, letter))

    def raw(self, column: str):
        """The cell as read (text, or an XLSX number or date), None when empty or absent."""
        position = self.index.get(column)
        return self.cells[position] if position is not None and position < len(self.cells) \
            else None

    def text(self, column: str) -> str:
        """The cell as text (``files.cell_text``); an empty required cell is a problem."""
        value = cell_text(self.raw(column))
        if not value and column in self.required:
            self.error(column, REQUIRED)
        return value

    def choice(self, column: str, vocabulary: Vocabulary, value: str | None = None) -> str | None:
        """The code the column's text (or ``value``) names, by code or label; None when empty
        (a problem when required) or not one of them (a problem)."""
        value = self.text(column) if value is None else value
        if not value:
            return None
        code = vocabulary(value)
        if code is None:
            self.error(column, BAD_CHOICE.format(value=shown(value), choices=vocabulary.shown))
        return code
