"""An import file's heading row: which known column each heading is, and the refusals of
headings that are unknown, missing, repeated or empty (before any row is read)."""
import re

from .files import ImportFileError, column_letter, shown

# Tests assert these.
NO_HEADING = "Column {column} has no heading: every column with values needs one."
UNKNOWN_COLUMNS = "Unknown column: {columns}. The columns are: {known}."
MISSING_COLUMNS = "Required column missing: {columns}."
DUPLICATE_COLUMN = "The column {column} appears more than once."


def normal_heading(text: str) -> str:
    """A heading as compared: trimmed, lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s-]+", "_", str(text).strip().lower())


def column_index(headings: list[str], known: list[str], required) -> dict[str, int]:
    """The position of each known column among ``headings`` (compared by ``normal_heading``),
    or ``ImportFileError`` with every problem: unknown headings first (with the known ones),
    then empty and repeated headings, then the ``required`` columns missing."""
    canonical = {normal_heading(c): c for c in known}
    problems, index, unknown = [], {}, []
    for position, heading in enumerate(headings):
        written = normal_heading(heading)
        name = canonical.get(written, written)
        if not name:
            problems.append(NO_HEADING.format(column=column_letter(position)))
        elif name not in known:
            unknown.append(shown(heading))
        elif name in index:
            if DUPLICATE_COLUMN.format(column=name) not in problems:
                problems.append(DUPLICATE_COLUMN.format(column=name))
        else:
            index[name] = position
    if unknown:
        problems.insert(0, UNKNOWN_COLUMNS.format(columns=", ".join(unknown),
                                                  known=", ".join(known)))
    missing = [c for c in required if c not in index]
    if missing:
        problems.append(MISSING_COLUMNS.format(columns=", ".join(missing)))
    if problems:
        raise ImportFileError(problems)
    return index
