"""The objects the permission matrix (``tests/test_permission_matrix.py``) and the fuzzer
visit: a draft and a submitted SI QAF of the world's provider, and the visits, actions,
concerns and reviews each case asks for, made when it first asks."""
import datetime
from dataclasses import dataclass
from functools import cached_property

import pytest


@dataclass
class Context:
    world: object
    frameworks: dict
    draft: object
    submitted: object
    evidence: object

    # Visits are made when a case first asks for one.
    @cached_property
    def visit(self):
        """A QA visit shared with the provider, with internal notes and a provider file."""
        from tests.visits.helpers import shared_visit

        return shared_visit(self.world, self.frameworks)

    @cached_property
    def visit_file(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from visits import services as visit_services

        return visit_services.provider_evidence_add_file(
            response=self.visit.responses.get(criterion__code="1.1"),
            by=self.world.users["provider_lead"],
            upload=SimpleUploadedFile("lebc-audit.txt", b"LEBC audit 2026"))

    @cached_property
    def preparing(self):
        """A QA visit record still being prepared, with a "before the visit" item unrated."""
        from tests.visits.helpers import create_visit, observe

        visit = create_visit(self.world, self.frameworks)
        observe(visit, self.world.users["partnership_officer"], phase="before_visit",
                ratings={"4.1": None})
        return visit

    def _review(self, organisation, by: str, *, assessment=None, share=False, finalise=False):
        from reviews import services as review_services
        from tests.reviews.conftest import agree_with_all

        reviewer = self.world.users[by]
        review = review_services.review_start(assessment=assessment or self.submitted,
                                              organisation=organisation, by=reviewer)
        if share or finalise:
            agree_with_all(review, reviewer)
            review = review_services.review_share(review=review, by=reviewer)
        if finalise:
            review = review_services.review_finalise(review=review, by=reviewer)
        return review

    @cached_property
    def notification(self):
        """A reminder to the provider lead, about the world's provider's home page."""
        from notifications.models import Notification
        from notifications.services import Message, notify

        return notify(self.world.users["provider_lead"], Message(
            Notification.Kind.ACTION_DUE, "action-due:matrix", "Action due in 3 days",
            "An action is due.", "/"), reminder_choice="immediate")

    @cached_property
    def review_draft(self):
        """The partnership's draft review of the submitted SI QAF."""
        return self._review(self.world.partnership, "partnership_officer")

    @cached_property
    def review_shared(self):
        """The LA's review of the submitted SI QAF, shared with the provider."""
        return self._review(self.world.la, "la_commissioner", share=True)

    @cached_property
    def review_final(self):
        """The LA's review of the provider's SI QAF submitted for 2023/24, final (of its own
        assessment, so a context can hold it beside the shared one)."""
        from assessments import services
        from tests.assessments.conftest import rate

        lead = self.world.users["provider_lead"]
        older, _ = services.assessment_start(provider=self.world.provider,
                                             framework=self.frameworks["si-qaf"],
                                             period="2023/24", by=lead)
        rate(older, lead, default="evidenced")
        services.assessment_submit(assessment=older, by=lead)
        return self._review(self.world.la, "la_commissioner", assessment=older, finalise=True)

    @cached_property
    def action(self):
        """An action in the provider's 2025/26 plan."""
        from actionplans.services import action_create

        return action_create(
            provider=self.world.provider, period="2025/26", by=self.world.users["provider_lead"],
            section=None, area="Attendance", smart_action="Daily first-day calls.", due_date=None,
            owner="Attendance officer", success_measure="Attendance above 90%.")

    @cached_property
    def sample(self):
        """The LA's moderation sample for 2025/26: every provider it commissions."""
        from reviews.sampling import draw_sample

        return draw_sample(organisation=self.world.la, period="2025/26", method="all",
                           by=self.world.users["la_commissioner"])

    @cached_property
    def learner(self):
        """A learner of the world's LA (Shire Council) with a goal at the world's provider; the
        LA does not share learner rows with the provider."""
        from outcomes import services as outcome_services

        if self.outcome_scheme is None:
            raise RuntimeError("No outcomes scheme loaded")
        commissioner = self.world.users["la_commissioner"]
        learner = outcome_services.learner_create(
            local_authority=self.world.la, reference="SH-0001", year_of_birth=2008,
            primary_need="ASD", by=commissioner)
        outcome_services.outcome_record(
            learner=learner, academic_year="2025/26", review_date=datetime.date(2026, 3, 12),
            provider=self.world.provider, goal="Travel to college by bus",
            pfa_area="independent_living", rating="partially_met", by=commissioner)
        return learner

    @cached_property
    def outcome(self):
        """The goal of ``learner`` at the world's provider."""
        return self.learner.outcomes.get()

    @cached_property
    def medium_term(self):
        """A medium-term outcome of ``learner``."""
        from outcomes import medium_term

        return medium_term.medium_term_add(
            learner=self.learner, pfa_area="employment", outcome="Work part-time in retail",
            target_year="2027/28", by=self.world.users["la_commissioner"])

    @cached_property
    def shared_medium_term(self):
        """``medium_term``, of a learner the LA shares with the world's provider."""
        assert self.shared_learner.pk
        return self.medium_term

    @cached_property
    def shared_learner(self):
        """``learner``, with the LA sharing learner rows with the world's provider."""
        from outcomes import services as outcome_services

        outcome_services.learner_sharing_set(
            local_authority=self.world.la, provider=self.world.provider, shared=True,
            by=self.world.users["la_commissioner"])
        return self.learner

    @cached_property
    def outcome_import(self):
        """A file of the LA's outcomes its commissioner confirmed, handed to the task worker."""
        from outcomes import import_runs, services
        from tests.outcomes.helpers import csv_bytes

        upload = services.import_upload(
            local_authority=self.world.la, filename="year.csv", content=csv_bytes(), sha256="",
            by=self.world.users["la_commissioner"], writes=import_runs.IN_REQUEST_WRITES + 1)
        assert import_runs.import_queue(upload=upload, by=self.world.users["la_commissioner"])
        return upload

    @cached_property
    def progress(self):
        """A file of one row the world's provider's lead sent the LA, waiting for a decision."""
        from outcomes import progress
        from tests.import_files import ImportFile

        learner, lead = self.shared_learner, self.world.users["provider_lead"]
        content = ImportFile(list(progress.PROGRESS_COLUMNS), [[
            learner.reference, "2025/26", "2026-03-12", "Travel to college by bus",
            "independent_living", "fully_met"]]).csv_bytes()
        upload = progress.progress_upload(provider=self.world.provider,
                                          local_authority=self.world.la, filename="progress.csv",
                                          content=content, by=lead)
        plan, sent = progress.progress_confirm(upload=upload, by=lead)
        assert sent, plan.errors
        return upload

    @cached_property
    def outcome_scheme(self):
        from django.core.management import call_command

        from outcomes.models import OutcomeScheme
        from outcomes.scheme import current_scheme

        if not OutcomeScheme.objects.exists():
            call_command("load_frameworks", verbosity=0)
        return current_scheme()

    @cached_property
    def concern(self):
        """A cause for concern: a recorded visit judged Red in Learner Safety."""
        from tests.visits.helpers import recorded_visit
        from visits.models import Concern

        visit = recorded_visit(self.world, self.frameworks, judgements={"1": "red"})
        return Concern.objects.get(visit=visit)

    # An invitation into the world's provider, and the link its newest email carries.
    INVITATION_SECRET = "m" * 43

    @cached_property
    def invitation(self):
        """A pending invitation of new@riverside.test as provider staff, its email sent."""
        import datetime

        from django.utils import timezone

        from people import tokens
        from people.models import Invitation

        return Invitation.objects.create(
            organisation=self.world.provider, email="new@riverside.test", role="provider_staff",
            invited_by=self.world.users["provider_lead"], sent_at=timezone.now(),
            token_hash=tokens.digest(self.INVITATION_SECRET),
            expires_at=timezone.now() + datetime.timedelta(days=7))

    @property
    def invitation_token(self) -> str:
        from people import tokens

        return tokens.make(self.invitation.pk, self.INVITATION_SECRET)

    @cached_property
    def staff_membership(self):
        """The provider staff member's membership of the world's provider."""
        return self.world.users["provider_staff"].memberships.get()

    @cached_property
    def bulk_export(self):
        """The LA commissioner's bulk export of the provider's 2024/25 reports, made by the
        worker and ready to download."""
        from exports.services import export_request
        from tests.exports.conftest import run_worker

        export = export_request(by=self.world.users["la_commissioner"], organisation=self.world.la,
                                period="2024/25", reports=["self_assessments"],
                                audience="commissioner", providers=[self.world.provider],
                                all_commissioned=False)
        run_worker()
        export.refresh_from_db()
        return export

    @cached_property
    def dashboard_pdf(self):
        """The LA commissioner's PDF of the LA's provider dashboard for 2024/25, made by the
        worker and ready to download."""
        from exports.services import dashboard_pdf_request
        from tests.exports.conftest import run_worker

        export = dashboard_pdf_request(by=self.world.users["la_commissioner"],
                                       organisation=self.world.la, params={"year": "2024/25"})
        run_worker()
        export.refresh_from_db()
        return export

    @cached_property
    def inspection_pack(self):
        """The LA commissioner's inspection pack of the LA for 2024/25, made by the worker and
        ready to download."""
        from exports.services import pack_request
        from tests.exports.conftest import run_worker

        export = pack_request(by=self.world.users["la_commissioner"], organisation=self.world.la,
                              period="2024/25")
        run_worker()
        export.refresh_from_db()
        return export


def make_context(world, frameworks) -> Context:
    """A draft SI QAF for this year and a submitted one for last year (with an evidence
    file) for the world's provider, a supported internship college."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments import services
    from tests.assessments.conftest import rate

    lead = world.users["provider_lead"]
    draft, _ = services.assessment_start(provider=world.provider, framework=frameworks["si-qaf"],
                                         period="2025/26", by=lead)
    submitted, _ = services.assessment_start(
        provider=world.provider, framework=frameworks["si-qaf"], period="2024/25", by=lead)
    rate(submitted, lead, default="evidenced")
    evidence = services.evidence_add(response=submitted.responses.first(), by=lead,
                                     upload=SimpleUploadedFile("minutes.txt", b"Minutes"))
    services.assessment_submit(assessment=submitted, by=lead)
    return Context(world, frameworks, draft, submitted, evidence)


@pytest.fixture
def ctx(world, frameworks) -> Context:
    return make_context(world, frameworks)


@pytest.fixture(scope="module")
def shared_context(django_db_setup, django_db_blocker):
    """The world and the context's two self-assessments made once for a module's tests
    (``tests/demo_data.SharedRows``): about half of each permission-matrix case's time was
    making them. Yields their ids."""
    from tests.conftest import make_world
    from tests.demo_data import SharedRows, current_frameworks

    def make():
        made = make_context(make_world(), current_frameworks())
        return {"draft": made.draft.pk, "submitted": made.submitted.pk,
                "evidence": made.evidence.pk}

    with django_db_blocker.unblock():
        shared = SharedRows(make)
    yield shared.made
    with django_db_blocker.unblock():
        shared.close()


@pytest.fixture
def fresh_ctx(shared_context, db) -> Context:
    """The module's shared context as new instances read from the database, so that nothing
    one test changed in memory reaches the next (each test's changes to the rows are rolled
    back with its savepoint); the objects a case asks for are made in the test, as ``ctx``'s."""
    from assessments.models import Assessment, EvidenceFile
    from tests.conftest import World
    from tests.demo_data import current_frameworks

    return Context(World.fetch(), current_frameworks(),
                   Assessment.objects.get(pk=shared_context["draft"]),
                   Assessment.objects.get(pk=shared_context["submitted"]),
                   EvidenceFile.objects.get(pk=shared_context["evidence"]))
