"""Importing providers from a file: exactly its providers and links, every error named by row
and column, all or nothing, duplicates by URN or UKPRN refused, re-imports changing nothing
and changed details shown as changes, with history."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.imports.files import NOT_UTF8, ImportFileError
from core.imports.rows import BAD_CHOICE, REQUIRED
from organisations import import_services as services
from organisations.import_rows import (
    AMBIGUOUS_COMMISSIONER,
    CONTROL,
    FORMULA,
    NO_IDENTIFIER,
    NOT_A_POSTCODE,
    NOT_A_UKPRN,
    NOT_A_URN,
    TOO_LONG,
    UNKNOWN_COMMISSIONER,
)
from organisations.importer import (
    NO_IDENTIFIER_COLUMN,
    NOT_A_PROVIDER,
    REPEATED,
    SAME_PROVIDER,
    STAYS_AP,
    TWO_ORGANISATIONS,
    import_check,
)
from organisations.models import Commissioning, Organisation
from tests.factories import LocalAuthorityFactory, ProviderFactory

from .import_helpers import HEADINGS, ROWS, csv_bytes, with_cell, xlsx_bytes


def check(content, filename="providers.csv"):
    return import_check(content=content, filename=filename)


def apply(world, content, filename="providers.csv", by=None):
    plan = check(content, filename)
    assert plan.ok, [str(e) for e in plan.errors]
    services.import_apply(plan=plan, by=by or world.users["admin"])
    return plan


def held():
    """Every organisation's imported fields and its commissioners, and every history row."""
    return ({o.slug: (o.name, o.kind, o.provider_type, o.urn, o.ukprn, o.address, o.postcode,
                      o.local_authority_area,
                      sorted(o.commissioned_by.values_list("commissioner__slug", flat=True)))
             for o in Organisation.objects.all()},
            Organisation.history.count(), Commissioning.history.count())


def errors(plan):
    return [(e.row, e.column, e.message) for e in plan.errors]


EXPECTED = {
    "brook-house-tuition": ("Brook House Tuition", "provider", "independent_ap", "100001", "",
                            "1 Brook Lane, Hinckley", "LE10 1AA", "Leicestershire",
                            ["north-seip", "shire-council"]),
    "meadow-farm-learning": ("Meadow Farm Learning", "provider", "ap_school", "", "10012345",
                             "Meadow Farm, Melton Road", "LE13 0AB", "Leicestershire",
                             ["shire-council"]),
    "quarry-skills": ("Quarry Skills", "provider", "supported_internship", "100003", "10012347",
                      "3 Quarry Road, Mountsorrel", "LE12 7AA", "Leicestershire", []),
}


@pytest.mark.parametrize("make, filename", [(csv_bytes, "p.csv"), (xlsx_bytes, "p.xlsx")])
def test_a_valid_file_adds_exactly_its_providers_and_links(world, make, filename):
    before = held()[0]
    plan = apply(world, make(), filename)
    assert plan.summary() == ("3 organisations to add, 0 to change, 0 unchanged; "
                              "3 commissioning links to add, 0 already held")
    assert plan.applied_summary() == "3 organisations added; 3 commissioning links added"
    now = held()[0]
    assert {slug: now[slug] for slug in set(now) - set(before)} == EXPECTED
    links = Commissioning.objects.filter(provider__slug="brook-house-tuition")
    assert {(link.status, link.since) for link in links} == {("active", timezone.localdate())}
    record = Organisation.history.get(slug="quarry-skills")
    assert record.history_user == world.users["admin"]
    assert record.history_change_reason == f"Imported from {filename}"
    assert links.first().history.get().history_user == world.users["admin"]


def test_a_dry_run_writes_nothing(world):
    before = held()
    plan = check(csv_bytes())
    assert plan.ok and plan.has_changes
    assert held() == before


def test_re_importing_the_same_file_changes_nothing(world):
    apply(world, csv_bytes())
    before = held()
    plan = apply(world, xlsx_bytes(), "again.xlsx")
    assert plan.summary() == ("0 organisations to add, 0 to change, 3 unchanged; "
                              "0 commissioning links to add, 3 already held")
    assert not plan.has_changes
    assert held() == before


def test_changed_details_are_a_change_applied_with_history(world):
    apply(world, csv_bytes())
    rows = with_cell("postcode", "LE10 2BB",
                     rows=with_cell("provider_type", "AP SCHOOL OR PUPIL REFERRAL UNIT"))
    plan = apply(world, csv_bytes(rows=rows), "term-2.csv")
    assert plan.summary().startswith("0 organisations to add, 1 to change, 2 unchanged")
    assert plan.to_change[0].fields == [
        ("provider_type", "Independent alternative provider", "AP school or pupil referral unit"),
        ("postcode", "LE10 1AA", "LE10 2BB")]
    brook = Organisation.objects.get(urn="100001")
    assert (brook.provider_type, brook.postcode) == ("ap_school", "LE10 2BB")
    records = list(brook.history.order_by("history_date", "history_id"))
    assert [(r.postcode, r.history_type) for r in records] == [("LE10 1AA", "+"), ("LE10 2BB", "~")]
    assert records[-1].history_change_reason == "Imported from term-2.csv"


def test_a_row_is_matched_by_its_ukprn_and_adds_the_urn_it_gives(world):
    ProviderFactory(name="Meadow Farm", slug="meadow-farm", ukprn="10012345")
    plan = check(csv_bytes(rows=with_cell("urn", "100002", row=1)))
    change = next(c for c in plan.to_change if c.obj.slug == "meadow-farm")
    assert ("urn", "—", "100002") in change.fields and ("name", "Meadow Farm",
                                                         "Meadow Farm Learning") in change.fields


def test_a_bad_row_refuses_the_whole_file(world):
    before = held()
    plan = check(csv_bytes(rows=with_cell("postcode", "nowhere", row=2)))
    assert errors(plan) == [(4, "postcode", NOT_A_POSTCODE.format(value="NOWHERE"))]
    assert len(plan.to_add) == 2  # the good rows are counted, and not one of them is saved
    with pytest.raises(ValidationError):
        services.import_apply(plan=plan, by=world.users["admin"])
    assert held() == before


def test_every_error_names_its_row_and_its_columns_letter_and_heading(world):
    rows = with_cell("provider_type", "school", rows=with_cell("name", ""))
    rows = with_cell("urn", "12345", row=2, rows=with_cell("ukprn", "20012347", row=2, rows=rows))
    plan = check(csv_bytes(rows=rows))
    assert [str(e) for e in plan.errors] == [
        f"row 2, column A (name): {REQUIRED}",
        "row 2, column B (provider_type): " + BAD_CHOICE.format(
            value="school", choices=", ".join(Organisation.ProviderType.labels)),
        "row 4, column C (urn): " + NOT_A_URN.format(value="12345"),
        "row 4, column D (ukprn): " + NOT_A_UKPRN.format(value="20012347")]


def test_a_row_needs_a_urn_or_a_ukprn_and_the_file_one_of_their_columns(world):
    plan = check(csv_bytes(rows=with_cell("urn", "")))
    assert errors(plan) == [(2, "urn", NO_IDENTIFIER)]
    assert plan.errors[0].letter == "C"
    with pytest.raises(ImportFileError) as refused:
        check(csv_bytes(["name", "provider_type", "address", "postcode", "la_area"],
                        [r[:2] + r[4:7] for r in ROWS]))
    assert refused.value.messages == [NO_IDENTIFIER_COLUMN]


def test_two_rows_with_one_urn_or_ukprn_are_refused_naming_each_other(world):
    rows = [*ROWS, with_cell("name", "Brook Again")[0], with_cell("urn", "", row=2)[2]]
    plan = check(csv_bytes(rows=rows))
    assert errors(plan) == [
        (2, "urn", REPEATED.format(what="URN", value="100001", rows="5")),
        (4, "ukprn", REPEATED.format(what="UKPRN", value="10012347", rows="6")),
        (5, "urn", REPEATED.format(what="URN", value="100001", rows="2")),
        (6, "ukprn", REPEATED.format(what="UKPRN", value="10012347", rows="4"))]
    assert [r.row for r in plan.to_add] == [3]


def test_two_rows_naming_one_provider_by_urn_and_by_ukprn_are_refused(world):
    ProviderFactory(name="Quarry", slug="quarry", urn="100003", ukprn="10012347")
    rows = [with_cell("ukprn", "", row=2)[2], with_cell("urn", "", row=2)[2]]
    plan = check(csv_bytes(rows=rows))
    assert errors(plan) == [(2, "urn", SAME_PROVIDER.format(rows=3, name="Quarry")),
                            (3, "ukprn", SAME_PROVIDER.format(rows=2, name="Quarry"))]


def test_a_urn_and_a_ukprn_of_two_organisations_are_refused(world):
    ProviderFactory(name="Quarry", slug="quarry", urn="100003")
    ProviderFactory(name="Skills Hub", slug="skills-hub", ukprn="10012347")
    plan = check(csv_bytes(rows=ROWS[2:]))
    assert errors(plan) == [(2, "ukprn", TWO_ORGANISATIONS.format(
        urn="100003", first="Quarry", ukprn="10012347", second="Skills Hub"))]


def test_an_identifier_of_another_kind_of_organisation_is_refused(world):
    LocalAuthorityFactory(name="Wolds Council", slug="wolds-council", urn="100001")
    plan = check(csv_bytes(rows=ROWS[:1]))
    assert errors(plan) == [(2, "urn", NOT_A_PROVIDER.format(
        what="URN", value="100001", name="Wolds Council", kind="a local authority"))]


@pytest.mark.parametrize("described", [{"setting_purpose": "part_time"},
                                       {"typical_placement": "term"}])
def test_a_described_ap_setting_stays_an_ap_type(world, described):
    ProviderFactory(name="Brook", slug="brook", urn="100001", **described)
    plan = check(csv_bytes(rows=with_cell("provider_type", "supported_internship")[:1]))
    assert errors(plan) == [(2, "provider_type", STAYS_AP.format(name="Brook"))]
    assert check(csv_bytes(rows=with_cell("provider_type", "ap_school")[:1])).ok


def test_commissioners_are_named_by_slug_or_exact_name_and_links_are_made_once(world):
    LocalAuthorityFactory(name="Twin Council", slug="twin-1")
    LocalAuthorityFactory(name="twin  council", slug="twin-2")
    rows = with_cell("commissioned_by", "Shire Council;;nowhere; Twin Council; Riverside College")
    plan = check(csv_bytes(rows=rows[:1]))
    assert errors(plan) == [
        (2, "commissioned_by", UNKNOWN_COMMISSIONER.format(value="nowhere")),
        (2, "commissioned_by", AMBIGUOUS_COMMISSIONER.format(value="Twin Council")),
        (2, "commissioned_by", UNKNOWN_COMMISSIONER.format(value="Riverside College"))]
    rows = with_cell("commissioned_by", "Shire Council; shire-council; TWIN-2")
    apply(world, csv_bytes(rows=rows[:1]))
    assert sorted(Commissioning.objects.filter(provider__urn="100001")
                  .values_list("commissioner__slug", flat=True)) == ["shire-council", "twin-2"]


def test_a_link_held_in_another_status_is_left_as_it_is(world):
    world.provider.urn = "100001"
    world.provider.save()
    Commissioning.objects.filter(commissioner=world.la, provider=world.provider).update(
        status="decommissioned")
    rows = with_cell("name", "Riverside College", rows=with_cell("commissioned_by", "shire-council"))
    plan = apply(world, csv_bytes(rows=rows[:1]))
    assert (len(plan.links_to_add), plan.links_held) == (0, 1)
    assert Commissioning.objects.get(commissioner=world.la, provider=world.provider).status == \
        "decommissioned"


def test_a_new_provider_whose_name_is_taken_gets_its_identifier_in_its_address(world):
    ProviderFactory(name="Brook House Tuition", slug="brook-house-tuition")
    apply(world, csv_bytes(rows=ROWS[:1]))
    assert Organisation.objects.get(urn="100001").slug == "brook-house-tuition-100001"


@pytest.mark.parametrize("column, value, message", [
    ("name", "Brook\x00 House", CONTROL),
    ("name", "=HYPERLINK(\"http://x\")", FORMULA.format(value='=HYPERLINK("http://x")',
                                                      start="=")),
    ("address", "@SUM(A1)", FORMULA.format(value="@SUM(A1)", start="@")),
    ("la_area", "Leics\tshire", CONTROL),
    ("name", "x" * 201, TOO_LONG.format(length=201, limit=200)),
    ("address", "y" * 5000, TOO_LONG.format(length=5000, limit=300)),
    ("urn", "9" * 41, NOT_A_URN.format(value="9" * 39 + "…")),
    ("urn", "1\x00", NOT_A_URN.format(value="1?")),
    ("ukprn", "-1", NOT_A_UKPRN.format(value="-1")),
    ("postcode", "LE1\x006ZG", NOT_A_POSTCODE.format(value="LE1?6ZG")),
    ("provider_type", "\x00", BAD_CHOICE.format(value="?", choices=", ".join(
        Organisation.ProviderType.labels))),
])
def test_bad_values_are_errors_with_a_clear_message(world, column, value, message):
    plan = check(csv_bytes(rows=with_cell(column, value)[:1]))
    assert errors(plan) == [(2, column, message)]


def test_huge_numbers_and_dates_in_a_workbook_are_errors(world):
    rows = with_cell("urn", 10**30, rows=with_cell("ukprn", 1e300))
    rows = with_cell("postcode", datetime.datetime(2026, 1, 1), rows=rows)
    plan = check(xlsx_bytes(rows=rows[:1]), "p.xlsx")
    assert [e.column for e in plan.errors] == ["urn", "ukprn", "postcode"]


def test_numbers_in_a_workbook_are_read_as_identifiers(world):
    rows = with_cell("urn", 100001, rows=with_cell("ukprn", 10012349.0))
    apply(world, xlsx_bytes(rows=rows[:1]), "p.xlsx")
    assert Organisation.objects.filter(urn="100001", ukprn="10012349").exists()


def test_other_encodings_and_nul_bytes_in_the_file_are_refused_or_errors(world):
    with pytest.raises(ImportFileError) as refused:
        check(csv_bytes(rows=with_cell("name", "Café Skills")).decode().encode("latin-1"))
    assert refused.value.messages == [NOT_UTF8]
    plan = check(b"name,provider_type,urn,address,postcode,la_area\n\x00,\x00,\x00,\x00,\x00,\x00\n")
    assert {e.column for e in plan.errors} == {"name", "provider_type", "urn", "address",
                                              "postcode", "la_area"}


def test_only_administrators_may_apply(world):
    plan = check(csv_bytes())
    for name in ("la_commissioner", "partnership_chair", "provider_lead", "no_membership"):
        with pytest.raises(PermissionDenied):
            services.import_apply(plan=plan, by=world.users[name])
    assert not Organisation.objects.filter(urn="100001").exists()


def test_a_provider_added_meanwhile_undoes_the_whole_import(world):
    plan = check(csv_bytes())
    ProviderFactory(name="Quarry", slug="quarry", urn="100003")
    before = held()
    with pytest.raises(ValidationError) as refused:
        services.import_apply(plan=plan, by=world.users["admin"])
    assert refused.value.messages == [services.CHANGED_MEANWHILE]
    assert held() == before


def test_headings_are_matched_in_any_case_and_order(world):
    order = list(reversed(range(len(HEADINGS))))
    headings = [HEADINGS[i].upper() if i % 2 else f" {HEADINGS[i].replace('_', ' ')} "
                for i in order]
    apply(world, csv_bytes(headings, [[row[i] for i in order] for row in ROWS]))
    assert Organisation.objects.filter(urn__in=["100001", "100003"]).count() == 2
