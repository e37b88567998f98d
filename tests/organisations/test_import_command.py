"""``manage.py import_organisations``: the plan's counts, every error as "row N, column X
(heading): ...", a non-zero exit on errors, --dry-run writing nothing, and --by."""
import io

import pytest
from django.core.management import CommandError, call_command

from organisations import import_services as services
from organisations.import_rows import NOT_A_POSTCODE
from organisations.management.commands.import_organisations import UNKNOWN_USER
from organisations.models import Commissioning, Organisation

from .import_helpers import csv_bytes, with_cell, xlsx_bytes


def run(*args):
    out = io.StringIO()
    call_command("import_organisations", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def providers_file(tmp_path):
    def write(content, name="providers.csv"):
        path = tmp_path / name
        path.write_bytes(content)
        return path
    return write


def counts():
    return (Organisation.objects.count(), Commissioning.objects.count(),
            Organisation.history.count(), Commissioning.history.count())


def test_a_dry_run_prints_the_plan_and_writes_nothing(world, providers_file):
    before = counts()
    out = run(providers_file(csv_bytes()), "--dry-run")
    assert out.splitlines() == [
        "3 organisations to add, 0 to change, 0 unchanged; 3 commissioning links to add, "
        "0 already held", "Dry run: nothing was written."]
    assert counts() == before


def test_the_command_imports_and_a_second_run_changes_nothing(world, providers_file):
    path = providers_file(xlsx_bytes(), "p.xlsx")
    out = run(path, "--by", "admin@service.test")
    assert "Imported p.xlsx: 3 organisations added; 3 commissioning links added." in out
    assert Organisation.history.get(urn="100001").history_user == world.users["admin"]
    before = counts()
    out = run(path)
    assert out.splitlines()[0].startswith("0 organisations to add, 0 to change, 3 unchanged")
    assert counts() == before


def test_without_by_the_history_names_nobody(world, providers_file):
    run(providers_file(csv_bytes()))
    record = Organisation.history.get(urn="100001")
    assert record.history_user is None and record.history_change_reason == \
        "Imported from providers.csv"


def test_errors_are_printed_one_a_line_and_the_command_fails(world, providers_file):
    before = counts()
    out = io.StringIO()
    rows = with_cell("postcode", "nowhere", row=1)
    with pytest.raises(CommandError, match="1 error; nothing was imported"):
        call_command("import_organisations", str(providers_file(csv_bytes(rows=rows))),
                     stdout=out)
    assert out.getvalue().splitlines()[1] == "row 3, column F (postcode): " + \
        NOT_A_POSTCODE.format(value="NOWHERE")
    assert counts() == before


def test_a_file_refused_whole_names_the_file(world, providers_file):
    with pytest.raises(CommandError, match=r"^p\.txt: Choose a CSV or XLSX file"):
        run(providers_file(csv_bytes(), "p.txt"), "--dry-run")
    with pytest.raises(CommandError, match="cannot be read"):
        run(providers_file(b"").parent / "missing.csv")


def test_by_must_be_an_administrator(world, providers_file):
    path = providers_file(csv_bytes())
    with pytest.raises(CommandError, match=services.NOT_ALLOWED):
        run(path, "--by", "commissioner@shire.test")
    with pytest.raises(CommandError, match=UNKNOWN_USER.format(email="nobody@x.test")):
        run(path, "--by", "nobody@x.test")
    assert not Organisation.objects.filter(urn="100001").exists()
