"""Loading the shipped frameworks: what they create, idempotence, and versions that never change."""
import re
from pathlib import Path

import pytest

from frameworks import loader
from frameworks.loader import FrameworkFileError, LoadStatus
from frameworks.models import Criterion, Framework, RatingLevel, RatingScale, Section, SectionGroup
from frameworks.services import framework_load

from .conftest import DATA_FILES, data_text


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Framework, RatingScale, RatingLevel, SectionGroup, Section, Criterion)}


def test_si_qaf_has_six_sections_of_six_criteria(loaded):
    framework = Framework.objects.get(slug="si-qaf", version="1")
    assert framework.sections.count() == 6
    assert framework.criteria.count() == 36
    assert [s.criteria.count() for s in framework.sections.all()] == [6] * 6
    assert framework.scoring_scheme == Framework.Scheme.POINTS
    assert framework.scoring_parameters == {
        "section_max": 6, "total_max": 36, "action_plan_threshold": 35}
    assert loaded["si-qaf"].counts_text() == "6 sections, 36 criteria, 1 rating scale"


def test_leics_visit_record_has_twenty_requirements_before_and_at_the_visit(loaded):
    framework = Framework.objects.get(slug="leics-ap-visit", version="1")
    assert framework.sections.count() == 4
    assert framework.criteria.count() == 20
    assert framework.criteria.filter(phase=Criterion.Phase.BEFORE_VISIT).count() == 7
    assert framework.criteria.filter(phase=Criterion.Phase.AT_VISIT).count() == 13
    # The source numbers the first at-visit requirement of section 4 "4.1" a second time.
    assert list(framework.criteria.filter(section__code="4").values_list("code", flat=True)) == [
        "4.1", "4.2", "4.3", "4.4"]
    assert framework.item_scale.code == framework.judgement_scale.code == "rag"
    assert [level.colour for level in framework.item_scale.levels.all()] == [
        "red", "amber", "green"]


def test_integrated_benchmarks_have_three_groups_thirteen_benchmarks_and_sub_benchmarks(loaded):
    framework = Framework.objects.get(slug="integrated-ap-benchmarks", version="1")
    assert framework.groups.count() == 3
    assert framework.sections.count() == 13
    codes = list(framework.criteria.values_list("code", flat=True))
    assert len(codes) == 20
    sub_benchmarks = [code for code in codes if re.search(r"[a-z]$", code)]
    assert len(sub_benchmarks) == 10
    assert sorted(sub_benchmarks) == sorted(
        ["3a", "3b", "3c", "3d", "7a", "7b", "7c", "12a", "12b", "12c"])
    assert framework.item_scale.portal_default is True
    assert [g.sections.count() for g in framework.groups.order_by("order")] == [4, 4, 5]


def test_source_file_name_and_content_hash_are_stored(loaded):
    framework = Framework.objects.get(slug="si-qaf")
    assert framework.source_file == "si-qaf-1.yaml"
    assert framework.content_hash == loaded["si-qaf"].data.content_hash()
    assert len(framework.content_hash) == 64


def test_loading_again_is_unchanged_and_creates_nothing(loaded):
    before = row_counts()
    for slug, path in DATA_FILES.items():
        result = framework_load(path_or_text=path, filename=path.name)
        assert result.status == LoadStatus.UNCHANGED
        assert result.framework_id == loaded[slug].framework_id
        assert result.summary().startswith(f"unchanged {slug} 1: ")
    assert row_counts() == before


def test_the_same_content_laid_out_differently_is_unchanged(loaded):
    relaid = "# A comment added later.\n" + data_text("si-qaf").replace(
        'version: "1"', "version: '1'")
    result = framework_load(path_or_text=relaid, filename="si-qaf-1.yaml")
    assert result.status == LoadStatus.UNCHANGED


def test_changed_content_under_a_loaded_version_is_refused_and_nothing_changes(loaded):
    before = row_counts()
    original = Criterion.objects.get(framework__slug="si-qaf", code="4.2").text
    changed = data_text("si-qaf").replace(original, "Something else entirely.")
    with pytest.raises(FrameworkFileError) as caught:
        framework_load(path_or_text=changed, filename="si-qaf-1.yaml")
    assert caught.value.messages == ["si-qaf-1.yaml: " + loader.CHANGED_VERSION.format(
        slug="si-qaf", version="1", next_version="2")]
    assert "a changed framework is a new version" in caught.value.messages[0]
    assert row_counts() == before
    assert Criterion.objects.get(framework__slug="si-qaf", code="4.2").text == original


def test_a_new_version_leaves_the_pinned_version_and_its_rows_untouched(loaded):
    v1 = Framework.objects.get(slug="si-qaf", version="1")
    # What an assessment made on version 1 pins: the framework row and its criteria.
    pinned = {c.pk: (c.code, c.text, c.title, c.prompts, c.section_id)
              for c in Criterion.objects.filter(framework=v1)}
    pinned_sections = {s.pk: (s.code, s.title, s.lead_statement, s.prompts)
                       for s in Section.objects.filter(framework=v1)}
    old_text = Criterion.objects.get(framework=v1, code="6.4").text
    v2_text = data_text("si-qaf").replace('version: "1"', 'version: "2"').replace(
        old_text, "Outcomes of high-quality sustainable employment from the overall cohort "
                  "exceed 75%.")

    result = framework_load(path_or_text=v2_text, filename="si-qaf-2.yaml")

    assert result.status == LoadStatus.CREATED
    v1.refresh_from_db()
    assert v1.content_hash == loaded["si-qaf"].data.content_hash()
    assert {c.pk: (c.code, c.text, c.title, c.prompts, c.section_id)
            for c in Criterion.objects.filter(framework=v1)} == pinned
    assert {s.pk: (s.code, s.title, s.lead_statement, s.prompts)
            for s in Section.objects.filter(framework=v1)} == pinned_sections
    v2 = Framework.objects.get(slug="si-qaf", version="2")
    assert v2.criteria.get(code="6.4").text.endswith("exceed 75%.")
    assert set(v2.criteria.values_list("pk", flat=True)).isdisjoint(pinned)
    assert Framework.objects.current().get(slug="si-qaf") == v2
    assert Framework.objects.current().count() == 3


def test_first_load_creates_the_rows_and_says_so(no_frameworks):
    path = DATA_FILES["si-qaf"]
    result = framework_load(path_or_text=path, filename=path.name)
    assert result.status == LoadStatus.CREATED
    assert result.summary() == "created si-qaf 1: 6 sections, 36 criteria, 1 rating scale"
    assert Framework.objects.get(pk=result.framework_id).criteria.count() == 36


def test_dry_run_reports_what_it_would_create_and_writes_nothing(no_frameworks):
    path = DATA_FILES["leics-ap-visit"]
    result = framework_load(path_or_text=path, filename=path.name, dry_run=True)
    assert result.status == LoadStatus.CREATED
    assert result.framework_id is None
    assert result.summary() == (
        "would create leics-ap-visit 1: 4 sections, 20 criteria, 1 rating scale")
    assert not any(row_counts().values())


def test_dry_run_of_changed_content_is_refused_too(loaded):
    changed = data_text("leics-ap-visit").replace("LEBC compliance", "LEBC compliance!", 1)
    with pytest.raises(FrameworkFileError, match="already loaded with different content"):
        framework_load(path_or_text=changed, filename="leics-ap-visit-1.yaml", dry_run=True)


def test_missing_and_non_utf8_files_are_reported(db, tmp_path):
    with pytest.raises(FrameworkFileError, match="nowhere.yaml: no such file"):
        framework_load(path_or_text=tmp_path / "nowhere.yaml", filename="nowhere.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("name: Café".encode("latin-1"))
    with pytest.raises(FrameworkFileError, match="latin1.yaml: the file is not UTF-8 text"):
        framework_load(path_or_text=Path(latin1), filename="latin1.yaml")


def test_each_shipped_framework_says_which_provider_types_it_is_for(loaded):
    applies_to = {f.slug: f.applies_to for f in Framework.objects.current()}
    assert applies_to == {
        "si-qaf": ["supported_internship"],
        "integrated-ap-benchmarks": ["ap_school", "independent_ap"],
        "leics-ap-visit": ["ap_school", "independent_ap"],
    }


def test_loading_again_records_applies_to_on_a_version_loaded_before_it_existed(loaded):
    """A version loaded before applies_to was recorded keeps its rows and hash; loading its
    file again sets applies_to only, and says so."""
    Framework.objects.filter(slug="si-qaf", version="1").update(applies_to=[])
    before = row_counts()
    path = DATA_FILES["si-qaf"]

    dry = framework_load(path_or_text=path, filename=path.name, dry_run=True)
    assert dry.status == LoadStatus.UPDATED
    assert dry.summary() == "would update si-qaf 1: applies to supported_internship (was: none)"
    assert Framework.objects.get(slug="si-qaf", version="1").applies_to == []

    result = framework_load(path_or_text=path, filename=path.name)
    assert result.status == LoadStatus.UPDATED
    assert result.framework_id == loaded["si-qaf"].framework_id
    assert result.summary() == "updated si-qaf 1: applies to supported_internship (was: none)"
    framework = Framework.objects.get(slug="si-qaf", version="1")
    assert framework.applies_to == ["supported_internship"]
    assert framework.content_hash == loaded["si-qaf"].data.content_hash()
    assert row_counts() == before
    again = framework_load(path_or_text=path, filename=path.name)
    assert again.status == LoadStatus.UNCHANGED


def test_a_new_version_with_other_provider_types_leaves_the_loaded_version_as_it_was(loaded):
    v2_text = data_text("si-qaf").replace('version: "1"', 'version: "2"').replace(
        "applies_to: [supported_internship]", "applies_to: [supported_internship, ap_school]")
    framework_load(path_or_text=v2_text, filename="si-qaf-2.yaml")
    assert Framework.objects.get(slug="si-qaf", version="1").applies_to == ["supported_internship"]
    assert Framework.objects.get(slug="si-qaf", version="2").applies_to == [
        "supported_internship", "ap_school"]


def test_loading_again_records_comparison_and_cohort_on_a_loaded_version(loaded):
    """IntegratED's results were compared before its file said ``comparison: false``; loading
    the file again stops it for every result already made on it, and changes nothing else."""
    Framework.objects.filter(slug="integrated-ap-benchmarks").update(comparison=True)
    Framework.objects.filter(slug="si-qaf").update(cohort={})
    before = row_counts()
    path = DATA_FILES["integrated-ap-benchmarks"]
    result = framework_load(path_or_text=path, filename=path.name)
    assert result.status == LoadStatus.UPDATED
    assert result.summary() == ("updated integrated-ap-benchmarks 1: results may be totalled "
                                "and compared: no (was: yes)")
    assert Framework.objects.get(slug="integrated-ap-benchmarks").comparison is False
    path = DATA_FILES["si-qaf"]
    assert framework_load(path_or_text=path, filename=path.name).summary() == (
        "updated si-qaf 1: cohort employment_target 70, minimum_hours 16 (was: none)")
    assert Framework.objects.get(slug="si-qaf").cohort == {
        "employment_target": 70, "minimum_hours": 16}
    assert row_counts() == before
