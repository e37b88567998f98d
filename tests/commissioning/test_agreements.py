"""Agreements as the baseline (issue 28): a commissioning link's agreements, each with expected
standards the portal checks against what it holds (a self-assessment submitted by a date, a QA
visit each year, actions closed by their date) or the commissioner records; the dashboard's
flags for an agreement ending soon and a provider with none; and the support log."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning import services, standards
from commissioning.models import Agreement, ExpectedStandard, SupportEntry
from commissioning.selectors import current_agreements, cycles, with_standards
from organisations.models import Commissioning

pytestmark = pytest.mark.django_db
Kind = ExpectedStandard.Kind
D = datetime.date


def link_of(world, commissioner="partnership"):
    return Commissioning.objects.get(commissioner=getattr(world, commissioner),
                                     provider=world.provider)


SEPTEMBER, AUGUST = D(2026, 9, 1), D(2027, 8, 31)


def agreement(world, *, starts=SEPTEMBER, ends=AUGUST, who="partnership_chair",
              commissioner="partnership"):
    return services.agreement_create(link=link_of(world, commissioner), by=world.users[who],
                                     kind="sla", reference="SLA-7", starts=starts, ends=ends,
                                     places=10)


def judged(agreement_, today):
    return standards.judge(with_standards(Agreement.objects.filter(pk=agreement_.pk)), today)[0]


def submitted(start, on: datetime.datetime):
    assessment = start("si-qaf")
    type(assessment).objects.filter(pk=assessment.pk).update(state="submitted", submitted_at=on)
    return assessment


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_a_decider_records_an_agreement_with_history(world):
    made = agreement(world)
    assert (made.reference, made.starts, made.ends, made.places) == (
        "SLA-7", D(2026, 9, 1), D(2027, 8, 31), 10)
    assert made.history.get().history_user == world.users["partnership_chair"]


@pytest.mark.parametrize("who", ["partnership_officer", "provider_lead", "la_commissioner"])
def test_only_those_who_decide_on_the_link_record_agreements(world, who):
    with pytest.raises(PermissionDenied):
        agreement(world, who=who)
    assert not Agreement.objects.exists()


def test_an_agreement_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError) as caught:
        agreement(world, starts=D(2026, 9, 1), ends=D(2026, 8, 1))
    assert caught.value.message_dict == {"ends": ["The agreement cannot end before it starts."]}


def test_submitted_by_a_date_is_met_not_met_or_not_yet_due(world, start):
    made = agreement(world)
    services.standard_add(agreement=made, kind=Kind.SUBMITTED_BY, framework_slug="si-qaf",
                          due=D(2027, 7, 31), by=world.users["partnership_chair"])
    # Before the date with nothing submitted: not yet due.
    state = judged(made, D(2027, 7, 1))
    assert [(j.asks, j.status.label) for j in state.standards] == [
        ("Supported Internship Quality Assurance Framework submitted by 31 July 2027",
         "Not yet due")]
    # The date has passed: not met.
    assert judged(made, D(2027, 8, 1)).standards[0].status == standards.NOT_MET
    assert judged(made, D(2027, 8, 1)).summary == "0 of 1 standard met, 1 not met"
    # Submitted in time: met, saying when.
    submitted(start, at(D(2027, 7, 20)))
    state = judged(made, D(2027, 8, 1))
    assert (state.standards[0].status, state.standards[0].why) == (
        standards.MET, "Submitted on 20 July 2027.")


def test_a_late_or_a_year_old_submission_does_not_meet_the_date(world, start):
    made = agreement(world)
    services.standard_add(agreement=made, kind=Kind.SUBMITTED_BY, framework_slug="si-qaf",
                          due=D(2027, 7, 31), by=world.users["partnership_chair"])
    submitted(start, at(D(2026, 6, 30)))  # last year's
    assert judged(made, D(2027, 8, 1)).standards[0].status == standards.NOT_MET
    type(start("si-qaf", period="2026/27")).objects.filter(period="2026/27").update(
        state="submitted", submitted_at=at(D(2027, 8, 3)))
    late = judged(made, D(2027, 8, 10)).standards[0]
    assert (late.status, late.why) == (standards.NOT_MET, "Submitted late, on 3 August 2027.")


def test_a_recorded_standard_is_as_the_commissioner_recorded_it(world):
    made = agreement(world)
    standard = services.standard_add(agreement=made, kind=Kind.RECORDED,
                                     text="Attendance at least 90%",
                                     by=world.users["partnership_chair"])
    assert judged(made, D(2026, 10, 1)).standards[0].status == standards.NOT_RECORDED
    services.standard_record(standard=standard, outcome="not_met", note="84% this half-term",
                             by=world.users["partnership_officer"])
    state = judged(made, D(2026, 10, 1))
    assert [(j.asks, j.status.label, j.why) for j in state.standards] == [
        ("Attendance at least 90%", "Not met", "84% this half-term")]
    assert state.not_met == 1 and state.met == 0


def test_the_portal_checks_standards_it_holds_the_data_for_and_no_one_records_them(world):
    made = agreement(world)
    standard = services.standard_add(agreement=made, kind=Kind.ACTIONS_ON_TIME,
                                     by=world.users["partnership_chair"])
    with pytest.raises(PermissionDenied):
        services.standard_record(standard=standard, outcome="met", note="",
                                 by=world.users["partnership_chair"])
    assert judged(made, D(2026, 10, 1)).standards[0].status == standards.MET


def test_a_visit_each_year_is_not_yet_due_in_the_agreements_first_year(world):
    made = agreement(world, starts=D(2026, 9, 1))
    services.standard_add(agreement=made, kind=Kind.VISIT_EACH_YEAR,
                          by=world.users["partnership_chair"])
    assert judged(made, D(2027, 3, 1)).standards[0].status == standards.NOT_YET_DUE
    assert judged(made, D(2027, 9, 2)).standards[0].status == standards.NOT_MET


def test_a_standard_needs_what_it_checks(world):
    made = agreement(world)
    chair = world.users["partnership_chair"]
    with pytest.raises(ValidationError) as caught:
        services.standard_add(agreement=made, kind=Kind.SUBMITTED_BY, framework_slug="nope",
                              due=D(2027, 7, 31), by=chair)
    assert "framework_slug" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.standard_add(agreement=made, kind=Kind.RECORDED, text="  ", by=chair)
    assert "text" in caught.value.message_dict
    assert not ExpectedStandard.objects.exists()


def test_the_dashboard_flags_an_agreement_ending_soon_and_a_link_with_none(world, settings):
    settings.AGREEMENT_ENDING_MONTHS = 3
    made = agreement(world, starts=D(2026, 9, 1), ends=D(2027, 8, 31))
    partnership, la = link_of(world), link_of(world, "la")
    assert not current_agreements([partnership.pk], D(2027, 5, 1))[partnership.pk].ending_soon
    assert current_agreements([partnership.pk], D(2027, 6, 15))[partnership.pk].ending_soon
    assert current_agreements([partnership.pk], D(2027, 9, 1)) == {}  # ended
    rows = cycles(world.la, [la], D(2027, 6, 15))
    assert rows[world.provider.pk].agreement is None  # the LA's link has none
    assert made.runs_on(D(2027, 8, 31)) and not made.runs_on(D(2027, 9, 1))


def test_the_newest_agreement_in_force_is_the_current_one(world):
    agreement(world, starts=D(2025, 9, 1), ends=None)
    newer = services.agreement_create(link=link_of(world), by=world.users["partnership_chair"],
                                      kind="contract", reference="C-2", starts=D(2026, 9, 1),
                                      ends=None, places=None)
    link = link_of(world)
    assert current_agreements([link.pk], D(2026, 10, 1))[link.pk].agreement == newer


def test_the_support_log_counts_the_last_year_by_uptake(world):
    link = link_of(world)
    officer = world.users["partnership_officer"]
    for on, uptake in ((D(2026, 10, 1), "attended"), (D(2026, 11, 1), "declined"),
                       (D(2025, 1, 1), "attended")):
        services.support_log(link=link, kind="training", topic="Safeguarding", on=on,
                             uptake=uptake, given_by="Alex", note="", by=officer)
    cycle = cycles(world.partnership, [link], D(2026, 12, 1))[world.provider.pk]
    assert (cycle.supported("attended"), cycle.supported("declined"), cycle.last_support) == (
        1, 1, D(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        services.support_log(link=link, kind="training", topic="x", on=D(2026, 1, 1),
                             uptake="offered", given_by="x", note="",
                             by=world.users["provider_lead"])
    assert SupportEntry.objects.count() == 3


def test_the_agreement_page_shows_each_standard_and_why(world, client_for):
    made = agreement(world, starts=D(2020, 9, 1), ends=None)
    standard = services.standard_add(agreement=made, kind=Kind.RECORDED,
                                     text="Attendance at least 90%",
                                     by=world.users["partnership_chair"])
    services.standard_record(standard=standard, outcome="met", note="93% in the autumn term",
                             by=world.users["partnership_officer"])
    page = client_for(world.users["provider_lead"]).get(made.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Attendance at least 90%" in text and "93% in the autumn term" in text
    assert "1 of 1 standard met" in text
    assert reverse("commissioning:standard_record", args=[standard.pk]) not in text


def test_the_agreement_form_shows_errors_beside_the_fields(world, client_for):
    client = client_for(world.users["partnership_chair"])
    page = client.post(reverse("commissioning:agreement_new", args=[link_of(world).pk]), {
        "kind": "sla", "reference": "", "starts_0": "1", "starts_1": "9", "starts_2": "2026",
        "ends_0": "1", "ends_1": "8", "ends_2": "2026", "places": "-3"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "Enter the agreement&#x27;s reference." in text
    assert "The number of places cannot be negative." in text
    assert not Agreement.objects.exists()
