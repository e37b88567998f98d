"""QA visits leave the shared assessment tables for their own (``visits`` migrations 0002-0004,
``assessments`` 0006) with no row lost, forward and back.

The database is taken back to before the move; rows are made there with the models of that
time (a self-assessment and a visit, each with its rows, files and history, the visit with its
team, details, a cause for concern and an action drawn from it). Forward, the visit's rows are
in the visits tables under the same primary keys and history ids, everything that named it
names the visit, and the self-assessment's rows are untouched; back again, every table reads
exactly as it did. A self-assessment and a visit made after the move, under ids the other
type's rows hold, go back too: the visit's rows under new ids, everything else as it was.
"""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("assessments", "0005_list_indexes"), ("visits", "0001_initial"),
          ("actionplans", "0004_action_criterion")]
OLD_TABLES = ["assessments_assessment", "assessments_historicalassessment",
              "assessments_response", "assessments_historicalresponse",
              "assessments_sectionjudgement", "assessments_historicalsectionjudgement",
              "assessments_evidencefile", "assessments_historicalevidencefile",
              "visits_visitteammember", "visits_historicalvisitteammember", "visits_concern",
              "visits_historicalconcern", "visits_visitdetail", "visits_historicalvisitdetail",
              "visits_visitdetail_key_sections", "actionplans_action",
              "actionplans_historicalaction"]
WHEN = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 30))
# Minutes of migrating to and fro: run once, in make test. The migration is frozen and moves its
# rows through the ORM; the PostgreSQL run passed when it was written.
pytestmark = pytest.mark.once


def migrate_to(targets=None):
    """Migrate to ``targets`` (else every app's latest) and return the models as they are there."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return state.apps


def rows(table: str) -> list[dict]:
    """Every row of ``table`` as a dict by column name, in primary-key order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        names = [c[0] for c in cursor.description]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    key = "history_id" if "history_id" in names else "id"
    return sorted(found, key=lambda row: row[key])


def with_history(apps, obj, *, by, history_type="+"):
    """The row and a history row of it (the old models make none by themselves)."""
    model = type(obj)
    historical = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
    fields = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    historical.objects.create(**fields, history_date=WHEN, history_type=history_type,
                              history_user_id=by.pk, history_change_reason="made for the test")
    return obj


def old_world(apps, frameworks, world):
    """A self-assessment and a QA visit as the old models held them; returns their ids."""
    Assessment = apps.get_model("assessments", "Assessment")
    Response = apps.get_model("assessments", "Response")
    SectionJudgement = apps.get_model("assessments", "SectionJudgement")
    EvidenceFile = apps.get_model("assessments", "EvidenceFile")
    Criterion = apps.get_model("frameworks", "Criterion")
    Section = apps.get_model("frameworks", "Section")
    lead, officer = world.users["provider_lead"], world.users["partnership_officer"]
    provider, partnership = world.provider, world.partnership
    si, visit_fw = frameworks["si-qaf"], frameworks["leics-ap-visit"]

    sa = with_history(apps, Assessment.objects.create(
        framework_id=si.pk, framework_slug=si.slug, kind="self_assessment",
        provider_id=provider.pk, period="2025/26", state="submitted",
        shared_with_commissioners=True, created_by_id=lead.pk, submitted_by_id=lead.pk,
        submitted_at=WHEN, reopen_reason="Evidence to add"), by=lead)
    visit = with_history(apps, Assessment.objects.create(
        framework_id=visit_fw.pk, framework_slug=visit_fw.slug, kind="qa_visit",
        provider_id=provider.pk, commissioner_id=partnership.pk, period="2025/26",
        state="judgements_shared", created_by_id=officer.pk,
        planned_visit_date=datetime.date(2026, 3, 1), visited_on=datetime.date(2026, 3, 2),
        provider_response="We agree.", response_due=datetime.date(2026, 3, 20)), by=officer)
    with_history(apps, visit, by=officer, history_type="~")
    for assessment, framework, by in ((sa, si, lead), (visit, visit_fw, officer)):
        for n, criterion in enumerate(Criterion.objects.filter(section__framework_id=framework.pk)
                                      .order_by("section__order", "order")[:3]):
            response = with_history(apps, Response.objects.create(
                assessment_id=assessment.pk, criterion_id=criterion.pk, evidence=f"Evidence {n}",
                observer_notes=f"Seen {n}" if assessment is visit else "",
                action_points="Do more" if assessment is visit else "",
                internal_notes="Between us" if assessment is visit else "",
                carried_over=assessment is sa and n == 0, revision=n, updated_by_id=by.pk), by=by)
            if n == 0:
                with_history(apps, EvidenceFile.objects.create(
                    assessment_id=assessment.pk, response_id=response.pk,
                    file=f"evidence/{provider.pk}/{assessment.pk}/abc{assessment.pk}",
                    original_name="plan.pdf", content_type="application/pdf", size=1234,
                    sha256="0" * 64, uploaded_by_id=by.pk), by=by)
    sections = list(Section.objects.filter(framework_id=visit_fw.pk).order_by("order"))
    for section in sections[:2]:
        with_history(apps, SectionJudgement.objects.create(
            assessment_id=visit.pk, section_id=section.pk, narrative=f"About {section.code}",
            follow_up_actions="Follow up", revision=1, updated_by_id=officer.pk), by=officer)
    detail = with_history(apps, apps.get_model("visits", "VisitDetail").objects.create(
        assessment_id=visit.pk, withdrawn_reason=""), by=officer)
    detail.key_sections.set([sections[0].pk])
    with_history(apps, apps.get_model("visits", "VisitTeamMember").objects.create(
        assessment_id=visit.pk, kind="officer", user_id=officer.pk), by=officer)
    with_history(apps, apps.get_model("visits", "Concern").objects.create(
        assessment_id=visit.pk, provider_id=provider.pk, partnership_id=partnership.pk,
        section_id=sections[0].pk, basis="key_aspect", raised_by_id=officer.pk), by=officer)
    plan = apps.get_model("actionplans", "ActionPlan").objects.create(provider_id=provider.pk,
                                                                      period="2025/26")
    Action = apps.get_model("actionplans", "Action")
    for source in (sa, visit):
        with_history(apps, Action.objects.create(
            plan_id=plan.pk, area="Careers", smart_action="Plan the fair", owner="Head",
            source_assessment_id=source.pk, created_by_id=lead.pk), by=lead)
    return sa.pk, visit.pk


def after_the_move(frameworks, world, sa: int) -> dict:
    """After the move, with today's models: a self-assessment (with a response), and a visit
    numbered as the first self-assessment is, its one answer numbered as that self-assessment's
    first response, each with the history the models make."""
    from assessments.models import Assessment, Response
    from visits.models import Visit, VisitAnswer

    lead, officer = world.users["provider_lead"], world.users["partnership_officer"]
    si, visit_fw = frameworks["si-qaf"], frameworks["leics-ap-visit"]
    new_sa = Assessment.objects.create(
        framework=si, framework_slug=si.slug, kind="self_assessment", provider=world.provider,
        period="2026/27", state="draft", created_by=lead)
    Response.objects.create(assessment=new_sa, criterion=si.criteria.first(), evidence="New")
    visit = Visit.objects.create(
        pk=sa, framework=visit_fw, provider=world.provider, commissioner=world.partnership,
        period="2026/27", state="preparing", created_by=officer)
    taken = Response.objects.filter(assessment_id=sa).order_by("pk").first().pk
    answer = VisitAnswer.objects.create(pk=taken, visit=visit, criterion=visit_fw.criteria.first(),
                                        observer_notes="Made after the move")
    return {"self_assessment": new_sa.pk, "answer_notes": answer.observer_notes}


def back_again(after: dict, made_after: dict, sa: int):
    """The rows made after the move are back in the shared tables: the self-assessment under
    its id, the visit and its answer under new ids, the answer still the visit's."""
    by_id = {r["id"]: r for r in after["assessments_assessment"]}
    assert by_id[made_after["self_assessment"]]["kind"] == "self_assessment"
    assert by_id[sa]["kind"] == "self_assessment"
    [visit] = [r for r in after["assessments_assessment"]
               if r["period"] == "2026/27" and r["kind"] == "qa_visit"]
    assert visit["id"] > max(made_after["self_assessment"], sa)
    [answer] = [r for r in after["assessments_response"]
                if r["observer_notes"] == made_after["answer_notes"]]
    assert answer["assessment_id"] == visit["id"]
    assert [r["history_id"] for r in after["assessments_historicalassessment"]
            if r["id"] == visit["id"]]
    assert len({r["history_id"] for r in after["assessments_historicalresponse"]}) == len(
        after["assessments_historicalresponse"])


@pytest.mark.django_db(transaction=True)
def test_visits_move_to_their_own_tables_and_back_with_every_row(frameworks, world):
    try:
        sa, visit = old_world(migrate_to(BEFORE), frameworks, world)
        before = {table: rows(table) for table in OLD_TABLES}
        migrate_to()

        old = {table: {r["id"]: r for r in before[table]} for table in OLD_TABLES
               if not table.endswith("key_sections")}
        [moved] = rows("visits_visit")
        visit_row = old["assessments_assessment"][visit]
        assert moved == {k: visit_row[k] for k in moved}
        assert [r["id"] for r in rows("assessments_assessment")] == [sa]
        assert rows("assessments_assessment")[0] == {
            k: v for k, v in old["assessments_assessment"][sa].items()
            if k not in ("commissioner_id", "planned_visit_date", "visited_on",
                         "provider_response", "response_due")}
        # Every row keeps its primary key (and history rows their history id).
        for new, source, link in (
                ("visits_visitanswer", "assessments_response", "assessment_id"),
                ("visits_visitjudgement", "assessments_sectionjudgement", "assessment_id"),
                ("visits_visitevidencefile", "assessments_evidencefile", "assessment_id")):
            expected = sorted(pk for pk, r in old[source].items() if r[link] == visit)
            assert expected and [r["id"] for r in rows(new)] == expected
            assert {r["visit_id"] for r in rows(new)} == {visit}
        for new, source in (("visits_historicalvisit", "assessments_historicalassessment"),
                            ("visits_historicalvisitanswer", "assessments_historicalresponse")):
            ids = [r["history_id"] for r in before[source]
                   if r.get("kind") == "qa_visit" or r.get("assessment_id") == visit]
            assert ids and [r["history_id"] for r in rows(new)] == ids
        answers = {r["id"]: r for r in rows("visits_visitanswer")}
        for pk, answer in answers.items():
            response = old["assessments_response"][pk]
            assert (answer["evidence"], answer["observer_notes"], answer["internal_notes"],
                    answer["revision"], answer["updated_at"]) == (
                response["evidence"], response["observer_notes"], response["internal_notes"],
                response["revision"], response["updated_at"])
        [file] = rows("visits_visitevidencefile")
        assert file["file"] == old["assessments_evidencefile"][file["id"]]["file"]
        assert file["answer_id"] == old["assessments_evidencefile"][file["id"]]["response_id"]
        for table in ("visits_visitteammember", "visits_concern", "visits_visitdetail"):
            assert [r["visit_id"] for r in rows(table)] == [visit]
        assert len(rows("visits_visitdetail_key_sections")) == 1
        actions = {r["source_assessment_id"] or r["source_visit_id"]:
                   (r["source_assessment_id"], r["source_visit_id"])
                   for r in rows("actionplans_action")}
        assert actions == {sa: (sa, None), visit: (None, visit)}
        assert [r["id"] for r in rows("assessments_response")] == sorted(
            pk for pk, r in old["assessments_response"].items() if r["assessment_id"] == sa)

        made_after = after_the_move(frameworks, world, sa)
        migrate_to(BEFORE)
        after = {table: rows(table) for table in OLD_TABLES}
        for table in OLD_TABLES:
            assert [row for row in after[table] if row in before[table]] == before[table], (
                table, [r for r in after[table] if r not in before[table]],
                [r for r in before[table] if r not in after[table]])
        back_again(after, made_after, sa)
    finally:
        migrate_to()
