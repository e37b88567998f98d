"""``manage.py load_frameworks``: thin, idempotent, all problems listed, nothing half-written."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from frameworks.models import Criterion, Framework, Section

from .conftest import DATA_FILES, data_text


def run(*args) -> str:
    out = StringIO()
    call_command("load_frameworks", *args, stdout=out)
    return out.getvalue()


def test_loads_every_shipped_file_and_reports_each(no_frameworks):
    output = run()
    assert output.splitlines() == [
        "created integrated-ap-benchmarks 1: 3 groups, 13 sections, 20 criteria, 1 rating scale",
        "created leics-ap-visit 1: 4 sections, 20 criteria, 1 rating scale",
        "created leics-ap-visit 2: 4 sections, 20 criteria, 1 rating scale",
        "created si-qaf 1: 6 sections, 36 criteria, 1 rating scale",
        "created crosswalk integrated-to-leics-visit 1: 16 links",
        "created crosswalk si-qaf-to-leics-visit 1: 7 links",
        "created outcomes 1: 4 Preparing for Adulthood areas, 3 ratings, 4 soft outcomes",
        "created outcomes 2: 4 Preparing for Adulthood areas, 3 ratings, 4 soft outcomes, "
        "5 medium-term steps",
        "created checklist due-diligence 1: 13 items",
    ]
    assert Framework.objects.count() == 4
    assert Criterion.objects.count() == 36 + 20 + 20 + 20


def test_running_twice_reports_unchanged_and_keeps_the_counts(no_frameworks):
    run()
    counts = (Framework.objects.count(), Section.objects.count(), Criterion.objects.count())
    output = run()
    assert all(line.startswith("unchanged ") for line in output.splitlines())
    assert len(output.splitlines()) == 9
    assert (Framework.objects.count(), Section.objects.count(), Criterion.objects.count()) == counts


def test_dry_run_writes_nothing(no_frameworks):
    output = run("--dry-run")
    assert output.splitlines()[0].startswith("would create integrated-ap-benchmarks 1: ")
    assert output.splitlines()[4] == ("would create crosswalk integrated-to-leics-visit 1 (its "
                                      "codes are checked once its frameworks are loaded)")
    assert not Framework.objects.exists()
    assert not Criterion.objects.exists()


def test_paths_can_be_given(no_frameworks):
    output = run(str(DATA_FILES["si-qaf"]))
    assert output == "created si-qaf 1: 6 sections, 36 criteria, 1 rating scale\n"
    assert list(Framework.objects.values_list("slug", flat=True)) == ["si-qaf"]


def test_a_bad_file_fails_listing_every_problem_and_the_good_files_still_load(db, tmp_path):
    bad = tmp_path / "broken-1.yaml"
    bad.write_text(data_text("si-qaf").replace('slug: si-qaf', 'slug: broken')
                   .replace('version: "1"', "version: 1")
                   .replace("item_scale: si-evidence", "item_scale: nope"), encoding="utf-8")
    good = DATA_FILES["leics-ap-visit"]
    with pytest.raises(CommandError) as caught:
        run(str(bad), str(good))
    message = str(caught.value)
    assert "1 of 2 file(s) could not be loaded" in message
    assert "broken-1.yaml, line 4: 'version' must be text" in message
    assert "broken-1.yaml, line " in message and "'item_scale' names scale 'nope'" in message
    assert not Framework.objects.filter(slug="broken").exists()
    assert Framework.objects.filter(slug="leics-ap-visit").exists()


def test_changed_content_fails_with_the_new_version_advice(db, tmp_path):
    run(str(DATA_FILES["si-qaf"]))
    changed = tmp_path / "si-qaf-1.yaml"
    changed.write_text(data_text("si-qaf").replace("Leadership", "Leading", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="a changed framework is a new version"):
        run(str(changed))
    assert Framework.objects.get(slug="si-qaf").sections.filter(title="Leadership").exists()


def test_an_empty_folder_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="No framework data files"):
        run(str(tmp_path))


def test_versions_in_one_folder_load_in_number_order(no_frameworks, tmp_path):
    text = data_text("leics-ap-visit")
    for version in ("2", "10"):
        (tmp_path / f"leics-ap-visit-{version}.yaml").write_text(
            text.replace('version: "1"', f'version: "{version}"'), encoding="utf-8")
    assert run(str(tmp_path)).splitlines()[0].startswith("created leics-ap-visit 2:")
    assert Framework.objects.current().get().version == "10"
