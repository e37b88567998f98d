"""Reading a data file's YAML into plain values that remember the line each key and item is on."""
from __future__ import annotations

from typing import Any

import yaml

from .errors import (
    DUPLICATE_KEY,
    EMPTY_FILE,
    KEY_NOT_TEXT,
    SYNTAX_CONTEXT,
    SYNTAX_ERROR,
    TOO_COMPLEX,
    UNSUPPORTED_VALUE,
    FrameworkFileError,
)

# Guards against alias bombs and self-referring files (uploads come from outside).
MAX_DEPTH = 40
MAX_NODES = 200_000


class Map(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class Seq(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class _TooComplex(Exception):
    def __init__(self, line: int):
        self.line = line


class _TreeBuilder:
    """Builds plain values from ``yaml.compose``'s node tree, keeping each key's and item's line."""

    def __init__(self):
        self.constructor = yaml.SafeLoader("")
        self.errors: list[tuple[int, str]] = []
        self.nodes = 0

    def build(self, node: yaml.Node, depth: int = 0):
        line = node.start_mark.line + 1
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise _TooComplex(line)
        if isinstance(node, yaml.MappingNode):
            result = Map(line)
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    self.errors.append((key_line, KEY_NOT_TEXT))
                    continue
                key = self.scalar(key_node)
                if key in result.lines:
                    self.errors.append(
                        (key_line, DUPLICATE_KEY.format(key=key, first_line=result.lines[key]))
                    )
                    continue
                value = self.build(value_node, depth + 1)
                if isinstance(value, Map):
                    # A field missing from "scoring:" is reported on the "scoring:" line.
                    value.line = key_line
                result[key] = value
                result.lines[key] = key_line
            return result
        if isinstance(node, yaml.SequenceNode):
            result = Seq(line)
            for item in node.value:
                result.append(self.build(item, depth + 1))
                result.lines.append(item.start_mark.line + 1)
            return result
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode):
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            line = node.start_mark.line + 1
            self.errors.append((line, UNSUPPORTED_VALUE.format(problem=problem)))
            return None


def read_tree(text: str, filename: str):
    def at(line: int, message: str) -> str:
        return f"{filename}, line {line}: {message}"

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = SYNTAX_ERROR.format(problem=exc.problem or exc.context)
        if exc.context and exc.context_mark and exc.problem:
            message += SYNTAX_CONTEXT.format(context=exc.context, line=exc.context_mark.line + 1)
        raise FrameworkFileError([at(mark.line + 1 if mark else 1, message)]) from exc
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, position) + 1
        raise FrameworkFileError([at(line, SYNTAX_ERROR.format(problem=str(exc)))]) from exc
    if node is None:
        raise FrameworkFileError([at(1, EMPTY_FILE)])
    builder = _TreeBuilder()
    try:
        tree = builder.build(node)
    except _TooComplex as exc:
        raise FrameworkFileError([at(exc.line, TOO_COMPLEX)]) from None
    return tree, [at(line, message) for line, message in builder.errors]
