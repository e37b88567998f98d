"""Validating a framework data file against its schema: every problem at once, each with its line."""
from __future__ import annotations

import re

from organisations.models import Organisation

from ..models import Criterion, Framework, RatingLevel, RatingScale, Section, SectionGroup
from .data import (
    CorrectionData,
    CriterionData,
    FrameworkData,
    GroupData,
    GuidanceData,
    LevelData,
    ScaleData,
    SectionData,
)
from .errors import (
    BAD_CHOICE,
    DUPLICATE_ITEM,
    IMPROVEMENT_LEVELS_TOO_MANY,
    ITEM_WRONG_TYPE,
    NEGATIVE,
    NOT_A_MAPPING,
    OUT_OF_RANGE,
    REQUIRED,
    REQUIRED_FOR_SCHEME,
    TOO_FEW,
    UNKNOWN_GROUP,
    UNKNOWN_PARAMETER,
    UNKNOWN_SCALE,
    UNKNOWN_SECTION,
    WRONG_TYPE,
    FrameworkFileError,
)
from .fields import FieldReader, choices_text, describe, max_length_of
from .reading import Map, Seq, read_tree

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
    "slug", "version", "name", "publisher", "source", "kind", "applies_to", "comparison",
    "cohort", "description", "guidance", "item_scale", "judgement_scale", "scoring",
    "action_plan_fields", "corrections", "scales", "groups", "sections",
)
GUIDANCE_FIELDS = ("heading", "body")
SCORING_FIELDS = ("scheme", "parameters")
# ``cohort``: the whole-number targets of the cohort figures a provider reports each year, with
# the range each may take (a percentage of the cohort; hours in a week).
COHORT_FIELDS = {"employment_target": (1, 100), "minimum_hours": (1, 168)}
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


class _Parser(FieldReader):
    """Checks one file's tree and turns it into ``FrameworkData``, collecting every error."""

    def provider_types(self, root: Map) -> tuple[str, ...]:
        """``applies_to``: a list of at least one provider type, each once."""
        key, value, line = "applies_to", root.get("applies_to"), root.line_of("applies_to")
        if value is None:
            self.error(line, "", REQUIRED.format(key=key))
            return ()
        if not isinstance(value, list):
            message = WRONG_TYPE.format(key=key, expected="a list of provider types",
                                        actual=describe(value))
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
                    index=index + 1, key=key, expected="a provider type", actual=describe(item)))
            elif item not in known:
                self.error(item_line, "", BAD_CHOICE.format(
                    key=key, choices=choices_text(known), value=item))
            elif item in seen:
                self.error(item_line, "", DUPLICATE_ITEM.format(
                    key=key, value=item, first_line=seen[item]))
            else:
                seen[item] = item_line
                result.append(item)
        return tuple(result)

    def cohort(self, root: Map) -> dict[str, int]:
        """``cohort``: a mapping of the targets in ``COHORT_FIELDS``, each a whole number in
        its range; absent, the framework asks for no cohort figures."""
        given = root.get("cohort")
        if given is None:
            return {}
        if not isinstance(given, dict):
            self.error(root.line_of("cohort"), "", WRONG_TYPE.format(
                key="cohort", expected="a mapping (employment_target:, minimum_hours:)",
                actual=describe(given)))
            return {}
        self.fields(given, tuple(COHORT_FIELDS), "cohort")
        result = {}
        for key, (low, high) in COHORT_FIELDS.items():
            value = self.integer(given, key, "cohort", required=True)
            if value is not None and not low <= value <= high:
                self.error(given.line_of(key), "cohort", OUT_OF_RANGE.format(
                    key=key, low=low, high=high, value=value))
            elif value is not None:
                result[key] = value
        return result

    # The file's parts.

    def framework(self, root) -> FrameworkData | None:
        if not isinstance(root, dict):
            line = getattr(root, "line", 1)
            self.error(line, "", NOT_A_MAPPING.format(actual=describe(root)))
            return None
        self.fields(root, FRAMEWORK_FIELDS, "")
        slug = self.text(root, "slug", "", required=True, max_length=max_length_of(Framework, "slug"),
                         rule=SLUG_RULE)
        version = self.text(root, "version", "", required=True,
                            max_length=max_length_of(Framework, "version"), rule=VERSION_RULE)
        name = self.text(root, "name", "", required=True, max_length=max_length_of(Framework, "name"))
        publisher = self.text(root, "publisher", "", required=True,
                              max_length=max_length_of(Framework, "publisher"))
        source = self.text(root, "source", "", required=True)
        kind = self.choice(root, "kind", "", Framework.Kind.values, required=True)
        applies_to = self.provider_types(root)
        comparison = root.get("comparison") is None or self.boolean(root, "comparison", "")
        cohort = self.cohort(root)
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
            applies_to=applies_to, comparison=comparison, cohort=cohort, description=description,
            guidance=guidance, item_scale=item_scale,
            judgement_scale=judgement_scale, scoring_scheme=scheme, scoring_parameters=parameters,
            action_plan_fields=action_plan_fields, corrections=corrections, scales=scales,
            groups=groups, sections=sections,
        )

    def guidance(self, root: Map) -> tuple[GuidanceData, ...]:
        result = []
        for item, _line, index in self.items(root, "guidance", ""):
            where = f"guidance {index}"
            self.fields(item, GUIDANCE_FIELDS, where)
            result.append(GuidanceData(
                heading=self.text(item, "heading", where, required=True),
                body=self.text(item, "body", where, required=True),
            ))
        return tuple(result)

    def corrections(self, root: Map) -> tuple[CorrectionData, ...]:
        result = []
        for item, _line, index in self.items(root, "corrections", ""):
            where = f"correction {index}"
            self.fields(item, CORRECTION_FIELDS, where)
            result.append(CorrectionData(
                **{key: self.text(item, key, where, required=True) for key in CORRECTION_FIELDS}
            ))
        return tuple(result)

    def scales(self, root: Map) -> tuple[ScaleData, ...]:
        result, seen = [], {}
        for item, _line, index in self.items(root, "scales", "", minimum=1, noun="scale"):
            code = self.code(item, f"scale #{index}", SLUGLIKE_RULE,
                             max_length_of(RatingScale, "code"), seen, "scale")
            where = f"scale {code}" if code else f"scale #{index}"
            self.fields(item, SCALE_FIELDS, where)
            name = self.text(item, "name", where, required=True,
                             max_length=max_length_of(RatingScale, "name"))
            description = self.text(item, "description", where)
            portal_default = self.boolean(item, "portal_default", where)
            levels, level_codes = [], {}
            for level, _level_line, level_index in self.items(item, "levels", where, minimum=2,
                                                              noun="level"):
                level_code = self.code(level, f"{where}: level #{level_index}", SLUGLIKE_RULE,
                                       max_length_of(RatingLevel, "code"), level_codes, "level")
                level_where = f"{where}: level {level_code or '#' + str(level_index)}"
                self.fields(level, LEVEL_FIELDS, level_where)
                levels.append(LevelData(
                    code=level_code,
                    label=self.text(level, "label", level_where, required=True,
                                    max_length=max_length_of(RatingLevel, "label")),
                    description=self.text(level, "description", level_where),
                    points=self.integer(level, "points", level_where, required=True) or 0,
                    colour=self.choice(level, "colour", level_where, RatingLevel.Colour.values),
                ))
            result.append(ScaleData(code=code, name=name, description=description,
                                    portal_default=portal_default, levels=tuple(levels)))
        return tuple(result)

    def groups(self, root: Map) -> tuple[GroupData, ...]:
        result, seen = [], {}
        for item, _line, index in self.items(root, "groups", "", noun="group"):
            code = self.code(item, f"group #{index}", SLUGLIKE_RULE,
                             max_length_of(SectionGroup, "code"), seen, "group")
            where = f"group {code}" if code else f"group #{index}"
            self.fields(item, GROUP_FIELDS, where)
            result.append(GroupData(
                code=code,
                title=self.text(item, "title", where, required=True,
                                max_length=max_length_of(SectionGroup, "title")),
                description=self.text(item, "description", where),
            ))
        return tuple(result)

    def sections(self, root: Map, group_codes: set[str]) -> tuple[SectionData, ...]:
        result, seen, criterion_codes = [], {}, {}
        for item, _line, index in self.items(root, "sections", "", minimum=1, noun="section"):
            code = self.code(item, f"section #{index}", CODE_RULE,
                             max_length_of(Section, "code"), seen, "section")
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
                                   max_length_of(Criterion, "code"), criterion_codes, "criterion")
                c_where = f"{where}: criterion {c_code or '#' + str(c_index)}"
                self.fields(criterion, CRITERION_FIELDS, c_where)
                criteria.append(CriterionData(
                    code=c_code,
                    title=self.text(criterion, "title", c_where,
                                    max_length=max_length_of(Criterion, "title")),
                    text=self.text(criterion, "text", c_where, required=True),
                    prompts=self.text_list(criterion, "prompts", c_where),
                    phase=self.choice(criterion, "phase", c_where, Criterion.Phase.values),
                ))
            result.append(SectionData(
                code=code,
                title=self.text(item, "title", where, required=True,
                                max_length=max_length_of(Section, "title")),
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

    def scale_ref(self, root: Map, key: str, scales: dict, *, required: bool) -> str:
        code = self.text(root, key, "", required=required)
        if code and code not in scales:
            self.error(root.line_of(key), "", UNKNOWN_SCALE.format(
                key=key, code=code, defined=", ".join(sorted(scales)) or "none"))
        return code

    def scoring(self, root: Map, sections, item_scale: ScaleData | None):
        scoring = root.get("scoring")
        if scoring is None:
            self.error(root.line_of("scoring"), "", REQUIRED.format(key="scoring"))
            return "", {}
        if not isinstance(scoring, dict):
            self.error(root.line_of("scoring"), "", WRONG_TYPE.format(
                key="scoring", expected="a mapping (scheme:, parameters:)",
                actual=describe(scoring)))
            return "", {}
        self.fields(scoring, SCORING_FIELDS, "scoring")
        scheme = self.choice(scoring, "scheme", "scoring", Framework.Scheme.values, required=True)
        given = scoring.get("parameters")
        if given is None:
            given = Map(scoring.line_of("parameters"))
        if not isinstance(given, dict):
            self.error(scoring.line_of("parameters"), "scoring", WRONG_TYPE.format(
                key="parameters", expected="a mapping (name: value lines)",
                actual=describe(given)))
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

    def section_codes(self, given: Map, key: str, where: str, sections) -> tuple[str, ...]:
        defined = [section.code for section in sections if section.code]
        codes = self.text_list(given, key, where)
        values = given.get(key)
        for index, code in enumerate(codes):
            if code not in defined:
                line = values.line_of(index) if isinstance(values, Seq) else given.line_of(key)
                self.error(line, where,
                           UNKNOWN_SECTION.format(code=code, defined=", ".join(defined)))
        return codes


def parse_framework(text: str, *, filename: str) -> FrameworkData:
    """Parse and validate one data file's text; raise FrameworkFileError listing every problem."""
    parser = _Parser(filename)
    return parse_with(parser, parser.framework, text, filename)


def parse_with(parser: FieldReader, build, text: str, filename: str):
    """Read ``text`` as YAML and ``build`` its tree with ``parser`` (a ``FieldReader``): the
    result, or ``FrameworkFileError`` listing every problem by line. Any data file checked
    the way a framework file is (the due-diligence checklists) is read through this."""
    tree, errors = read_tree(text, filename)
    parser.errors.extend(errors)
    data = build(tree)
    if parser.errors or data is None:
        raise FrameworkFileError(sorted(parser.errors, key=line_order))
    return data


def line_order(message: str) -> int:
    match = re.search(r", line (\d+):", message)
    return int(match.group(1)) if match else 0
