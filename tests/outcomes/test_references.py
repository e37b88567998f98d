"""Learner references: pseudonymous codes pass; anything shaped like a personal identifier
(UPN, ULN, NHS number, date, name, email, phone number, postcode) is refused with a message
saying what it looks like and what a good reference is, on every path that stores one: the
import, the hand-entry form, the service and the model."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.scale_outcomes import REFERENCE as SCALE_REFERENCE
from outcomes import references, services
from outcomes.import_templates import template_csv
from outcomes.importer import import_check
from outcomes.models import Learner
from outcomes.references import MAY_IDENTIFY, text_concerns
from outcomes.scheme import current_scheme

from .helpers import HEADINGS, csv_bytes, with_cell

GOOD = ["SH-0001", "SH-0100", "SHIRE-L01", "EXAMPLE-0001", "FAR-0001", "DA-0001", "Q-12-3",
        "Q-12345-4", SCALE_REFERENCE.format(number=1, k=1),
        SCALE_REFERENCE.format(number=2999, k=4), "LA7-000123", "100001", "abc1", "K7Q2-XB90"]

BAD = [
    ("9434765919", references.LOOKS_LIKE_NHS_NUMBER),
    ("943-476-5919", references.LOOKS_LIKE_NHS_NUMBER),
    ("943 476 5919", references.LOOKS_LIKE_NHS_NUMBER),
    ("SH-9434765919", references.LOOKS_LIKE_NHS_NUMBER),
    ("1234567890", references.LOOKS_LIKE_ULN_OR_NHS_NUMBER),
    ("555-000-1110", references.LOOKS_LIKE_ULN_OR_NHS_NUMBER),
    ("4712345674", references.LOOKS_LIKE_ULN),
    ("A123456789012", references.LOOKS_LIKE_UPN),
    ("a12345678901B", references.LOOKS_LIKE_UPN),
    ("Jane-Smith", references.LOOKS_LIKE_NAME),
    ("jane-smith-07", references.LOOKS_LIKE_NAME),
    ("JaneSmith2008", references.LOOKS_LIKE_NAME),
    ("SMITH", references.LOOKS_LIKE_NAME),
    ("2008-03-14", references.LOOKS_LIKE_DATE),
    ("14/03/2008", references.LOOKS_LIKE_DATE),
    ("14-3-08", references.LOOKS_LIKE_DATE),
    ("20080314", references.LOOKS_LIKE_DATE),
    ("SH-14032008", references.LOOKS_LIKE_DATE),
    ("jane@example.org", references.LOOKS_LIKE_EMAIL),
    ("07700900123", references.LOOKS_LIKE_PHONE),
    ("07700-900123", references.LOOKS_LIKE_PHONE),
    ("+447700900123", references.LOOKS_LIKE_PHONE),
    ("LE1 6TP", references.LOOKS_LIKE_POSTCODE),
    ("LE16TP", references.LOOKS_LIKE_POSTCODE),
    ("SW1A-1AA", references.LOOKS_LIKE_POSTCODE),
    ("SH_0001", references.NOT_A_REFERENCE),
    ("SH1", references.NOT_A_REFERENCE),
]


@pytest.mark.parametrize("reference", GOOD)
def test_pseudonymous_references_pass(reference):
    assert references.reference_problem(reference) is None


@pytest.mark.parametrize("reference, message", BAD)
def test_personal_identifiers_are_refused_saying_what_they_look_like(reference, message):
    problem = references.reference_problem(reference)
    assert problem == message.format(value=reference)
    assert references.GOOD_REFERENCE in problem


def test_the_nhs_number_check_digit_is_what_tells_it_from_a_uln():
    assert references.nhs_number_valid("9434765919")
    assert not references.nhs_number_valid("9434765918")
    assert references.uln_valid("4712345674") and not references.uln_valid("4712345675")
    assert not references.nhs_number_valid("4712345674")


def test_the_import_refuses_every_personal_identifier_on_its_row(shire):
    rows = [with_cell("learner_ref", value, row=0)[0] for value, _ in BAD]
    content = csv_bytes(rows=rows)
    plan = import_check(content=content, filename="o.csv", local_authority=shire.la)
    refs = [e for e in plan.errors if e.column == "learner_ref"]
    assert [(e.row, e.message) for e in refs] == [
        (n, message.format(value=value)) for n, (value, message) in enumerate(BAD, start=2)]
    assert not plan.rows_to_add


def test_the_import_template_and_the_test_files_references_pass(shire):
    content = template_csv(current_scheme(), shire.la)
    plan = import_check(content=content.encode() if isinstance(content, str) else content,
                        filename="t.csv", local_authority=shire.la)
    assert not [e for e in plan.errors if e.column == "learner_ref"]
    assert import_check(content=csv_bytes(), filename="o.csv", local_authority=shire.la).ok
    assert HEADINGS[0] == "learner_ref"


@pytest.mark.parametrize("reference, message", [BAD[0], BAD[4], BAD[9], BAD[14]])
def test_the_hand_entry_form_refuses_them_next_to_the_field(shire, client_for, reference,
                                                           message):
    client = client_for(shire.users["la_commissioner"])
    response = client.post(reverse("outcomes:learner_add"), {
        "reference": reference, "year_of_birth": "2008", "primary_need": "ASD"})
    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == [message.format(value=reference)]
    assert "govuk-error-summary" in response.content.decode()
    assert not Learner.objects.exists()


def test_the_hand_entry_form_says_what_a_good_reference_looks_like(shire, client_for):
    page = client_for(shire.users["la_commissioner"]).get(reverse("outcomes:learner_add"))
    assert "such as SH-0001" in page.content.decode()


@pytest.mark.parametrize("reference, message", [BAD[0], BAD[9], BAD[14], BAD[18]])
def test_the_service_and_the_model_refuse_them(shire, reference, message):
    with pytest.raises(ValidationError) as refusal:
        services.learner_create(local_authority=shire.la, reference=reference,
                                year_of_birth=2008, primary_need="ASD",
                                by=shire.users["la_commissioner"])
    assert refusal.value.message_dict["reference"] == [message.format(value=reference)]
    with pytest.raises(ValidationError) as refusal:
        Learner(local_authority=shire.la, reference=reference, year_of_birth=2008,
                primary_need="ASD").full_clean()
    assert refusal.value.message_dict["reference"] == [message.format(value=reference)]
    assert not Learner.objects.exists()


@pytest.mark.parametrize("goal, what", [
    ("Email jo.bloggs@example.org each Friday", ["an email address"]),
    ("Ring 07700 900123 to book the bus", ["a phone number"]),
    ("Born 14/03/2008; travel alone by summer", ["a date"]),
    ("Walk from LE1 6ZG to college", ["a postcode"]),
    ("Meet Mrs Patel weekly to plan work", ["a name"]),
    ("Check 943 476 5919 at the surgery", ["a ULN or an NHS number"]),
    ("Record A123456789012 on the form", ["a UPN"]),
    ("Travel to college by bus at 9:30 on Mondays", []),
    ("Complete a work placement in 2026 at Riverside College", []),
    ("Plan and cook a meal each week for 4 people", []),
])
def test_a_goal_that_may_identify_someone_is_named_for_what_it_holds(goal, what):
    assert text_concerns(goal) == what


def test_the_preview_warns_of_such_goals_and_still_lets_the_la_import(shire, client_for):
    content = csv_bytes(rows=with_cell("goal", "Meet Mrs Patel on 14/03/2026"))
    preview = client_for(shire.users["la_commissioner"]).post(
        reverse("outcomes:import"), {"file": SimpleUploadedFile("o.csv", content)})
    plan = preview.context["plan"]
    assert plan.ok and [(w.row, w.column) for w in plan.warnings] == [(2, "goal")]
    assert plan.warnings[0].message == MAY_IDENTIFY.format(what="a date and a name")
    page = preview.content.decode()
    assert "1 goal may identify a learner" in page and "Row 2, goal: It looks as if" in page
    assert "Confirm and import" in page
