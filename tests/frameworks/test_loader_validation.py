"""Bad data files are refused, every problem listed with file, line and place; none is written."""
import pytest

from frameworks import loader
from frameworks.loader import FrameworkFileError, parse_framework
from frameworks.models import Criterion, Framework, Section
from frameworks.services import framework_load

FILENAME = "tiny-1.yaml"
TINY = """\
# A tiny framework for tests.
slug: tiny
version: "1"
name: Tiny framework
publisher: Test publisher
source: Test source
kind: self_assessment
applies_to: [supported_internship, independent_ap]
description: A framework for tests.
item_scale: met
scoring:
  scheme: points
  parameters:
    section_max: 2
    total_max: 4
    action_plan_threshold: 3
scales:
  - code: met
    name: Met or not
    levels:
      - code: not_met
        label: Not met
        points: 0
      - code: met
        label: Met
        points: 1
groups:
  - code: first-group
    title: First group
sections:
  - code: "1"
    title: First
    group: first-group
    criteria:
      - code: "1.1"
        text: The first criterion.
      - code: "1.2"
        text: The second criterion.
  - code: "2"
    title: Second
    criteria:
      - code: "2.1"
        text: The third criterion.
        phase: at_visit
      - code: "2.2"
        text: The fourth criterion.
"""


def variant(old: str, new: str, text: str = TINY) -> str:
    assert old in text, f"{old!r} is not in the sample"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first line containing ``needle`` (after the line with ``after``)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def problems(text: str) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(text, filename=FILENAME)
    return caught.value.messages


def at(line: int, message: str) -> str:
    return f"{FILENAME}, line {line}: {message}"


def test_the_tiny_sample_is_valid():
    data = parse_framework(TINY, filename=FILENAME)
    assert [s.code for s in data.sections] == ["1", "2"]
    assert data.criterion_count == 4
    assert data.sections[0].group == "first-group"


def test_applies_to_lists_the_provider_types_the_framework_is_for():
    assert parse_framework(TINY, filename=FILENAME).applies_to == (
        "supported_internship", "independent_ap")


def test_unknown_provider_type_in_applies_to_is_reported_with_file_and_line():
    text = variant("applies_to: [supported_internship, independent_ap]",
                   "applies_to:\n  - supported_internship\n  - college")
    assert problems(text) == [at(line_of(text, "- college"), loader.BAD_CHOICE.format(
        key="applies_to", choices="supported_internship, ap_school or independent_ap",
        value="college"))]


@pytest.mark.parametrize(("new", "message"), [
    ("", loader.REQUIRED.format(key="applies_to")),
    ("applies_to: []\n",
     loader.TOO_FEW.format(key="applies_to", minimum=1, noun="provider type")),
    ("applies_to: ap_school\n", loader.WRONG_TYPE.format(
        key="applies_to", expected="a list of provider types", actual="text")),
], ids=["missing", "empty", "not-a-list"])
def test_applies_to_must_name_at_least_one_provider_type(new, message):
    text = variant("applies_to: [supported_internship, independent_ap]\n", new)
    line = line_of(text, "applies_to" if new else "slug:")
    assert problems(text) == [at(line, message)]


def test_a_provider_type_named_twice_in_applies_to_is_reported():
    text = variant("applies_to: [supported_internship, independent_ap]",
                   "applies_to:\n  - ap_school\n  - ap_school")
    first = line_of(text, "- ap_school")
    assert problems(text) == [at(first + 1, loader.DUPLICATE_ITEM.format(
        key="applies_to", value="ap_school", first_line=first))]


def test_applies_to_is_not_part_of_the_content_hash():
    """Who a framework is offered to is not what it says: versions loaded before the field
    existed keep their hash, so their file can be loaded again to record it."""
    other = variant("applies_to: [supported_internship, independent_ap]", "applies_to: [ap_school]")
    assert parse_framework(other, filename=FILENAME).content_hash() == parse_framework(
        TINY, filename=FILENAME).content_hash()


def test_comparison_and_cohort_are_read_and_are_not_part_of_the_content_hash():
    """Whether results may be compared and the cohort targets say how results are used, not
    what the framework says: a loaded version's file can gain them (issue 27)."""
    plain = parse_framework(TINY, filename=FILENAME)
    assert (plain.comparison, plain.cohort) == (True, {})
    text = variant("description: A framework for tests.\n", "description: A framework for tests."
                   "\ncomparison: false\ncohort:\n  employment_target: 70\n  minimum_hours: 16\n")
    used = parse_framework(text, filename=FILENAME)
    assert (used.comparison, used.cohort) == (False, {"employment_target": 70, "minimum_hours": 16})
    assert used.content_hash() == plain.content_hash()


@pytest.mark.parametrize(("new", "needle", "message"), [
    ("comparison: no-thanks\n", "comparison", loader.WRONG_TYPE.format(
        key="comparison", expected="true or false", actual="text")),
    ("cohort:\n  employment_target: 170\n  minimum_hours: 16\n", "employment_target",
     "cohort: " + loader.OUT_OF_RANGE.format(key="employment_target", low=1, high=100, value=170)),
    ("cohort:\n  employment_target: 70\n", "cohort:",
     "cohort: " + loader.REQUIRED.format(key="minimum_hours")),
    ("cohort: 70\n", "cohort:", loader.WRONG_TYPE.format(
        key="cohort", expected="a mapping (employment_target:, minimum_hours:)",
        actual="a number (70)")),
], ids=["comparison-not-boolean", "target-over-100", "hours-missing", "not-a-mapping"])
def test_a_bad_comparison_or_cohort_is_reported_with_its_line(new, needle, message):
    text = variant("description: A framework for tests.\n",
                   "description: A framework for tests.\n" + new)
    assert problems(text) == [at(line_of(text, needle), message)]


def test_yaml_syntax_error_is_reported_with_file_and_line():
    text = variant('        text: The second criterion.', '        text: [The second criterion.')
    [message] = problems(text)
    assert message.startswith(f"{FILENAME}, line ")
    assert "YAML syntax error" in message


def test_yaml_syntax_error_points_at_the_broken_line():
    text = variant("name: Tiny framework", "name: Tiny: framework")
    assert problems(text) == [at(line_of(text, "name: Tiny"), loader.SYNTAX_ERROR.format(
        problem="mapping values are not allowed here"))]


def test_missing_required_field_is_reported_where_it_is_missing():
    text = variant('        text: The third criterion.\n', '')
    assert problems(text) == [
        at(line_of(text, 'code: "2.1"'), "section 2: criterion 2.1: "
           + loader.REQUIRED.format(key="text"))
    ]


def test_missing_top_level_field_is_reported():
    text = variant("publisher: Test publisher\n", "")
    assert at(line_of(text, "slug:"), loader.REQUIRED.format(key="publisher")) in problems(text)


def test_wrong_type_is_reported_with_a_hint_to_quote_numbers():
    text = variant('version: "1"', "version: 1")
    assert problems(text) == [at(line_of(text, "version: 1"), loader.WRONG_TYPE.format(
        key="version", expected="text", actual="a number (1)") + loader.QUOTE_HINT.format(value=1))]


def test_wrong_type_of_a_level_points_is_reported():
    text = variant("        points: 1", "        points: one")
    assert problems(text) == [at(line_of(text, "points: one"), "scale met: level met: "
                                 + loader.WRONG_TYPE.format(key="points", expected="a whole number",
                                                            actual="text"))]


def test_prompt_that_yaml_reads_as_a_mapping_is_explained():
    text = variant("        text: The fourth criterion.\n",
                   "        text: The fourth criterion.\n"
                   "        prompts:\n          - Examine: this\n")
    [message] = problems(text)
    assert message.startswith(at(line_of(text, "- Examine"), "section 2: criterion 2.2: "))
    assert loader.COLON_HINT in message


@pytest.mark.parametrize(("old", "new", "needle", "kind", "code", "first"), [
    ('  - code: "2"\n', '  - code: "1"\n', "title: Second", "section", "1", 'code: "1"'),
    ('      - code: "2.1"', '      - code: "1.1"', "The third", "criterion", "1.1", 'code: "1.1"'),
    ("      - code: met\n", "      - code: not_met\n", "label: Met", "level", "not_met",
     "code: not_met"),
], ids=["section", "criterion", "level"])
def test_duplicate_code_is_reported_with_both_lines(old, new, needle, kind, code, first):
    text = variant(old, new)
    duplicate_line = line_of(text, needle) - 1
    message = loader.DUPLICATE_CODE.format(kind=kind, code=code, first_line=line_of(text, first))
    [problem] = problems(text)
    assert problem.startswith(f"{FILENAME}, line {duplicate_line}: ")
    assert problem.endswith(message)


def test_duplicate_scale_and_group_codes_are_reported():
    text = variant("groups:\n  - code: first-group\n    title: First group\n",
                   "groups:\n  - code: first-group\n    title: First group\n"
                   "  - code: first-group\n    title: Again\n")
    text = variant("scales:\n", "scales:\n  - code: met\n    name: Twice\n    levels:\n"
                   "      - {code: a, label: A, points: 0}\n"
                   "      - {code: b, label: B, points: 1}\n",
                   text)
    found = problems(text)
    assert any(loader.DUPLICATE_CODE.format(kind="scale", code="met", first_line=line_of(
        text, "- code: met")) in p for p in found)
    assert any(loader.DUPLICATE_CODE.format(kind="group", code="first-group", first_line=line_of(
        text, "- code: first-group")) in p for p in found)


def test_duplicate_field_in_one_mapping_is_reported():
    text = variant("name: Tiny framework\n", "name: Tiny framework\nname: Again\n")
    assert problems(text) == [at(3 + 1 + 1, loader.DUPLICATE_KEY.format(key="name", first_line=4))]


def test_unknown_scale_reference_is_reported():
    text = variant("item_scale: met", "item_scale: mett")
    assert problems(text) == [at(line_of(text, "item_scale"), loader.UNKNOWN_SCALE.format(
        key="item_scale", code="mett", defined="met"))]


def test_unknown_judgement_scale_reference_is_reported():
    text = variant("item_scale: met", "item_scale: met\njudgement_scale: rag")
    assert problems(text) == [at(line_of(text, "judgement_scale"), loader.UNKNOWN_SCALE.format(
        key="judgement_scale", code="rag", defined="met"))]


def test_unknown_group_reference_is_reported():
    text = variant("    group: first-group", "    group: second-group")
    assert problems(text) == [at(line_of(text, "group: second"), "section 1: "
                                 + loader.UNKNOWN_GROUP.format(code="second-group",
                                                               defined="first-group"))]


@pytest.mark.parametrize(("old", "new", "where", "key", "choices", "value"), [
    ("kind: self_assessment", "kind: self-assessment", "", "kind",
     "self_assessment, qa_visit or benchmark_review", "self-assessment"),
    ("  scheme: points", "  scheme: score", "scoring: ", "scheme", "points, rag or levels",
     "score"),
    ("        phase: at_visit", "        phase: during_visit", "section 2: criterion 2.1: ",
     "phase", '"" (none), before_visit or at_visit', "during_visit"),
    ("        points: 1\n", "        points: 1\n        colour: blue\n", "scale met: level met: ",
     "colour", '"" (none), red, amber or green', "blue"),
], ids=["kind", "scheme", "phase", "colour"])
def test_bad_enum_value_is_reported_with_the_allowed_values(old, new, where, key, choices, value):
    text = variant(old, new)
    [problem] = problems(text)
    assert problem == at(line_of(text, f"{key}: {value}"), where + loader.BAD_CHOICE.format(
        key=key, choices=choices, value=value))


def test_points_scheme_needs_its_three_whole_number_parameters():
    text = variant("    total_max: 4\n    action_plan_threshold: 3\n", "    total_max: four\n")
    found = problems(text)
    assert at(line_of(text, "total_max"), "scoring: parameters: " + loader.WRONG_TYPE.format(
        key="total_max", expected="a whole number", actual="text")) in found
    assert at(line_of(text, "parameters:"), "scoring: parameters: "
              + loader.REQUIRED_FOR_SCHEME.format(key="action_plan_threshold",
                                                  scheme="points")) in found


def test_rag_scheme_key_sections_must_name_sections_that_exist():
    text = variant("  scheme: points\n  parameters:\n    section_max: 2\n    total_max: 4\n"
                   "    action_plan_threshold: 3\n",
                   '  scheme: rag\n  parameters:\n    key_sections: ["1", "9"]\n')
    assert problems(text) == [at(line_of(text, "key_sections"), "scoring: parameters: "
                                 + loader.UNKNOWN_SECTION.format(code="9", defined="1, 2"))]


def test_rag_scheme_needs_key_sections():
    text = variant("  scheme: points\n  parameters:\n    section_max: 2\n    total_max: 4\n"
                   "    action_plan_threshold: 3\n", "  scheme: rag\n")
    assert loader.REQUIRED_FOR_SCHEME.format(key="key_sections", scheme="rag") in problems(text)[0]


@pytest.mark.parametrize(("levels", "valid"), [(1, True), (2, False)])
def test_levels_scheme_improvement_levels_must_be_fewer_than_the_scales_levels(levels, valid):
    text = variant("  scheme: points\n  parameters:\n    section_max: 2\n    total_max: 4\n"
                   "    action_plan_threshold: 3\n",
                   f"  scheme: levels\n  parameters:\n    improvement_levels: {levels}\n")
    if valid:
        assert parse_framework(text, filename=FILENAME).scoring_parameters == {
            "improvement_levels": 1}
    else:
        assert problems(text) == [at(line_of(text, "improvement_levels"), "scoring: parameters: "
                                     + loader.IMPROVEMENT_LEVELS_TOO_MANY.format(scale="met",
                                                                                 count=2))]


def test_parameter_of_another_scheme_is_reported():
    text = variant("    action_plan_threshold: 3\n",
                   "    action_plan_threshold: 3\n    improvement_levels: 1\n")
    assert problems(text) == [at(line_of(text, "improvement_levels"), "scoring: parameters: "
                                 + loader.UNKNOWN_PARAMETER.format(
                                     key="improvement_levels", scheme="points",
                                     known="section_max, total_max, action_plan_threshold"))]


def test_misspelt_field_is_reported_with_a_suggestion():
    text = variant("        text: The first criterion.", "        txt: The first criterion.")
    found = problems(text)
    line = line_of(text, "txt:")
    assert at(line, "section 1: criterion 1.1: " + loader.UNKNOWN_FIELD.format(key="txt")
              + loader.DID_YOU_MEAN.format(suggestion="text")) in found
    assert at(line - 1, "section 1: criterion 1.1: " + loader.REQUIRED.format(key="text")) in found


def test_every_problem_in_a_file_is_reported_not_just_the_first():
    text = variant('version: "1"', "version: 1")
    text = variant("kind: self_assessment", "kind: survey", text)
    text = variant("        text: The third criterion.\n", "", text)
    text = variant("item_scale: met", "item_scale: nope", text)
    found = problems(text)
    assert len(found) == 4
    assert [int(m.split("line ")[1].split(":")[0]) for m in found] == sorted(
        int(m.split("line ")[1].split(":")[0]) for m in found)


@pytest.mark.parametrize(("text", "message"), [
    ("", loader.EMPTY_FILE),
    ("- a list\n- not a mapping\n", loader.NOT_A_MAPPING.format(actual="a list")),
    ("a: &loop [*loop]\n", loader.TOO_COMPLEX),
])
def test_files_that_are_not_a_framework_at_all_are_refused(text, message):
    assert problems(text) == [at(1, message)]


def test_comments_and_layout_do_not_change_the_content_hash():
    relaid = variant("description: A framework for tests.",
                     "# Why this framework exists.\ndescription: |\n  A framework for tests.\n")
    relaid = variant('version: "1"', "version: '1'   # quoted differently", relaid)
    assert parse_framework(relaid, filename=FILENAME).content_hash() == parse_framework(
        TINY, filename=FILENAME).content_hash()
    changed = variant("The first criterion.", "The first criterion, changed.")
    assert parse_framework(changed, filename=FILENAME).content_hash() != parse_framework(
        TINY, filename=FILENAME).content_hash()


@pytest.mark.parametrize("text", [
    variant("        text: The second criterion.", "        text: [The second criterion."),
    variant("title: Second", "titel: Second"),
    variant("      - code: \"2.2\"", "      - code: \"1.1\""),
    variant("item_scale: met", "item_scale: nope"),
    variant('version: "1"', "version: 1"),
    variant("applies_to: [supported_internship, independent_ap]", "applies_to: [college]"),
], ids=["syntax", "missing", "duplicate", "unknown-scale", "wrong-type", "unknown-provider-type"])
def test_bad_file_creates_no_rows(db, text):
    before = [model.objects.count() for model in (Framework, Section, Criterion)]
    with pytest.raises(FrameworkFileError) as caught:
        framework_load(path_or_text=text, filename=FILENAME)
    assert all(m.startswith(f"{FILENAME}, line ") for m in caught.value.messages)
    assert not Framework.objects.filter(slug="tiny").exists()
    assert [model.objects.count() for model in (Framework, Section, Criterion)] == before
