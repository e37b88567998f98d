"""What every import shares (``core.imports``): a heading row read into columns, a row read
by column with each problem named by row, heading and letter, choices by code or label, and
counts in words. The files' limits are tested through the outcomes import
(``tests/outcomes/test_import_limits.py``) and the organisations import."""
import pytest

from core.imports.columns import (
    DUPLICATE_COLUMN,
    MISSING_COLUMNS,
    NO_HEADING,
    column_index,
    normal_heading,
)
from core.imports.files import ImportFileError, cell_text, column_letter, read_sheet
from core.imports.plans import added_changed, counted
from core.imports.rows import BAD_CHOICE, REQUIRED, VALUE_BEYOND_HEADINGS, RowError, RowReader, Vocabulary


@pytest.mark.parametrize("index, letter", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                           (702, "AAA")])
def test_columns_are_lettered_as_a_spreadsheet_letters_them(index, letter):
    assert column_letter(index) == letter


def test_headings_match_in_any_case_spacing_or_order():
    assert normal_heading(" LA Area ") == "la_area" and normal_heading("la-area") == "la_area"
    assert column_index(["Postcode", "NAME"], ["name", "postcode"], ["name"]) == {
        "postcode": 0, "name": 1}


def test_every_heading_problem_is_said_at_once():
    with pytest.raises(ImportFileError) as refused:
        column_index(["name", "", "name"], ["name", "postcode"], ["name", "postcode"])
    assert refused.value.messages == [NO_HEADING.format(column="B"),
                                      DUPLICATE_COLUMN.format(column="name"),
                                      MISSING_COLUMNS.format(columns="postcode")]


def test_a_row_names_each_problem_by_row_heading_and_letter():
    errors = []
    row = RowReader(7, ["", "ap", "x", "stray"], {"name": 0, "kind": 1, "other": 2}, errors,
                    required=("name",))
    kinds = Vocabulary([("ap_school", "AP school"), ("college", "College")])
    assert row.text("name") == "" and row.choice("kind", kinds) is None
    assert not row.ok
    assert [str(e) for e in errors] == [
        "row 7, D: " + VALUE_BEYOND_HEADINGS.format(column="D"),
        "row 7, column A (name): " + REQUIRED,
        "row 7, column B (kind): " + BAD_CHOICE.format(value="ap",
                                                       choices="AP school, College")]


def test_without_letters_a_row_names_the_heading_alone():
    errors = []
    RowReader(2, ["", "x"], {"a": 0, "b": 1}, errors, required=("a",), letters=False).text("a")
    assert errors == [RowError(2, "a", REQUIRED)] and str(errors[0]) == f"row 2, a: {REQUIRED}"


def test_a_choice_is_its_code_or_its_label_in_any_case():
    kinds = Vocabulary([("ap_school", "AP school")])
    assert kinds("AP SCHOOL") == kinds(" ap_school ") == "ap_school" and kinds("AP") is None


@pytest.mark.parametrize("value, text", [(None, ""), (100001.0, "100001"), (True, "TRUE"),
                                         (" a ", "a"), (1e30, str(int(1e30)))])
def test_cells_read_as_text(value, text):
    assert cell_text(value) == text


def test_blank_rows_are_skipped_and_rows_keep_the_numbers_the_sheet_shows():
    sheet = read_sheet(b"name\r\nA\r\n,\r\nB\r\n", "f.csv")
    assert sheet.headings == ["name"] and list(sheet.rows) == [(2, ["A"]), (4, ["B"])]


@pytest.mark.parametrize("numbers, said", [((0, 0), ""), ((1, 0), "1 goal added"),
                                           ((0, 2), "2 goals changed"),
                                           ((3, 1), "3 goals added, 1 changed")])
def test_counts_are_said_in_words(numbers, said):
    assert added_changed(*numbers, "goal") == said


def test_a_noun_with_its_own_plural():
    assert counted(2, "commissioning link") == "2 commissioning links"
    assert counted(1, "learner", "learners") == "1 learner"
