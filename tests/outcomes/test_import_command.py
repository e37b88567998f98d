"""``manage.py import_outcomes``: counts, every error as "row N, column: ...", --dry-run."""
import io

import pytest
from django.core.management import CommandError, call_command

from outcomes.importer import PERSONAL_DATA
from outcomes.management.commands.import_outcomes import NOT_AN_LA, UNKNOWN_LA
from outcomes.models import GoalOutcome, Learner

from .helpers import HEADINGS, csv_bytes, with_cell, xlsx_bytes


def run(*args):
    out = io.StringIO()
    call_command("import_outcomes", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def outcomes_file(tmp_path):
    def write(content, name="outcomes.csv"):
        path = tmp_path / name
        path.write_bytes(content)
        return path
    return write


def test_a_dry_run_prints_the_counts_and_writes_nothing(shire, outcomes_file):
    out = run(outcomes_file(csv_bytes()), "--la", "shire-council", "--dry-run")
    assert out.splitlines()[0] == "3 rows to add, 0 to change, 0 unchanged; 2 learners to add"
    assert not GoalOutcome.objects.exists() and not Learner.objects.exists()


def test_the_command_imports_as_the_commissioner_named(shire, outcomes_file):
    out = run(outcomes_file(xlsx_bytes(), "o.xlsx"), "--la", "shire-council",
              "--by", "commissioner@shire.test")
    assert "Imported o.xlsx for Shire Council: 3 goals added; 2 learners added." in out
    assert GoalOutcome.objects.count() == 3
    assert {o.history.get().history_user for o in GoalOutcome.objects.all()} == {
        shire.users["la_commissioner"]}
    out = run(outcomes_file(csv_bytes()), "--la", "shire-council", "--by",
              "commissioner@shire.test")
    assert out.splitlines()[0] == "0 rows to add, 0 to change, 3 unchanged; 0 learners to add"


def test_errors_are_printed_one_a_line_and_the_command_fails(shire, outcomes_file):
    rows = with_cell("rating", "brilliant", row=2)
    rows = with_cell("provider", "nowhere", row=0, rows=rows)
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 errors; nothing was imported"):
        call_command("import_outcomes", str(outcomes_file(csv_bytes(rows=rows))), "--la",
                     "shire-council", "--by", "commissioner@shire.test", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("row 2, provider: 'nowhere' is not the reference")
    assert lines[2].startswith("row 4, rating: 'brilliant' is not one of: Not met, ")
    assert not GoalOutcome.objects.exists()


def test_a_personal_data_column_is_refused(shire, outcomes_file):
    path = outcomes_file(csv_bytes([*HEADINGS, "date_of_birth"], [["x"] * 11]))
    with pytest.raises(CommandError) as refused:
        run(path, "--la", "shire-council", "--dry-run")
    assert str(refused.value) == "outcomes.csv: " + PERSONAL_DATA.format(columns="date_of_birth")


def test_an_unknown_la_or_another_kind_of_organisation_is_refused(shire, outcomes_file):
    path = outcomes_file(csv_bytes())
    with pytest.raises(CommandError, match=UNKNOWN_LA.format(slug="nowhere")):
        run(path, "--la", "nowhere", "--dry-run")
    with pytest.raises(CommandError, match=NOT_AN_LA.format(name="North SEIP")):
        run(path, "--la", "north-seip", "--dry-run")


def test_an_import_recorded_as_someone_who_may_not_is_refused(shire, outcomes_file):
    path = outcomes_file(csv_bytes())
    with pytest.raises(CommandError, match="Only the local authority's commissioners"):
        run(path, "--la", "shire-council", "--by", "commissioner@far.test")
    with pytest.raises(CommandError, match="Give --by"):
        run(path, "--la", "shire-council")
    assert not GoalOutcome.objects.exists()
