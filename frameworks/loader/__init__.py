"""Framework data files: parse and validate YAML into plain dataclasses, then write the rows.

``parse_framework`` reports every problem in a file at once, each as
``"<file>, line <n>: <where>: <what is wrong>"``, so an author can fix a file in one pass.
``write_framework`` creates one framework version in one transaction. It never changes or
deletes a row that exists: the same content again is a no-op, different content under a
version that is already loaded is refused (a changed framework is a new version).
"""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisations.models import Organisation

from ..models import Criterion, Framework, RatingLevel, RatingScale, Section, SectionGroup

# Messages. Tests assert these; "{key}" is the field name as written in the file.
SYNTAX_ERROR = "YAML syntax error: {problem}"
SYNTAX_CONTEXT = " ({context}, from line {line})"
NOT_UTF8 = "the file is not UTF-8 text"
EMPTY_FILE = "the file is empty"
NOT_A_MAPPING = (
    "the file must hold a framework's fields (slug:, version:, name:, ...), not {actual}"
)
TOO_COMPLEX = "the file is nested too deeply, too large, or refers to itself"
UNSUPPORTED_VALUE = "this value cannot be read: {problem}"
KEY_NOT_TEXT = "a field name must be text"
DUPLICATE_KEY = "'{key}' is given twice (first on line {first_line})"
UNKNOWN_FIELD = "unknown field '{key}'"
DID_YOU_MEAN = " (did you mean '{suggestion}'?)"
REQUIRED = "'{key}' is required"
EMPTY = "'{key}' must not be empty"
WRONG_TYPE = "'{key}' must be {expected}, not {actual}"
ITEM_WRONG_TYPE = "item {index} of '{key}' must be {expected}, not {actual}"
QUOTE_HINT = ' (put it in quotes: "{value}")'
COLON_HINT = " (YAML reads 'words: more words' as a mapping: put the text in quotes)"
TOO_LONG = "'{key}' is {length} characters long; at most {max_length} fit"
BAD_FORMAT = "'{key}' must be {rule}, not '{value}'"
BAD_CHOICE = "'{key}' must be one of {choices}, not '{value}'"
TOO_FEW = "'{key}' needs at least {minimum} {noun}"
NEGATIVE = "'{key}' must not be negative"
DUPLICATE_CODE = "{kind} code '{code}' is used twice (first on line {first_line})"
UNKNOWN_SCALE = (
    "'{key}' names scale '{code}', which is not defined under 'scales' (defined: {defined})"
)
UNKNOWN_GROUP = (
    "'group' names group '{code}', which is not defined under 'groups' (defined: {defined})"
)
UNKNOWN_SECTION = (
    "'key_sections' names section '{code}', which is not defined under 'sections' "
    "(defined: {defined})"
)
UNKNOWN_PARAMETER = "'{key}' is not a parameter of scheme '{scheme}' (its parameters: {known})"
REQUIRED_FOR_SCHEME = "'{key}' is required for scheme '{scheme}'"
IMPROVEMENT_LEVELS_TOO_MANY = (
    "'improvement_levels' must be less than the number of levels of scale '{scale}' ({count})"
)
CHANGED_VERSION = (
    "{slug} version {version} is already loaded with different content. Loaded frameworks are "
    "never changed: a changed framework is a new version. Give it a new version (for example "
    'version: "{next_version}") in a new file, {slug}-{next_version}.yaml.'
)
LOADED_MEANWHILE = (
    "{slug} version {version} was loaded by someone else while this file was loading: "
    "load the file again to check it is unchanged."
)
ROW_INVALID = "{where}: {field}: {message}"
DUPLICATE_ITEM = "'{key}' names '{value}' twice (first on line {first_line})"

SLUG_RULE = (re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"), "lowercase letters, digits and hyphens")
VERSION_RULE = (
    re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*"),
    'letters and digits, with ".", "-" or "_" between them (e.g. "2" or "2024.1")',
)
CODE_RULE = (
    re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*"),
    'letters and digits, with ".", "-" or "_" between them (e.g. "1.2" or "3a")',
)
SLUGLIKE_RULE = (re.compile(r"[-a-zA-Z0-9_]+"), 'letters, digits, "-" or "_"')

FRAMEWORK_FIELDS = (
    "slug", "version", "name", "publisher", "source", "kind", "applies_to", "description",
    "guidance", "item_scale", "judgement_scale", "scoring", "action_plan_fields", "corrections", "scales",
    "groups", "sections",
)
GUIDANCE_FIELDS = ("heading", "body")
SCORING_FIELDS = ("scheme", "parameters")
CORRECTION_FIELDS = ("where", "seed", "corrected", "reason")
SCALE_FIELDS = ("code", "name", "description", "portal_default", "levels")
LEVEL_FIELDS = ("code", "label", "description", "points", "colour")
GROUP_FIELDS = ("code", "title", "description")
SECTION_FIELDS = (
    "code", "title", "group", "lead_statement", "description", "prompts", "evaluative_question",
    "concluding_prompt", "key_aspect", "criteria",
)
CRITERION_FIELDS = ("code", "title", "text", "prompts", "phase")
# Each scheme's parameters: name -> "int" or "section codes".
SCHEME_PARAMETERS = {
    Framework.Scheme.POINTS: {
        "section_max": "int", "total_max": "int", "action_plan_threshold": "int",
    },
    Framework.Scheme.RAG: {"key_sections": "section codes"},
    Framework.Scheme.LEVELS: {"improvement_levels": "int"},
}

# Guards against alias bombs and self-referring files (uploads come from outside).
MAX_DEPTH = 40
MAX_NODES = 200_000


class FrameworkFileError(Exception):
    """A data file that cannot be loaded; ``messages`` lists every problem found in it."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


# --- The parsed content: plain values, no ORM -----------------------------------------------


@dataclass(frozen=True)
class GuidanceData:
    heading: str
    body: str


@dataclass(frozen=True)
class CorrectionData:
    where: str
    seed: str
    corrected: str
    reason: str


@dataclass(frozen=True)
class LevelData:
    code: str
    label: str
    description: str
    points: int
    colour: str


@dataclass(frozen=True)
class ScaleData:
    code: str
    name: str
    description: str
    portal_default: bool
    levels: tuple[LevelData, ...]


@dataclass(frozen=True)
class GroupData:
    code: str
    title: str
    description: str


@dataclass(frozen=True)
class CriterionData:
    code: str
    title: str
    text: str
    prompts: tuple[str, ...]
    phase: str


@dataclass(frozen=True)
class SectionData:
    code: str
    title: str
    group: str
    lead_statement: str
    description: str
    prompts: tuple[str, ...]
    evaluative_question: str
    concluding_prompt: str
    key_aspect: bool
    criteria: tuple[CriterionData, ...]

    @property
    def criterion_count(self) -> int:
        return len(self.criteria)


@dataclass(frozen=True)
class FrameworkData:
    slug: str
    version: str
    name: str
    publisher: str
    source: str
    kind: str
    applies_to: tuple[str, ...]  # provider types; not part of the content (see content_hash)
    description: str
    guidance: tuple[GuidanceData, ...]
    item_scale: str
    judgement_scale: str
    scoring_scheme: str
    scoring_parameters: dict[str, Any]
    action_plan_fields: tuple[str, ...]
    corrections: tuple[CorrectionData, ...]
    scales: tuple[ScaleData, ...]
    groups: tuple[GroupData, ...]
    sections: tuple[SectionData, ...]

    @property
    def criterion_count(self) -> int:
        return sum(len(section.criteria) for section in self.sections)

    def content_hash(self) -> str:
        """sha256 of a canonical JSON of the content: comments and layout do not count.

        ``applies_to`` does not count either: who a framework is offered to is not what it
        says, and versions loaded before the field existed keep the hash they were loaded
        with, so loading their file again can record it (see ``write_framework``)."""
        content = dataclasses.asdict(self)
        del content["applies_to"]
        canonical = json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- YAML with line numbers -------------------------------------------------------------------


class _Map(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class _Seq(list):
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
            result = _Map(line)
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
                if isinstance(value, _Map):
                    # A field missing from "scoring:" is reported on the "scoring:" line.
                    value.line = key_line
                result[key] = value
                result.lines[key] = key_line
            return result
        if isinstance(node, yaml.SequenceNode):
            result = _Seq(line)
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


def _read_tree(text: str, filename: str):
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


# --- Validation -------------------------------------------------------------------------------


def _describe(value) -> str:
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


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _choices(values) -> str:
    shown = ['"" (none)' if value == "" else value for value in values]
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]


def _next_version(version: str) -> str:
    return str(int(version) + 1) if version.isdigit() else f"{version}.1"


class _Parser:
    """Checks one file's tree and turns it into ``FrameworkData``, collecting every error."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[str] = []

    def error(self, line: int, where: str, message: str) -> None:
        place = f"{where}: " if where else ""
        self.errors.append(f"{self.filename}, line {line}: {place}{message}")

    # Field readers: each reports its own problems and returns a usable default.

    def fields(self, mapping: _Map, allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                message = UNKNOWN_FIELD.format(key=key)
                close = difflib.get_close_matches(str(key), allowed, n=1)
                if close:
                    message += DID_YOU_MEAN.format(suggestion=close[0])
                self.error(mapping.line_of(key), where, message)

    def text(self, mapping: _Map, key: str, where: str, *, required=False, max_length=None,
             rule=None) -> str:
        value = mapping.get(key)
        line = mapping.line_of(key)
        if value is None:
            if required:
                self.error(line, where, REQUIRED.format(key=key))
            return ""
        if not isinstance(value, str):
            message = WRONG_TYPE.format(key=key, expected="text", actual=_describe(value))
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

    def choice(self, mapping: _Map, key: str, where: str, choices, *, required=False) -> str:
        value = self.text(mapping, key, where, required=required)
        # An empty value is either allowed ("" is a choice) or already reported as required.
        if value and value not in choices:
            self.error(
                mapping.line_of(key), where,
                BAD_CHOICE.format(key=key, choices=_choices(choices), value=value),
            )
            return ""
        return value

    def integer(self, mapping: _Map, key: str, where: str, *, required=False,
                missing: str = REQUIRED, **context) -> int | None:
        value = mapping.get(key)
        line = mapping.line_of(key)
        if value is None:
            if required:
                self.error(line, where, missing.format(key=key, **context))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(line, where, WRONG_TYPE.format(
                key=key, expected="a whole number", actual=_describe(value)))
            return None
        return value

    def boolean(self, mapping: _Map, key: str, where: str) -> bool:
        value = mapping.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(mapping.line_of(key), where, WRONG_TYPE.format(
                key=key, expected="true or false", actual=_describe(value)))
            return False
        return value

    def items(self, mapping: _Map, key: str, where: str, *, minimum=0, noun="item") -> list:
        """A list of mappings, as (item, line, index) triples; other items are reported."""
        value = mapping.get(key)
        line = mapping.line_of(key)
        if value is None:
            if minimum:
                self.error(line, where, REQUIRED.format(key=key))
            return []
        if not isinstance(value, list):
            self.error(line, where,
                       WRONG_TYPE.format(key=key, expected="a list", actual=_describe(value)))
            return []
        if len(value) < minimum:
            self.error(line, where, TOO_FEW.format(key=key, minimum=minimum,
                                                   noun=noun if minimum == 1 else f"{noun}s"))
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.error(value.line_of(index), where, ITEM_WRONG_TYPE.format(
                    index=index + 1, key=key, expected="a mapping (code:, ... lines)",
                    actual=_describe(item)))
                continue
            result.append((item, value.line_of(index), index + 1))
        return result

    def text_list(self, mapping: _Map, key: str, where: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(mapping.line_of(key), where,
                       WRONG_TYPE.format(key=key, expected="a list", actual=_describe(value)))
            return ()
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                message = ITEM_WRONG_TYPE.format(
                    index=index + 1, key=key, expected="text", actual=_describe(item))
                if isinstance(item, dict):
                    message += COLON_HINT
                self.error(value.line_of(index), where, message)
                continue
            result.append(_clean(item))
        return tuple(result)

    def provider_types(self, root: _Map) -> tuple[str, ...]:
        """``applies_to``: a list of at least one provider type, each once."""
        key, value, line = "applies_to", root.get("applies_to"), root.line_of("applies_to")
        if value is None:
            self.error(line, "", REQUIRED.format(key=key))
            return ()
        if not isinstance(value, list):
            message = WRONG_TYPE.format(key=key, expected="a list of provider types",
                                        actual=_describe(value))
            self.error(line, "", message)
            return ()
        if not value:
            self.error(line, "", TOO_FEW.format(key=key, minimum=1, noun="provider type"))
            return ()
        known = Organisation.ProviderType.values
        result, seen = [], {}
        for index, item in enumerate(value):
            item_line = value.line_of(index)
            if not isinstance(item, str):
                self.error(item_line, "", ITEM_WRONG_TYPE.format(
                    index=index + 1, key=key, expected="a provider type", actual=_describe(item)))
            elif item not in known:
                self.error(item_line, "", BAD_CHOICE.format(
                    key=key, choices=_choices(known), value=item))
            elif item in seen:
                self.error(item_line, "", DUPLICATE_ITEM.format(
                    key=key, value=item, first_line=seen[item]))
            else:
                seen[item] = item_line
                result.append(item)
        return tuple(result)

    def code(self, item: _Map, where: str, rule, max_length: int, seen: dict, kind: str) -> str:
        code = self.text(item, "code", where, required=True, max_length=max_length, rule=rule)
        if code:
            line = item.line_of("code")
            if code in seen:
                self.error(line, where,
                           DUPLICATE_CODE.format(kind=kind, code=code, first_line=seen[code]))
            else:
                seen[code] = line
        return code

    # The file's parts.

    def framework(self, root) -> FrameworkData | None:
        if not isinstance(root, dict):
            line = getattr(root, "line", 1)
            self.error(line, "", NOT_A_MAPPING.format(actual=_describe(root)))
            return None
        self.fields(root, FRAMEWORK_FIELDS, "")
        slug = self.text(root, "slug", "", required=True, max_length=_max_length(Framework, "slug"),
                         rule=SLUG_RULE)
        version = self.text(root, "version", "", required=True,
                            max_length=_max_length(Framework, "version"), rule=VERSION_RULE)
        name = self.text(root, "name", "", required=True, max_length=_max_length(Framework, "name"))
        publisher = self.text(root, "publisher", "", required=True,
                              max_length=_max_length(Framework, "publisher"))
        source = self.text(root, "source", "", required=True)
        kind = self.choice(root, "kind", "", Framework.Kind.values, required=True)
        applies_to = self.provider_types(root)
        description = self.text(root, "description", "", required=True)
        guidance = self.guidance(root)
        scales = self.scales(root)
        groups = self.groups(root)
        sections = self.sections(root, {group.code for group in groups})
        scales_by_code = {scale.code: scale for scale in scales}
        item_scale = self.scale_ref(root, "item_scale", scales_by_code, required=True)
        judgement_scale = self.scale_ref(root, "judgement_scale", scales_by_code, required=False)
        scheme, parameters = self.scoring(root, sections, scales_by_code.get(item_scale))
        action_plan_fields = self.text_list(root, "action_plan_fields", "")
        corrections = self.corrections(root)
        return FrameworkData(
            slug=slug, version=version, name=name, publisher=publisher, source=source, kind=kind,
            applies_to=applies_to, description=description, guidance=guidance, item_scale=item_scale,
            judgement_scale=judgement_scale, scoring_scheme=scheme, scoring_parameters=parameters,
            action_plan_fields=action_plan_fields, corrections=corrections, scales=scales,
            groups=groups, sections=sections,
        )

    def guidance(self, root: _Map) -> tuple[GuidanceData, ...]:
        result = []
        for item, _line, index in self.items(root, "guidance", ""):
            where = f"guidance {index}"
            self.fields(item, GUIDANCE_FIELDS, where)
            result.append(GuidanceData(
                heading=self.text(item, "heading", where, required=True),
                body=self.text(item, "body", where, required=True),
            ))
        return tuple(result)

    def corrections(self, root: _Map) -> tuple[CorrectionData, ...]:
        result = []
        for item, _line, index in self.items(root, "corrections", ""):
            where = f"correction {index}"
            self.fields(item, CORRECTION_FIELDS, where)
            result.append(CorrectionData(
                **{key: self.text(item, key, where, required=True) for key in CORRECTION_FIELDS}
            ))
        return tuple(result)

    def scales(self, root: _Map) -> tuple[ScaleData, ...]:
        result, seen = [], {}
        for item, _line, index in self.items(root, "scales", "", minimum=1, noun="scale"):
            code = self.code(item, f"scale #{index}", SLUGLIKE_RULE,
                             _max_length(RatingScale, "code"), seen, "scale")
            where = f"scale {code}" if code else f"scale #{index}"
            self.fields(item, SCALE_FIELDS, where)
            name = self.text(item, "name", where, required=True,
                             max_length=_max_length(RatingScale, "name"))
            description = self.text(item, "description", where)
            portal_default = self.boolean(item, "portal_default", where)
            levels, level_codes = [], {}
            for level, _level_line, level_index in self.items(item, "levels", where, minimum=2,
                                                              noun="level"):
                level_code = self.code(level, f"{where}: level #{level_index}", SLUGLIKE_RULE,
                                       _max_length(RatingLevel, "code"), level_codes, "level")
                level_where = f"{where}: level {level_code or '#' + str(level_index)}"
                self.fields(level, LEVEL_FIELDS, level_where)
                levels.append(LevelData(
                    code=level_code,
                    label=self.text(level, "label", level_where, required=True,
                                    max_length=_max_length(RatingLevel, "label")),
                    description=self.text(level, "description", level_where),
                    points=self.integer(level, "points", level_where, required=True) or 0,
                    colour=self.choice(level, "colour", level_where, RatingLevel.Colour.values),
                ))
            result.append(ScaleData(code=code, name=name, description=description,
                                    portal_default=portal_default, levels=tuple(levels)))
        return tuple(result)

    def groups(self, root: _Map) -> tuple[GroupData, ...]:
        result, seen = [], {}
        for item, _line, index in self.items(root, "groups", "", noun="group"):
            code = self.code(item, f"group #{index}", SLUGLIKE_RULE,
                             _max_length(SectionGroup, "code"), seen, "group")
            where = f"group {code}" if code else f"group #{index}"
            self.fields(item, GROUP_FIELDS, where)
            result.append(GroupData(
                code=code,
                title=self.text(item, "title", where, required=True,
                                max_length=_max_length(SectionGroup, "title")),
                description=self.text(item, "description", where),
            ))
        return tuple(result)

    def sections(self, root: _Map, group_codes: set[str]) -> tuple[SectionData, ...]:
        result, seen, criterion_codes = [], {}, {}
        for item, _line, index in self.items(root, "sections", "", minimum=1, noun="section"):
            code = self.code(item, f"section #{index}", CODE_RULE,
                             _max_length(Section, "code"), seen, "section")
            where = f"section {code}" if code else f"section #{index}"
            self.fields(item, SECTION_FIELDS, where)
            group = self.text(item, "group", where)
            if group and group not in group_codes:
                self.error(item.line_of("group"), where, UNKNOWN_GROUP.format(
                    code=group, defined=", ".join(sorted(group_codes)) or "none"))
            criteria = []
            for criterion, _c_line, c_index in self.items(item, "criteria", where, minimum=1,
                                                          noun="criterion"):
                c_code = self.code(criterion, f"{where}: criterion #{c_index}", CODE_RULE,
                                   _max_length(Criterion, "code"), criterion_codes, "criterion")
                c_where = f"{where}: criterion {c_code or '#' + str(c_index)}"
                self.fields(criterion, CRITERION_FIELDS, c_where)
                criteria.append(CriterionData(
                    code=c_code,
                    title=self.text(criterion, "title", c_where,
                                    max_length=_max_length(Criterion, "title")),
                    text=self.text(criterion, "text", c_where, required=True),
                    prompts=self.text_list(criterion, "prompts", c_where),
                    phase=self.choice(criterion, "phase", c_where, Criterion.Phase.values),
                ))
            result.append(SectionData(
                code=code,
                title=self.text(item, "title", where, required=True,
                                max_length=_max_length(Section, "title")),
                group=group,
                lead_statement=self.text(item, "lead_statement", where),
                description=self.text(item, "description", where),
                prompts=self.text_list(item, "prompts", where),
                evaluative_question=self.text(item, "evaluative_question", where),
                concluding_prompt=self.text(item, "concluding_prompt", where),
                key_aspect=self.boolean(item, "key_aspect", where),
                criteria=tuple(criteria),
            ))
        return tuple(result)

    def scale_ref(self, root: _Map, key: str, scales: dict, *, required: bool) -> str:
        code = self.text(root, key, "", required=required)
        if code and code not in scales:
            self.error(root.line_of(key), "", UNKNOWN_SCALE.format(
                key=key, code=code, defined=", ".join(sorted(scales)) or "none"))
        return code

    def scoring(self, root: _Map, sections, item_scale: ScaleData | None):
        scoring = root.get("scoring")
        if scoring is None:
            self.error(root.line_of("scoring"), "", REQUIRED.format(key="scoring"))
            return "", {}
        if not isinstance(scoring, dict):
            self.error(root.line_of("scoring"), "", WRONG_TYPE.format(
                key="scoring", expected="a mapping (scheme:, parameters:)",
                actual=_describe(scoring)))
            return "", {}
        self.fields(scoring, SCORING_FIELDS, "scoring")
        scheme = self.choice(scoring, "scheme", "scoring", Framework.Scheme.values, required=True)
        given = scoring.get("parameters")
        if given is None:
            given = _Map(scoring.line_of("parameters"))
        if not isinstance(given, dict):
            self.error(scoring.line_of("parameters"), "scoring", WRONG_TYPE.format(
                key="parameters", expected="a mapping (name: value lines)",
                actual=_describe(given)))
            return scheme, {}
        if not scheme:
            return scheme, {}
        where = "scoring: parameters"
        known = SCHEME_PARAMETERS[scheme]
        for key in given:
            if key not in known:
                self.error(given.line_of(key), where, UNKNOWN_PARAMETER.format(
                    key=key, scheme=scheme, known=", ".join(known)))
        parameters = {}
        for key, kind in known.items():
            if kind == "int":
                value = self.integer(given, key, where, required=True,
                                     missing=REQUIRED_FOR_SCHEME, scheme=scheme)
                if value is not None and value < 0:
                    self.error(given.line_of(key), where, NEGATIVE.format(key=key))
                parameters[key] = value
            elif key not in given or given[key] is None:
                self.error(given.line_of(key), where,
                           REQUIRED_FOR_SCHEME.format(key=key, scheme=scheme))
            else:
                parameters[key] = list(self.section_codes(given, key, where, sections))
        if scheme == Framework.Scheme.LEVELS and item_scale is not None:
            count = len(item_scale.levels)
            value = parameters.get("improvement_levels")
            if value is not None and value >= count:
                self.error(given.line_of("improvement_levels"), where,
                           IMPROVEMENT_LEVELS_TOO_MANY.format(scale=item_scale.code, count=count))
        return scheme, parameters

    def section_codes(self, given: _Map, key: str, where: str, sections) -> tuple[str, ...]:
        defined = [section.code for section in sections if section.code]
        codes = self.text_list(given, key, where)
        values = given.get(key)
        for index, code in enumerate(codes):
            if code not in defined:
                line = values.line_of(index) if isinstance(values, _Seq) else given.line_of(key)
                self.error(line, where,
                           UNKNOWN_SECTION.format(code=code, defined=", ".join(defined)))
        return codes


def parse_framework(text: str, *, filename: str) -> FrameworkData:
    """Parse and validate one data file's text; raise FrameworkFileError listing every problem."""
    tree, errors = _read_tree(text, filename)
    parser = _Parser(filename)
    parser.errors.extend(errors)
    data = parser.framework(tree)
    if parser.errors or data is None:
        raise FrameworkFileError(sorted(parser.errors, key=_line_order))
    return data


def _line_order(message: str) -> int:
    match = re.search(r", line (\d+):", message)
    return int(match.group(1)) if match else 0


# --- Writing ----------------------------------------------------------------------------------


class LoadStatus(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    # The same content, but the file now names other provider types: only applies_to changes.
    UPDATED = "updated"


@dataclass(frozen=True)
class LoadResult:
    """What loading one file did (or, on a dry run, would do)."""

    filename: str
    status: LoadStatus
    dry_run: bool
    data: FrameworkData
    framework_id: int | None  # the Framework row; None on a dry run that would create one
    previous_applies_to: tuple[str, ...] = ()  # UPDATED: what the loaded version said before

    @property
    def is_update(self) -> bool:
        return self.status == LoadStatus.UPDATED

    @property
    def counts(self) -> dict[str, int]:
        return {
            "groups": len(self.data.groups),
            "sections": len(self.data.sections),
            "criteria": self.data.criterion_count,
            "scales": len(self.data.scales),
        }

    def counts_text(self) -> str:
        """'3 groups, 13 sections, 20 criteria, 1 rating scale' (groups only when there are any)."""
        counts = self.counts
        parts = [f"{counts['groups']} groups"] if counts["groups"] else []
        parts += [
            f"{counts['sections']} section{'s' if counts['sections'] != 1 else ''}",
            f"{counts['criteria']} criteri{'a' if counts['criteria'] != 1 else 'on'}",
            f"{counts['scales']} rating scale{'s' if counts['scales'] != 1 else ''}",
        ]
        return ", ".join(parts)

    def summary(self) -> str:
        """One line for people: 'created si-qaf 1: 6 sections, 36 criteria, 1 rating scale'."""
        if self.status == LoadStatus.UNCHANGED:
            verb = "unchanged"
        elif self.status == LoadStatus.UPDATED:
            verb = "would update" if self.dry_run else "updated"
            was = ", ".join(self.previous_applies_to) or "none"
            return (f"{verb} {self.data.slug} {self.data.version}: applies to "
                    f"{', '.join(self.data.applies_to)} (was: {was})")
        else:
            verb = "would create" if self.dry_run else "created"
        return f"{verb} {self.data.slug} {self.data.version}: {self.counts_text()}"


def write_framework(data: FrameworkData, *, source_file: str, dry_run: bool = False) -> LoadResult:
    """Create the rows of one framework version, in one transaction.

    The same (slug, version) with the same content hash is a no-op; with a different hash it
    is refused. Existing rows are never changed or deleted, with one exception: when the
    content is the same but the file names other provider types in ``applies_to``, the
    loaded version's ``applies_to`` is set to match (it decides only which providers are
    offered the framework from now on, never what an existing assessment says). A dry run
    writes and rolls back, so it checks everything a real load would.
    """
    digest = data.content_hash()
    existing = Framework.objects.filter(slug=data.slug, version=data.version).first()
    if existing is not None:
        return _existing_result(existing, data, digest, source_file, dry_run)
    try:
        with transaction.atomic():
            framework = _create_rows(data, digest, source_file)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        if Framework.objects.filter(slug=data.slug, version=data.version).exists():
            raise FrameworkFileError(
                [f"{source_file}: " + LOADED_MEANWHILE.format(slug=data.slug, version=data.version)]
            ) from None
        raise
    return LoadResult(filename=source_file, status=LoadStatus.CREATED, dry_run=dry_run, data=data,
                      framework_id=None if dry_run else framework.pk)


def _existing_result(existing, data, digest, source_file, dry_run) -> LoadResult:
    if existing.content_hash != digest:
        raise FrameworkFileError([f"{source_file}: " + CHANGED_VERSION.format(
            slug=data.slug, version=data.version, next_version=_next_version(data.version))])
    previous = tuple(existing.applies_to)
    if previous == data.applies_to:
        return LoadResult(filename=source_file, status=LoadStatus.UNCHANGED, dry_run=dry_run,
                          data=data, framework_id=existing.pk)
    if not dry_run:
        with transaction.atomic():
            row = Framework.objects.select_for_update().get(pk=existing.pk)
            row.applies_to = list(data.applies_to)
            _save(row, "framework", source_file)
    return LoadResult(filename=source_file, status=LoadStatus.UPDATED, dry_run=dry_run,
                      data=data, framework_id=existing.pk, previous_applies_to=previous)


def _save(row, where: str, source_file: str, exclude=()) -> None:
    # The parser has already checked codes are unique and references resolve, and the
    # database enforces both, so full_clean() checks fields only (no query per row).
    try:
        row.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise FrameworkFileError([
            f"{source_file}: " + ROW_INVALID.format(where=where, field=field, message=message)
            for field, messages in exc.message_dict.items() for message in messages
        ]) from None
    row.save()


def _create_rows(data: FrameworkData, digest: str, source_file: str) -> Framework:
    framework = Framework(
        slug=data.slug, version=data.version, name=data.name, publisher=data.publisher,
        source=data.source, kind=data.kind, applies_to=list(data.applies_to),
        description=data.description,
        guidance=[dataclasses.asdict(block) for block in data.guidance],
        scoring_scheme=data.scoring_scheme, scoring_parameters=data.scoring_parameters,
        action_plan_fields=list(data.action_plan_fields),
        corrections=[dataclasses.asdict(c) for c in data.corrections],
        content_hash=digest, source_file=source_file[:_max_length(Framework, "source_file")],
    )
    _save(framework, "framework", source_file)

    scales = {}
    for scale in data.scales:
        row = RatingScale(framework=framework, code=scale.code, name=scale.name,
                          description=scale.description, portal_default=scale.portal_default)
        _save(row, f"scale {scale.code}", source_file, exclude=["framework"])
        scales[scale.code] = row
        for order, level in enumerate(scale.levels, start=1):
            _save(RatingLevel(scale=row, code=level.code, label=level.label,
                              description=level.description, points=level.points,
                              colour=level.colour, order=order),
                  f"scale {scale.code}: level {level.code}", source_file, exclude=["scale"])
    # The framework row was created above in this transaction; pointing it at its own
    # scales completes it (scales need the framework first).
    framework.item_scale = scales[data.item_scale]
    framework.judgement_scale = scales.get(data.judgement_scale)
    framework.save(update_fields=["item_scale", "judgement_scale"])

    groups = {}
    for order, group in enumerate(data.groups, start=1):
        row = SectionGroup(framework=framework, code=group.code, title=group.title,
                           description=group.description, order=order)
        _save(row, f"group {group.code}", source_file, exclude=["framework"])
        groups[group.code] = row

    for order, section in enumerate(data.sections, start=1):
        section_row = Section(
            framework=framework, group=groups.get(section.group), code=section.code,
            title=section.title, lead_statement=section.lead_statement,
            description=section.description, prompts=list(section.prompts),
            evaluative_question=section.evaluative_question,
            concluding_prompt=section.concluding_prompt, key_aspect=section.key_aspect, order=order,
        )
        _save(section_row, f"section {section.code}", source_file, exclude=["framework", "group"])
        for c_order, criterion in enumerate(section.criteria, start=1):
            _save(Criterion(framework=framework, section=section_row, code=criterion.code,
                            title=criterion.title, text=criterion.text,
                            prompts=list(criterion.prompts), phase=criterion.phase, order=c_order),
                  f"section {section.code}: criterion {criterion.code}", source_file,
                  exclude=["framework", "section"])
    return framework
