"""QA visits through the services: who may do what in which state, the justification and
cause-for-concern rules, the chair's decision, the provider's reply, finalising into the
action plan, withdrawal. The chair's decision is in ``test_concerns``."""
import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans.models import Action
from frameworks.models import Section
from organisations.models import Commissioning
from tests.tasks import run_tasks
from visits import dates, follow_up
from visits import services as vs
from visits.models import Concern, Visit, VisitAnswer, VisitJudgement, VisitTeamMember

from .helpers import (
    STATES,
    VISIT_DATE,
    agree_all,
    create_visit,
    final_visit,
    judge,
    judgements_shared_visit,
    link_for,
    observe,
    ready_to_record_visit,
    recorded_visit,
    refreshed,
    scale,
    shared_visit,
    visit_in,
)

# Creating and preparing ----------------------------------------------------------------


def test_create_makes_a_blank_record_with_its_team(world, frameworks):
    visit = create_visit(world, frameworks)
    assert isinstance(visit, Visit)
    assert (visit.state, visit.framework.slug, visit.period) == (
        "preparing", "leics-ap-visit", "2025/26")
    assert visit.commissioner == world.partnership
    assert visit.responses.count() == 20
    assert visit.judgements.count() == 4
    team = {(m.kind, m.user_id, m.name, m.school) for m in VisitTeamMember.objects.filter(
        visit=visit)}
    assert team == {("officer", world.users["partnership_officer"].pk, "", ""),
                    ("school_visitor", None, "Sam Patel", "Hill School")}
    assert visit.history.first().history_user == world.users["partnership_officer"]


@pytest.mark.parametrize("role", ["partnership_chair", "la_commissioner", "provider_lead",
                                  "other_la_commissioner", "admin"])
def test_only_a_partnership_officer_can_create_a_visit(world, frameworks, role):
    with pytest.raises(PermissionDenied):
        create_visit(world, frameworks, by=world.users[role])
    assert not Visit.objects.exists()


def test_a_decommissioned_provider_cannot_get_a_new_visit(world, frameworks):
    Commissioning.objects.filter(pk=link_for(world).pk).update(status="decommissioned")
    with pytest.raises(PermissionDenied):
        create_visit(world, frameworks)


def test_the_team_holds_only_the_partnerships_officers(world, frameworks):
    with pytest.raises(ValidationError, match="is not a partnership officer"):
        create_visit(world, frameworks, officers=[world.users["la_commissioner"]])
    with pytest.raises(ValidationError, match="name and the school"):
        create_visit(world, frameworks, school_visitors=[("Sam Patel", "")])
    with pytest.raises(ValidationError, match="at least one partnership officer"):
        create_visit(world, frameworks, officers=[])


def test_a_self_assessment_framework_is_refused(world, frameworks):
    officer = world.users["partnership_officer"]
    with pytest.raises(ValidationError, match="not a QA visit framework"):
        vs.visit_create(link=link_for(world), framework=frameworks["si-qaf"],
                        planned_visit_date=VISIT_DATE, officers=[officer], by=officer)


def test_a_preparing_record_is_seen_only_by_the_partnership(world, frameworks):
    visit = create_visit(world, frameworks)
    for role, sees in [("partnership_officer", True), ("partnership_chair", True),
                       ("provider_lead", False), ("la_commissioner", False), ("admin", True)]:
        assert Visit.objects.visible_to(world.users[role]).filter(pk=visit.pk).exists() is sees


def test_at_visit_requirements_wait_until_the_record_is_shared(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = create_visit(world, frameworks)
    at_visit = visit.responses.get(criterion__code="1.2")
    with pytest.raises(PermissionDenied, match="once the record is shared"):
        vs.requirement_record(response=at_visit, by=officer, expected_revision=0,
                              level=scale(visit)["red"], observer_notes="", action_points="",
                              internal_notes="")


def test_sharing_needs_every_before_the_visit_requirement_rated(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = create_visit(world, frameworks)
    observe(visit, officer, phase="before_visit", ratings={"3.1": None, "4.1": None})
    with pytest.raises(ValidationError, match="3.1 and 4.1 are not rated yet"):
        vs.visit_share_with_provider(visit=visit, by=officer)
    assert refreshed(visit).state == "preparing"
    observe(visit, officer, phase="before_visit")
    vs.visit_share_with_provider(visit=visit, by=officer)
    assert refreshed(visit).state == "shared_with_provider"
    assert refreshed(visit).history.first().history_change_reason == "Shared with the provider"


def test_the_officer_changes_date_team_and_key_sections(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = create_visit(world, frameworks)
    section2 = Section.objects.get(framework=visit.framework, code="2")
    vs.visit_update_setup(visit=visit, planned_visit_date=datetime.date(2026, 9, 14),
                          officers=[officer], school_visitors=[("Jo King", "Vale Academy")],
                          key_sections=[section2], by=officer)
    visit = refreshed(visit)
    assert (visit.planned_visit_date, visit.period) == (datetime.date(2026, 9, 14), "2026/27")
    assert list(visit.team.filter(kind="school_visitor").values_list("name", flat=True)) == ["Jo King"]
    assert list(visit.visit_detail.key_sections.all()) == [section2]
    chosen = visit.visit_detail.history.first()
    assert chosen.history_user == officer
    assert [k.section_id for k in chosen.key_sections.all()] == [section2.pk]
    # The removed visitor is in the history, with who removed them.
    removed = VisitTeamMember.history.filter(history_type="-").get()
    assert (removed.name, removed.history_user) == ("Sam Patel", officer)


# Provider evidence and observations ----------------------------------------------------


@pytest.mark.parametrize("role", ["provider_lead", "provider_staff"])
def test_the_providers_people_add_evidence_once_shared(world, frameworks, role):
    visit = shared_visit(world, frameworks)
    response = visit.responses.get(criterion__code="1.1")
    saved = vs.provider_evidence_record(response=response, by=world.users[role],
                                        expected_revision=response.revision,
                                        evidence="LEBC audit certificate, March 2026")
    assert saved.evidence == "LEBC audit certificate, March 2026"
    assert saved.history.first().history_user == world.users[role]


@pytest.mark.parametrize("role", ["partnership_officer", "la_commissioner", "other_provider_lead"])
def test_nobody_else_adds_provider_evidence(world, frameworks, role):
    visit = shared_visit(world, frameworks)
    response = visit.responses.get(criterion__code="1.1")
    with pytest.raises(PermissionDenied):
        vs.provider_evidence_record(response=response, by=world.users[role],
                                    expected_revision=response.revision, evidence="x")
    assert VisitAnswer.objects.get(pk=response.pk).evidence == ""


def test_evidence_and_observer_notes_saved_at_once_do_not_conflict(world, frameworks):
    visit = shared_visit(world, frameworks)
    response = visit.responses.get(criterion__code="1.2")
    opened = response.revision
    vs.provider_evidence_record(response=response, by=world.users["provider_lead"],
                                expected_revision=opened, evidence="Single central record")
    vs.requirement_record(response=response, by=world.users["partnership_officer"],
                          expected_revision=opened, level=scale(visit)["amber"],
                          observer_notes="SCR seen; two DBS dates missing.", action_points="",
                          internal_notes="")
    response.refresh_from_db()
    assert (response.evidence, response.level.code) == ("Single central record", "amber")


def test_two_officers_on_the_same_requirement_conflict(world, frameworks):
    visit = shared_visit(world, frameworks)
    second = world.users["partnership_officer"].__class__.objects.create_user(
        "second@north.test", "pw")
    world.partnership.memberships.create(user=second, role="partnership_officer")
    response = visit.responses.get(criterion__code="1.2")
    opened = response.revision
    vs.requirement_record(response=response, by=world.users["partnership_officer"],
                          expected_revision=opened, level=scale(visit)["green"],
                          observer_notes="Fine.", action_points="", internal_notes="")
    with pytest.raises(vs.EditConflict):
        vs.requirement_record(response=response, by=second, expected_revision=opened,
                              level=scale(visit)["red"], observer_notes="Not fine.",
                              action_points="", internal_notes="")
    response.refresh_from_db()
    assert response.observer_notes == "Fine."


# Judgements, recording and concerns -----------------------------------------------------


def test_a_judgement_better_than_a_red_requirement_needs_a_justification(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks)
    observe(visit, officer, phase="at_visit", ratings={"2.4": "red"})
    with pytest.raises(ValidationError) as refused:
        judge(visit, officer, "2", "amber")
    assert refused.value.message_dict == {"justification": [
        "Explain why the judgement is Amber when 2.4 in this section is rated Red."]}
    judge(visit, officer, "2", "red")
    judge(visit, officer, "2", "amber", justification="One learner's file; the rest were strong.")
    assert VisitJudgement.objects.get(visit=visit, section__code="2").level.code == "amber"


def test_recording_needs_every_requirement_rated_and_every_section_judged(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks)
    observe(visit, officer, phase="at_visit", ratings={"1.5": None})
    judge(visit, officer, "1")
    with pytest.raises(ValidationError) as refused:
        vs.visit_mark_recorded(visit=visit, by=officer, visited_on=VISIT_DATE)
    assert refused.value.messages == [
        "Rate every requirement: 1.5 is not rated yet.",
        "Record the concluding judgement (rating and narrative) for Learner Progress, "
        "Learner Pastoral Care and Systems and Processes.",
    ]
    assert refreshed(visit).state == "shared_with_provider"


def test_a_red_judgement_in_learner_safety_raises_a_concern_and_emails_the_chair(
        world, frameworks):
    visit = recorded_visit(world, frameworks, judgements={"1": "red"}, ratings={"1.2": "red"})
    concern = Concern.objects.get()
    assert (concern.visit, concern.section.code, concern.basis, concern.status) == (
        visit, "1", "key_aspect", "open")
    assert (concern.provider, concern.partnership) == (world.provider, world.partnership)
    run_tasks()
    to_chair = [m for m in mail.outbox if m.to == ["chair@north.test"]]
    assert len(to_chair) == 1
    assert to_chair[0].subject == "Cause for concern: Riverside College, Learner Safety"
    assert f"/visits/concerns/{concern.pk}/" in to_chair[0].body


def test_no_red_no_concern(world, frameworks):
    recorded_visit(world, frameworks, judgements={"1": "amber", "2": "amber"})
    assert not Concern.objects.exists()
    run_tasks()
    assert not [m for m in mail.outbox if "Cause for concern" in m.subject]


def test_red_outside_a_key_section_is_no_concern_unless_chosen_for_the_visit(world, frameworks):
    recorded_visit(world, frameworks, judgements={"4": "red"})
    assert not Concern.objects.exists()
    section3 = Section.objects.get(framework=frameworks["leics-ap-visit"], code="3")
    visit = recorded_visit(world, frameworks, judgements={"3": "red"}, key_sections=[section3])
    concern = Concern.objects.get()
    assert (concern.visit, concern.section.code, concern.basis) == (
        visit, "3", "chosen_for_visit")


def test_a_section_listed_in_the_frameworks_key_sections_is_key(world, frameworks):
    framework = frameworks["leics-ap-visit"]
    framework.scoring_parameters = {"key_sections": ["1", "4"]}
    framework.save()
    recorded_visit(world, frameworks, judgements={"4": "red"})
    assert Concern.objects.get().basis == "key_section"


def test_changing_a_judgement_to_red_after_recording_raises_a_concern_once(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = recorded_visit(world, frameworks)
    judge(visit, officer, "1", "red")
    judge(visit, officer, "1", "red")
    assert Concern.objects.filter(visit=visit).count() == 1


def test_judgements_shared_give_the_provider_ten_working_days(world, frameworks, settings):
    settings.VISIT_RESPONSE_WORKING_DAYS = 10
    visit = recorded_visit(world, frameworks)
    # Friday 13 March 2026 + 10 working days skips two weekends: Friday 27 March.
    vs.visit_share_judgements(visit=visit, by=world.users["partnership_officer"],
                              today=datetime.date(2026, 3, 13))
    assert refreshed(visit).response_due == datetime.date(2026, 3, 27)


@pytest.mark.parametrize(("start", "days", "due"), [
    (datetime.date(2026, 3, 13), 1, datetime.date(2026, 3, 16)),   # Fri -> Mon
    (datetime.date(2026, 3, 14), 1, datetime.date(2026, 3, 16)),   # Sat -> Mon
    (datetime.date(2026, 3, 9), 5, datetime.date(2026, 3, 16)),    # Mon -> next Mon
    (datetime.date(2026, 3, 9), 0, datetime.date(2026, 3, 9)),
    (datetime.date(2026, 3, 11), 10, datetime.date(2026, 3, 25)),
    # Bank holidays in England and Wales are not working days: Christmas, Boxing Day's
    # substitute (26 December 2026 is a Saturday) and New Year's Day; Easter 2027.
    (datetime.date(2026, 12, 23), 10, datetime.date(2027, 1, 11)),
    (datetime.date(2026, 12, 24), 1, datetime.date(2026, 12, 29)),
    (datetime.date(2027, 3, 25), 1, datetime.date(2027, 3, 30)),
    (datetime.date(2026, 5, 22), 1, datetime.date(2026, 5, 26)),  # Spring bank holiday
])
def test_add_working_days_skips_weekends_and_bank_holidays(start, days, due):
    assert dates.add_working_days(start, days) == due


def test_the_provider_lead_responds_until_the_due_date(world, frameworks):
    visit = judgements_shared_visit(world, frameworks)
    lead = world.users["provider_lead"]
    with pytest.raises(PermissionDenied):
        vs.visit_respond(visit=visit, by=world.users["provider_staff"], response="No.")
    with pytest.raises(ValidationError, match="Write your response"):
        vs.visit_respond(visit=visit, by=lead, response="  ", today=visit.response_due)
    vs.visit_respond(visit=visit, by=lead, response="We accept 1.2.", today=visit.response_due)
    assert refreshed(visit).provider_response == "We accept 1.2."
    with pytest.raises(PermissionDenied, match="The time to respond ended on 27 March 2026"):
        vs.visit_respond(visit=visit, by=lead, response="Late.",
                         today=visit.response_due + datetime.timedelta(days=1))


def test_finalising_waits_for_the_reply_or_the_due_date(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = judgements_shared_visit(world, frameworks)
    with pytest.raises(ValidationError, match="has until 27 March 2026 to respond"):
        vs.visit_finalise(visit=visit, by=officer, today=visit.response_due)
    vs.visit_finalise(visit=visit, by=world.users["partnership_chair"],
                      today=visit.response_due + datetime.timedelta(days=1),
                      agreed=agree_all(visit))
    assert refreshed(visit).state == "final"


def test_finalising_turns_action_points_and_follow_ups_into_actions(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks)
    observe(visit, officer, phase="at_visit")
    response = visit.responses.get(criterion__code="1.2")
    vs.requirement_record(response=response, by=officer, expected_revision=response.revision,
                          level=scale(visit)["amber"], observer_notes="Two DBS dates missing.",
                          action_points="Add the missing DBS dates to the SCR.",
                          internal_notes="")
    for section in Section.objects.filter(framework=visit.framework):
        judge(visit, officer, section.code, "green",
              follow_up="Share the safeguarding policy with the school." if section.code == "1"
              else "")
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=VISIT_DATE)
    vs.visit_share_judgements(visit=visit, by=officer, today=datetime.date(2026, 3, 13))
    vs.visit_respond(visit=visit, by=world.users["provider_lead"], response="Agreed.",
                     today=datetime.date(2026, 3, 13))
    today = datetime.date(2026, 3, 20)
    [scr, policy] = follow_up.agreed_actions(visit)
    assert (scr.number, scr.where, scr.text) == (
        1, "1.2 " + Section.objects.get(framework=visit.framework, code="1").criteria.get(
            code="1.2").title, "Add the missing DBS dates to the SCR.")
    # Not final while an agreed action has nobody responsible or no date (SMART).
    with pytest.raises(ValidationError) as refused:
        vs.visit_finalise(visit=visit, by=officer, today=today, agreed={
            scr.key: ("Designated safeguarding lead", None),
            policy.key: ("  ", datetime.date(2026, 4, 30))})
    assert refused.value.message_dict == {
        scr.due_field: ["Enter the date action 1 is due."],
        policy.owner_field: ["Enter who is responsible for action 2."]}
    with pytest.raises(ValidationError, match="The date action 2 is due must be today or in "):
        vs.visit_finalise(visit=visit, by=officer, today=today, agreed={
            scr.key: ("Designated safeguarding lead", datetime.date(2026, 3, 27)),
            policy.key: ("Head of centre", datetime.date(2026, 3, 19))})
    assert refreshed(visit).state == "judgements_shared" and not Action.objects.exists()
    vs.visit_finalise(visit=visit, by=officer, today=today, agreed={
        scr.key: ("Designated safeguarding lead", datetime.date(2026, 3, 27)),
        policy.key: ("Head of centre", datetime.date(2026, 4, 30))})
    actions = list(Action.objects.order_by("pk"))
    assert [(a.area, a.smart_action, a.owner, a.due_date, a.source_visit_id, a.created_by)
            for a in actions] == [
        ("Learner Safety", "Add the missing DBS dates to the SCR.",
         "Designated safeguarding lead", datetime.date(2026, 3, 27), visit.pk, officer),
        ("Learner Safety", "Share the safeguarding policy with the school.", "Head of centre",
         datetime.date(2026, 4, 30), visit.pk, officer),
    ]
    assert actions[0].plan.provider == world.provider and actions[0].plan.period == "2025/26"
    assert actions[0].section.code == "1"
    # Past its date and not done, the action is overdue like any other.
    assert [a.pk for a in Action.objects.overdue(datetime.date(2026, 3, 28))] == [actions[0].pk]


def test_a_final_visit_is_locked_through_every_service(world, frameworks):
    visit = final_visit(world, frameworks)
    officer, lead = world.users["partnership_officer"], world.users["provider_lead"]
    response = visit.responses.get(criterion__code="1.1")
    judgement = visit.judgements.get(section__code="1")
    attempts = [
        lambda: vs.requirement_record(response=response, by=officer, expected_revision=response.revision,
                                      level=None, observer_notes="x", action_points="",
                                      internal_notes=""),
        lambda: vs.provider_evidence_record(response=response, by=lead,
                                            expected_revision=response.revision, evidence="x"),
        lambda: vs.visit_record_judgement(judgement=judgement, by=officer,
                                          expected_revision=judgement.revision, level=None,
                                          narrative="x", follow_up_actions="", justification=""),
        lambda: vs.visit_respond(visit=visit, by=lead, response="x"),
        lambda: vs.visit_withdraw(visit=visit, by=officer, reason="x"),
        lambda: vs.visit_finalise(visit=visit, by=officer),
        lambda: vs.visit_update_setup(visit=visit, planned_visit_date=VISIT_DATE,
                                      officers=[officer], by=officer),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="final and read-only"):
            attempt()
    assert refreshed(visit).is_locked


def test_withdrawing_needs_a_reason_and_is_refused_once_final(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks)
    with pytest.raises(ValidationError, match="Give the reason"):
        vs.visit_withdraw(visit=visit, by=officer, reason=" ")
    with pytest.raises(PermissionDenied):
        vs.visit_withdraw(visit=visit, by=world.users["partnership_chair"], reason="x")
    vs.visit_withdraw(visit=visit, by=officer, reason="The provider closed for refurbishment.")
    visit = refreshed(visit)
    assert visit.state == "withdrawn"
    assert visit.visit_detail.withdrawn_reason == "The provider closed for refurbishment."
    assert visit.history.first().history_user == officer


# Each transition: only in its state, only for its role -----------------------------------

TRANSITIONS = {
    # name: (allowed state, allowed roles, call(visit, user))
    "share": ("preparing", {"partnership_officer"},
              lambda v, u: vs.visit_share_with_provider(visit=v, by=u)),
    "mark_recorded": ("shared_with_provider", {"partnership_officer"},
                      lambda v, u: vs.visit_mark_recorded(visit=v, by=u,
                                                        visited_on=VISIT_DATE)),
    "share_judgements": ("visit_recorded", {"partnership_officer"},
                         lambda v, u: vs.visit_share_judgements(visit=v, by=u)),
    "respond": ("judgements_shared", {"provider_lead"},
                lambda v, u: vs.visit_respond(visit=v, by=u, response="Thank you.",
                                              today=datetime.date(2026, 3, 13))),
    "finalise": ("judgements_shared", {"partnership_officer", "partnership_chair"},
                 lambda v, u: vs.visit_finalise(visit=v, by=u, today=datetime.date(2026, 6, 1),
                                                agreed=agree_all(v))),
    "withdraw": ({"preparing", "shared_with_provider", "visit_recorded", "judgements_shared"},
                 {"partnership_officer"},
                 lambda v, u: vs.visit_withdraw(visit=v, by=u, reason="Closed")),
}
OTHERS = ["provider_lead", "provider_staff", "partnership_officer", "partnership_chair",
          "la_commissioner", "other_la_commissioner", "admin", "no_membership"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_transition_only_in_its_state_and_for_its_role(world, frameworks, name, state):
    allowed_states, roles, call = TRANSITIONS[name]
    allowed_states = {allowed_states} if isinstance(allowed_states, str) else allowed_states
    visit = visit_in(world, frameworks, state)
    before = (visit.state, visit.provider_response, visit.history.count())
    for role in OTHERS:
        if state in allowed_states and role in roles:
            continue
        with pytest.raises(PermissionDenied):
            call(refreshed(visit), world.users[role])
        after = refreshed(visit)
        assert (after.state, after.provider_response, after.history.count()) == before, role
    if state in allowed_states:
        call(refreshed(visit), world.users[sorted(roles)[0]])
        assert refreshed(visit).history.first().history_user == world.users[sorted(roles)[0]]


# The date the visit took place -------------------------------------------------------------


def test_a_visit_cannot_be_recorded_with_a_date_in_the_future(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = ready_to_record_visit(world, frameworks)
    today = datetime.date(2026, 3, 12)
    with pytest.raises(ValidationError) as refused:
        vs.visit_mark_recorded(visit=visit, by=officer, today=today,
                               visited_on=today + datetime.timedelta(days=1))
    assert refused.value.message_dict == {"visited_on": [dates.VISIT_DATE_IN_FUTURE]}
    with pytest.raises(ValidationError) as missing:
        vs.visit_mark_recorded(visit=visit, by=officer, today=today, visited_on=None)
    assert missing.value.message_dict == {"visited_on": [dates.VISIT_DATE_REQUIRED]}
    assert refreshed(visit).state == "shared_with_provider"


def test_recording_stores_the_date_the_visit_took_place_and_its_year(world, frameworks):
    officer = world.users["partnership_officer"]
    visit = ready_to_record_visit(world, frameworks)  # planned for 12 March 2026
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=datetime.date(2026, 3, 10),
                           today=datetime.date(2026, 3, 12))
    visit = refreshed(visit)
    assert visit.visited_on == datetime.date(2026, 3, 10)
    assert visit.visit_date == datetime.date(2026, 3, 10)
    assert visit.planned_visit_date == VISIT_DATE
    assert visit.period == "2025/26"
    record = visit.history.latest("history_date")
    assert (record.state, record.visited_on) == ("visit_recorded", datetime.date(2026, 3, 10))


def test_the_response_deadline_counts_from_the_day_the_judgements_are_shared(world, frameworks,
                                                                            settings):
    settings.VISIT_RESPONSE_WORKING_DAYS = 10
    officer = world.users["partnership_officer"]
    visit = recorded_visit(world, frameworks)  # took place on Thursday 12 March 2026
    with pytest.raises(ValidationError) as early:
        vs.visit_share_judgements(visit=visit, by=officer, today=datetime.date(2026, 3, 11))
    assert early.value.messages == [vs.JUDGEMENTS_BEFORE_VISIT.format(date="12 March 2026")]
    vs.visit_share_judgements(visit=visit, by=officer, today=datetime.date(2026, 3, 20))
    # Ten working days after Friday 20 March, Good Friday and Easter Monday not counted.
    assert refreshed(visit).response_due == datetime.date(2026, 4, 7)

