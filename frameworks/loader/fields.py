"""Field readers for a data file's tree: each checks one field, records every problem with its
line, and returns a usable default so checking goes on."""
from __future__ import annotations

import difflib
from datetime import date

from .errors import (
    BAD_CHOICE,
    BAD_FORMAT,
    COLON_HINT,
    DID_YOU_MEAN,
    DUPLICATE_CODE,
    EMPTY,
    ITEM_WRONG_TYPE,
    QUOTE_HINT,
    REQUIRED,
    TOO_FEW,
    TOO_LONG,
    UNKNOWN_FIELD,
    WRONG_TYPE,
)
from .reading import Map


def describe(value) -> str:
    """What a wrong value is, in an author's words: "a list", "a number (1)", "empty"."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    return type(value).__name__


def _clean(text: str) -> str:
    """Trim the text and each line's end: layout is not content."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def max_length_of(model, field: str) -> int:
    """How many characters the model's column holds: the file is checked against the table."""
    return model._meta.get_field(field).max_length


def choices_text(values) -> str:
    """The allowed values for a message: 'a, b or c', with "" shown as '"" (none)'."""
    shown = ['"" (none)' if value == "" else value for value in values]
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]


class FieldReader:
    """Reads fields from one file's tree, collecting every error as "<file>, line <n>: ..."."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[str] = []

    def error(self, line: int, where: str, message: str) -> None:
        place = f"{where}: " if where else ""
        self.errors.append(f"{self.filename}, line {line}: {place}{message}")

    # Field readers: each reports its own problems and returns a usable default.

    def fields(self, mapping: Map, allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                message = UNKNOWN_FIELD.format(key=key)
                close = difflib.get_close_matches(str(key), allowed, n=1)
                if close:
                    message += DID_YOU_MEAN.format(suggestion=close[0])
                self.error(mapping.line_of(key), where, message)

    def text(self, mapping: Map, key: str, where: str, *, required=False, max_length=None,
             rule=None) -> str:
        value = mapping.get(key)
        line = mapping.line_of(key)
        if value is None:
            if required:
                self.error(line, where, REQUIRED.format(key=key))
            return ""
        if not isinstance(value, str):
            message = WRONG_TYPE.format(key=key, expected="text", actual=describe(value))
            if isinstance(value, int | float) and not isinstance(value, bool):
                message += QUOTE_HINT.format(value=value)
            self.error(line, where, message)
            return ""
        value = _clean(value)
        if required and not value:
            self.error(line, where, EMPTY.format(key=key))
        elif max_length and len(value) > max_length:
            self.error(line, where,
                       TOO_LONG.format(key=key, length=len(value), max_length=max_length))
        elif rule and value and not rule[0].fullmatch(value):
            self.error(line, where, BAD_FORMAT.format(key=key, rule=rule[1], value=value))
        return value

    def choice(self, mapping: Map, key: str, where: str, choices, *, required=False) -> str:
        value = self.text(mapping, key, where, required=required)
        # An empty value is either allowed ("" is a choice) or already reported as required.
        if value and value not in choices:
            self.error(
                mapping.line_of(key), where,
                BAD_CHOICE.format(key=key, choices=choices_text(choices), value=value),
            )
            return ""
        return value

    def integer(self, mapping: Map, key: str, where: str, *, required=False,
                missing: str = REQUIRED, **context) -> int | None:
        value = mapping.get(key)
        line = mapping.line_of(key)
        if value is None:
            if required:
                self.error(line, where, missing.format(key=key, **context))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(line, where, WRONG_TYPE.format(
                key=key, expected="a whole number", actual=describe(value)))
            return None
        return value

    def boolean(self, mapping: Map, key: str, where: str) -> bool:
        value = mapping.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(mapping.line_of(key), where, WRONG_TYPE.format(
                key=key, expected="true or false", actual=describe(value)))
            return False
        return value

    def items(self, mapping: Map, key: str, where: str, *, minimum=0, noun="item") -> list:
        """A list of mappings, as (item, line, index) triples; other items are reported."""
        value = mapping.get(key)
        line = mapping.line_of(key)
        if value is None:
            if minimum:
                self.error(line, where, REQUIRED.format(key=key))
            return []
        if not isinstance(value, list):
            self.error(line, where,
                       WRONG_TYPE.format(key=key, expected="a list", actual=describe(value)))
            return []
        if len(value) < minimum:
            self.error(line, where, TOO_FEW.format(key=key, minimum=minimum,
                                                   noun=noun if minimum == 1 else f"{noun}s"))
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.error(value.line_of(index), where, ITEM_WRONG_TYPE.format(
                    index=index + 1, key=key, expected="a mapping (code:, ... lines)",
                    actual=describe(item)))
                continue
            result.append((item, value.line_of(index), index + 1))
        return result

    def text_list(self, mapping: Map, key: str, where: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(mapping.line_of(key), where,
                       WRONG_TYPE.format(key=key, expected="a list", actual=describe(value)))
            return ()
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                message = ITEM_WRONG_TYPE.format(
                    index=index + 1, key=key, expected="text", actual=describe(item))
                if isinstance(item, dict):
                    message += COLON_HINT
                self.error(value.line_of(index), where, message)
                continue
            result.append(_clean(item))
        return tuple(result)

    def code(self, item: Map, where: str, rule, max_length: int, seen: dict, kind: str) -> str:
        code = self.text(item, "code", where, required=True, max_length=max_length, rule=rule)
        if code:
            line = item.line_of("code")
            if code in seen:
                self.error(line, where,
                           DUPLICATE_CODE.format(kind=kind, code=code, first_line=seen[code]))
            else:
                seen[code] = line
        return code
