"""QA visit pages through the test client, as users would: internal notes never reach the
provider, findings reach it only once shared, the justification message beside its field,
in-place saves, the chair's decision seen by a second commissioner, query counts."""
import datetime
import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action
from organisations.models import Commissioning
from tests.factories import CommissioningFactory, ProviderFactory
from tests.tasks import run_tasks
from visits import dates
from visits import services as vs
from visits.follow_up import agreed_actions
from visits.models import Concern, Visit, VisitAnswer, VisitEvidenceFile

from .helpers import (
    VISIT_DATE,
    agree_all,
    create_visit,
    judge,
    link_for,
    observe,
    recorded_visit,
    scale,
    shared_visit,
)

SECRET = "SECRET-INTERNAL-NOTE"
AT_VISIT = "AT-VISIT-FINDING"
def today():
    """The service's today, read when a test runs: a date fixed at import goes stale when a run
    crosses midnight."""
    return timezone.localdate()


def visit_urls(visit, *, judgements=True):
    """Every page of a visit a provider might open, and the htmx fragment it gets back."""
    codes = ["1", "2", "3", "4"]
    urls = [reverse("visits:overview", args=[visit.pk]), reverse("visits:history", args=[visit.pk]),
            reverse("visits:list"), reverse("home")]
    urls += [reverse("visits:section", args=[visit.pk, c]) for c in codes]
    urls += [reverse("visits:evidence", args=[visit.pk, c]) for c in codes]
    if judgements:
        urls += [reverse("visits:judgement", args=[visit.pk, c]) for c in codes]
    return urls


def date_fields(day: datetime.date, name: str = "visited_on") -> dict:
    """A GOV.UK date input's three boxes, as the browser posts them."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def finalise_fields(visit) -> dict:
    """The finalise page's form as a person fills it in: who and when for each agreed action."""
    fields = {}
    for key, (owner, due) in agree_all(visit).items():
        fields[f"owner-{key}"] = owner
        fields.update(date_fields(due, f"due-{key}"))
    return fields


def walk_to(world, frameworks, state):
    """A visit with internal notes and at-visit findings everywhere, in ``state``."""
    officer = world.users["partnership_officer"]
    visit = create_visit(world, frameworks)
    observe(visit, officer, phase="before_visit", internal_notes=SECRET)
    vs.visit_share_with_provider(visit=visit, by=officer)
    vs.provider_evidence_add_file(response=visit.responses.get(criterion__code="1.1"),
                                  by=world.users["provider_lead"],
                                  upload=SimpleUploadedFile("audit.txt", b"LEBC audit"))
    observe(visit, officer, phase="at_visit", internal_notes=SECRET, observer_notes=AT_VISIT,
            ratings={"1.2": "red"})
    for code in "1234":
        judge(visit, officer, code, "red" if code == "1" else "green")
    if state == "shared_with_provider":
        return visit
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=VISIT_DATE)
    if state == "visit_recorded":
        return visit
    vs.visit_share_judgements(visit=visit, by=officer)
    if state == "judgements_shared":
        return visit
    vs.visit_respond(visit=visit, by=world.users["provider_lead"], response="Agreed.")
    vs.visit_finalise(visit=visit, by=officer, today=today(), agreed=agree_all(visit))
    return visit


@pytest.mark.parametrize("state", ["shared_with_provider", "visit_recorded", "judgements_shared",
                                   "final"])
def test_internal_notes_never_reach_the_provider(world, frameworks, client_for, state):
    visit = walk_to(world, frameworks, state)
    findings_shared = state in ("judgements_shared", "final")
    for role in ["provider_lead", "provider_staff"]:
        client = client_for(world.users[role])
        for url in visit_urls(visit, judgements=findings_shared):
            html = client.get(url).content.decode()
            assert SECRET not in html, (role, url)
            assert "Internal notes" not in html, (role, url)
            if not findings_shared:
                assert AT_VISIT not in html, (role, url)
            elif "/sections/" in url and "/judgement/" not in url:
                assert AT_VISIT in html, (role, url)
    # The partnership sees them; a commissioning LA sees findings but not internal notes.
    section = reverse("visits:section", args=[visit.pk, "1"])
    assert SECRET in client_for(world.users["partnership_chair"]).get(section).content.decode()
    la_page = client_for(world.users["la_commissioner"]).get(section).content.decode()
    assert AT_VISIT in la_page and SECRET not in la_page


def test_the_providers_htmx_fragment_and_history_hold_no_internal_notes(
        world, frameworks, client_for):
    visit = walk_to(world, frameworks, "shared_with_provider")
    response = visit.responses.get(criterion__code="1.1")
    client = client_for(world.users["provider_lead"])
    fragment = client.post(reverse("visits:evidence_save", args=[visit.pk, response.pk]),
                           {f"c{response.pk}-revision": response.revision,
                            f"c{response.pk}-evidence": "LEBC certificate"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "Saved at" in fragment.content.decode() and SECRET not in fragment.content.decode()
    history = client.get(reverse("visits:history", args=[visit.pk])).content.decode()
    assert "LEBC certificate" in history and SECRET not in history and AT_VISIT not in history
    officer_history = client_for(world.users["partnership_officer"]).get(
        reverse("visits:history", args=[visit.pk])).content.decode()
    assert SECRET in officer_history


def test_the_officer_creates_prepares_and_shares_through_the_pages(world, frameworks, client_for):
    client = client_for(world.users["partnership_officer"])
    page = client.get(reverse("visits:create"))
    assert "Riverside College" in page.content.decode()
    created = client.post(reverse("visits:create"), {
        "link": link_for(world).pk, "planned_visit_date_0": "12", "planned_visit_date_1": "3",
        "planned_visit_date_2": "2026", "officers": [world.users["partnership_officer"].pk],
        "visitor_name_0": "Sam Patel", "visitor_school_0": "Hill School"})
    visit = Visit.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/visits/{visit.pk}/"
    assert visit.team.count() == 2
    overview = client.get(f"/visits/{visit.pk}/").content.decode()
    assert "Before you can share the record with the provider" in overview
    refused = client.post(reverse("visits:share", args=[visit.pk]))
    assert refused.status_code == 400
    assert "1.1, 2.1, 2.2, 2.3, 3.1, 3.2 and 4.1 are not rated yet" in refused.content.decode()
    green = scale(visit)["green"]
    data = {}
    for r in visit.responses.filter(criterion__phase="before_visit").select_related("criterion"):
        data |= {f"c{r.pk}-revision": r.revision, f"c{r.pk}-level": green.pk,
                 f"c{r.pk}-observer_notes": "Checked on LEBC.", f"c{r.pk}-action_points": "",
                 f"c{r.pk}-internal_notes": ""}
    for code in "1234":
        saved = client.post(reverse("visits:section", args=[visit.pk, code]), data)
        assert saved.status_code == 302
    assert client.post(reverse("visits:share", args=[visit.pk])).status_code == 302
    assert Visit.objects.get().state == "shared_with_provider"


def test_a_missing_date_and_officer_are_explained(world, frameworks, client_for):
    client = client_for(world.users["partnership_officer"])
    page = client.post(reverse("visits:create"), {"link": link_for(world).pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enter the planned date of the visit" in html
    assert vs.OFFICERS_REQUIRED in html
    assert not Visit.objects.exists()


def test_the_justification_message_is_shown_beside_the_field(world, frameworks, client_for):
    visit = shared_visit(world, frameworks)
    officer = world.users["partnership_officer"]
    observe(visit, officer, phase="at_visit", ratings={"1.3": "red"})
    judgement = visit.judgements.get(section__code="1")
    page = client_for(officer).post(reverse("visits:judgement", args=[visit.pk, "1"]), {
        f"c{judgement.pk}-revision": judgement.revision,
        f"c{judgement.pk}-level": scale(visit)["green"].pk,
        f"c{judgement.pk}-narrative": "Mostly secure.", f"c{judgement.pk}-justification": ""})
    html = page.content.decode()
    assert page.status_code == 200
    message = "Explain why the judgement is Green when 1.3 in this section is rated Red."
    assert f'id="id_c{judgement.pk}-justification-error"' in html
    assert html.count(message) == 2  # in the error summary and beside the field
    judgement.refresh_from_db()
    assert judgement.level is None


def test_the_judgement_page_shows_the_requirement_ratings(world, frameworks, client_for):
    visit = shared_visit(world, frameworks)
    observe(visit, world.users["partnership_officer"], phase="at_visit", ratings={"2.4": "red"})
    html = client_for(world.users["partnership_officer"]).get(
        reverse("visits:judgement", args=[visit.pk, "2"])).content.decode()
    assert "Requirement ratings in Learner Progress" in html
    assert 'app-rag--red">Red</strong>' in html
    assert "A judgement better than Red needs a justification." in html


def test_an_in_place_save_says_saved_or_not_saved(world, frameworks, client_for):
    visit = shared_visit(world, frameworks)
    response = visit.responses.get(criterion__code="1.2")
    client = client_for(world.users["partnership_officer"])
    url = reverse("visits:requirement_save", args=[visit.pk, response.pk])
    ok = client.post(url, {f"c{response.pk}-revision": response.revision,
                           f"c{response.pk}-level": scale(visit)["amber"].pk,
                           f"c{response.pk}-observer_notes": "SCR seen"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "Saved at" in ok.content.decode()
    assert VisitAnswer.objects.get(pk=response.pk).level.code == "amber"
    bad = client.post(url, {f"c{response.pk}-revision": 1, f"c{response.pk}-level": "999999"},
                      HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "Not saved: Choose Red, Amber or Green." in bad.content.decode()


def test_provider_evidence_files_upload_with_the_same_checks(world, frameworks, client_for):
    visit = shared_visit(world, frameworks)
    response = visit.responses.get(criterion__code="1.1")
    client = client_for(world.users["provider_staff"])
    url = reverse("visits:evidence", args=[visit.pk, "1"])
    page = client.post(url, {f"c{response.pk}-revision": response.revision,
                             f"c{response.pk}-evidence": "See the audit",
                             f"c{response.pk}-files": [
                                 SimpleUploadedFile("audit.pdf", b"not really a pdf")]})
    assert "is named as a .pdf file but its content is not" in page.content.decode()
    assert not VisitEvidenceFile.objects.exists()
    assert VisitAnswer.objects.get(pk=response.pk).evidence == "See the audit"
    client.post(url, {f"c{response.pk}-revision": response.revision + 1,
                      f"c{response.pk}-evidence": "See the audit",
                      f"c{response.pk}-files": [SimpleUploadedFile("audit.txt", b"LEBC audit")]})
    stored = VisitEvidenceFile.objects.get()
    download = client_for(world.users["la_commissioner"]).get(
        reverse("visits:evidence_download", args=[visit.pk, stored.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"LEBC audit"
    # The self-assessment download never serves a visit's files, whatever id it is given.
    assert client.get(reverse("assessments:evidence_download", args=[stored.pk])).status_code == 404


def test_a_final_visit_shows_no_form_and_refuses_every_write(world, frameworks, client_for):
    visit = walk_to(world, frameworks, "final")
    officer = client_for(world.users["partnership_officer"])
    section = officer.get(reverse("visits:section", args=[visit.pk, "1"])).content.decode()
    assert "<textarea" not in section and 'type="radio"' not in section
    assert "This visit record is final and read-only." in section
    response = visit.responses.get(criterion__code="1.2")
    for url in [reverse("visits:section", args=[visit.pk, "1"]),
                reverse("visits:requirement_save", args=[visit.pk, response.pk]),
                reverse("visits:judgement", args=[visit.pk, "1"]),
                reverse("visits:withdraw", args=[visit.pk]),
                reverse("visits:finalise", args=[visit.pk]),
                reverse("visits:setup", args=[visit.pk])]:
        assert officer.post(url, {}, HTTP_HX_REQUEST="true").status_code == 403, url


def test_the_admin_is_read_only_for_a_final_visit_unless_superuser(world, frameworks):
    from organisations.models import User

    visit = walk_to(world, frameworks, "final")
    staff = User.objects.create_user("staff@service.test", "pw", is_staff=True)
    request = RequestFactory().get("/")
    request.user = staff
    model_admin = admin_site._registry[Visit]
    assert model_admin.has_change_permission(request, visit) is False
    request.user = world.users["admin"]
    assert model_admin.has_change_permission(request, visit) is True


def test_the_chairs_decision_reaches_every_commissioner(world, frameworks, client_for):
    officer = client_for(world.users["partnership_officer"])
    visit = walk_to(world, frameworks, "shared_with_provider")
    officer.post(reverse("visits:record", args=[visit.pk]), date_fields(VISIT_DATE))
    concern = Concern.objects.get()
    run_tasks()
    raised = [m for m in mail.outbox if m.subject.startswith("Cause for concern")]
    assert sorted(m.to[0] for m in raised) == ["chair@north.test", "commissioner@shire.test"]
    assert all(f"http://testserver/visits/concerns/{concern.pk}/" in m.body for m in raised)

    la = client_for(world.users["la_commissioner"])
    home = la.get(reverse("home")).content.decode()
    assert "Awaiting decision" in home and "Learner Safety" in home
    listing = la.get(reverse("organisations:list")).content.decode()
    assert "Cause for concern" in listing
    lead_listing = client_for(world.users["provider_lead"]).get(
        reverse("organisations:list")).content.decode()
    assert "Cause for concern" not in lead_listing

    chair = client_for(world.users["partnership_chair"])
    url = reverse("visits:concern", args=[concern.pk])
    refused = chair.post(url, {"decision": "continue_with_conditions", "reasons": "SCR gaps."})
    assert "Give the date the conditions will be reviewed." in refused.content.decode()
    assert "Set out the conditions." in refused.content.decode()
    done = chair.post(url, {"decision": "suspend_new_placements",
                            "reasons": "The single central record had gaps."})
    assert done.status_code == 302
    link = Commissioning.objects.get(commissioner=world.partnership, provider=world.provider)
    assert link.status == "suspended"

    # The LA that also commissions the provider sees the decision on its home page and on the
    # provider's page; the open-concern flag is gone.
    home = la.get(reverse("home")).content.decode()
    assert "Decision: <strong>Suspend new placements</strong>" in home
    detail = la.get(world.provider.get_absolute_url()).content.decode()
    assert "Suspend new placements" in detail and "The single central record had gaps." in detail
    assert "Cause for concern</strong>" not in la.get(reverse("organisations:list")).content.decode()
    # The provider's people never see the concern itself.
    assert client_for(world.users["provider_lead"]).get(url).status_code == 404


def test_recording_a_red_key_judgement_from_the_page_warns_first(world, frameworks, client_for):
    visit = walk_to(world, frameworks, "shared_with_provider")
    page = client_for(world.users["partnership_officer"]).get(
        reverse("visits:record", args=[visit.pk])).content.decode()
    assert "Learner Safety is judged Red in a key aspect" in page


@pytest.mark.parametrize("extra", [1, 12])
def test_the_visit_list_queries_do_not_grow_with_visits(world, frameworks, client_for, extra,
                                                         django_assert_max_num_queries):
    visits = [create_visit(world, frameworks) for _ in range(extra)]
    client = client_for(world.users["partnership_officer"])
    # Session, user, links, the years to filter by, the count, the page and its progress.
    with django_assert_max_num_queries(9):
        page = client.get(reverse("visits:list"))
    assert page.status_code == 200
    html = page.content.decode()
    for visit in visits:
        assert f'href="{visit.get_absolute_url()}"' in html


@pytest.mark.parametrize("role", ["partnership_officer", "provider_lead", "la_commissioner"])
def test_section_pages_have_a_fixed_number_of_queries(world, frameworks, client_for, role,
                                                      django_assert_max_num_queries):
    visit = walk_to(world, frameworks, "judgements_shared")
    client = client_for(world.users[role])
    for code in "1234":
        with django_assert_max_num_queries(12):
            assert client.get(reverse("visits:section", args=[visit.pk, code])).status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("visits:evidence", args=[visit.pk, code])).status_code == 200


def test_home_queries_stay_bounded_with_concerns(world, frameworks, client_for,
                                                 django_assert_max_num_queries):
    recorded_visit(world, frameworks, judgements={"1": "red"})
    for _ in range(5):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    for role in ["la_commissioner", "partnership_chair", "provider_lead"]:
        client = client_for(world.users[role])
        with django_assert_max_num_queries(9):
            response = client.get(reverse("home"))
        assert response.status_code == 200
        assert world.provider.name in response.content.decode()


STEP_PAGES = {
    # url name: (the state it is open in, who may use it, what is posted)
    "visits:share": ("preparing", {"partnership_officer"}, {}),
    "visits:record": ("shared_with_provider", {"partnership_officer"}, date_fields(VISIT_DATE)),
    "visits:share_judgements": ("visit_recorded", {"partnership_officer"}, {}),
    "visits:respond": ("judgements_shared", {"provider_lead"}, {"response": "Thank you."}),
    "visits:finalise": ("judgements_shared", {"partnership_officer", "partnership_chair"},
                        lambda visit: finalise_fields(visit)),
    "visits:withdraw": ("visit_recorded", {"partnership_officer"}, {"reason": "Provider closed."}),
}


@pytest.mark.parametrize("state", ["preparing", "shared_with_provider", "visit_recorded",
                                   "judgements_shared", "final", "withdrawn"])
@pytest.mark.parametrize("name", list(STEP_PAGES))
def test_each_step_page_is_open_only_in_its_state_and_to_its_role(world, frameworks, client_for,
                                                                  name, state):
    from .helpers import visit_in

    open_state, roles, data = STEP_PAGES[name]
    visit = visit_in(world, frameworks, state)
    if state == "judgements_shared":  # shared today, not on the helper's fixed date
        Visit.objects.filter(pk=visit.pk).update(
            response_due=dates.add_working_days(today(), 10))
        visit.refresh_from_db()
    if name == "visits:finalise" and state == "judgements_shared":
        vs.visit_respond(visit=visit, by=world.users["provider_lead"], response="Agreed.")
    url = reverse(name, args=[visit.pk])
    data = data(visit) if callable(data) else data
    before = (visit.state, Visit.objects.get(pk=visit.pk).history.count())
    for other in ["provider_lead", "partnership_officer", "partnership_chair", "la_commissioner",
                  "admin"]:
        if other in roles and (state == open_state or (name == "visits:withdraw" and state in {
                "preparing", "shared_with_provider", "visit_recorded", "judgements_shared"})):
            continue
        response = client_for(world.users[other]).post(url, data)
        assert response.status_code in (403, 404), (other, response.status_code)
        after = Visit.objects.get(pk=visit.pk)
        assert (after.state, after.history.count()) == before, other
    if state == open_state:
        role = sorted(roles)[-1]
        response = client_for(world.users[role]).post(url, data)
        assert response.status_code == 302, response.content.decode()[:500]
        assert Visit.objects.get(pk=visit.pk).history.first().history_user == world.users[role]


def test_recording_asks_for_the_date_the_visit_took_place_offering_the_planned_date(
        world, frameworks, client_for):
    visit = walk_to(world, frameworks, "shared_with_provider")  # planned for 12 March 2026
    client = client_for(world.users["partnership_officer"])
    page = client.get(reverse("visits:record", args=[visit.pk])).content.decode()
    assert "When did the visit take place?" in page
    assert 'name="visited_on_0" value="12"' in page
    assert 'name="visited_on_2" value="2026"' in page

    done = client.post(reverse("visits:record", args=[visit.pk]),
                       date_fields(datetime.date(2026, 3, 13)))

    assert done.status_code == 302
    visit.refresh_from_db()
    assert (visit.state, visit.visited_on) == ("visit_recorded", datetime.date(2026, 3, 13))
    overview = client.get(reverse("visits:overview", args=[visit.pk])).content.decode()
    assert "Friday 13 March 2026 (planned for 12 March 2026)" in overview
    history = client.get(reverse("visits:history", args=[visit.pk])).content.decode()
    assert "the visit took place on 13/03/2026" in history


def test_a_visit_planned_ahead_is_not_offered_a_date_and_cannot_be_recorded_for_a_future_one(
        world, frameworks, client_for):
    visit = walk_to(world, frameworks, "shared_with_provider")
    ahead = today() + datetime.timedelta(days=21)
    Visit.objects.filter(pk=visit.pk).update(planned_visit_date=ahead)
    client = client_for(world.users["partnership_officer"])
    page = client.get(reverse("visits:record", args=[visit.pk])).content.decode()
    assert 'name="visited_on_0" class=' in page  # the boxes are there, with no date offered

    refused = client.post(reverse("visits:record", args=[visit.pk]), date_fields(ahead))

    html = refused.content.decode()
    assert refused.status_code == 400
    # The message beside the date boxes, inside the field's own group (and in the summary).
    assert re.search(r'<div id="div_id_visited_on" class="govuk-form-group govuk-form-group--error">'
                     r'.*?class="govuk-error-message">\s*<span class="govuk-visually-hidden">'
                     r'Error:</span>\s*' + re.escape(dates.VISIT_DATE_IN_FUTURE), html, re.S)
    visit.refresh_from_db()
    assert (visit.state, visit.visited_on) == ("shared_with_provider", None)
    assert not Concern.objects.exists()
    missing = client.post(reverse("visits:record", args=[visit.pk]), {})
    assert missing.status_code == 400 and dates.VISIT_DATE_REQUIRED in missing.content.decode()


def test_finalising_asks_who_and_when_for_each_agreed_action(world, frameworks, client_for):
    officer = world.users["partnership_officer"]
    visit = walk_to(world, frameworks, "shared_with_provider")
    judge(visit, officer, "1", "red", follow_up="Name a trained deputy safeguarding lead.")
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=VISIT_DATE)
    vs.visit_share_judgements(visit=visit, by=officer)
    vs.visit_respond(visit=visit, by=world.users["provider_lead"], response="Agreed.")
    [action] = agreed_actions(visit)
    url = reverse("visits:finalise", args=[visit.pk])
    client = client_for(officer)
    page = client.get(url).content.decode()
    assert "Name a trained deputy safeguarding lead." in page
    assert "Who is responsible for action 1" in page and "When action 1 is due" in page

    # Nothing given: each missing answer beside its field, and the visit is not final.
    refused = client.post(url, {})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Enter who is responsible for action 1." in text
    assert "Enter the date action 1 is due." in text
    # A date already past is refused too, with what was typed kept.
    past = client.post(url, {f"owner-{action.key}": "The head of centre",
                             **date_fields(today() - datetime.timedelta(days=1),
                                           f"due-{action.key}")})
    assert "The date action 1 is due must be today or in the future." in past.content.decode()
    assert 'value="The head of centre"' in past.content.decode()
    assert Visit.objects.get(pk=visit.pk).state == "judgements_shared"

    due = today() + datetime.timedelta(days=28)
    done = client.post(url, {f"owner-{action.key}": "The head of centre",
                             **date_fields(due, f"due-{action.key}")})
    assert done.status_code == 302
    made = Action.objects.get(source_visit=visit)
    assert (made.owner, made.due_date, made.smart_action) == (
        "The head of centre", due, "Name a trained deputy safeguarding lead.")
