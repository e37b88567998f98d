"""What an import plan says: a change to a record held (each field's old and new value, as
people read them) and counts in words."""
from dataclasses import dataclass, field

# How many errors, and how many changes, a preview page lists: a 60,000-row file makes a page
# a browser and a screen reader can manage. The counts above them are whole.
PREVIEW_LIMIT = 500


@dataclass
class Change:
    """A record that applying changes: the file's row, what it is, each field's
    ``(column, old, new)`` as people read them, the object held and the values to write."""

    row: int
    what: str
    fields: list[tuple[str, str, str]]
    obj: object = None
    values: dict = field(default_factory=dict)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 goal", "3 goals" (``plural`` when the noun's is not its own plus "s")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def added_changed(added: int, changed: int, noun: str, plural: str | None = None) -> str:
    """ "3 goals added, 1 changed", "1 goal changed", or "" when neither."""
    if added and changed:
        return f"{counted(added, noun, plural)} added, {changed} changed"
    if added:
        return f"{counted(added, noun, plural)} added"
    if changed:
        return f"{counted(changed, noun, plural)} changed"
    return ""
