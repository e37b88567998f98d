"""Demo data for `make run`: organisations, people in every role, commissioning links, a few
self-assessments and two QA visits (when the frameworks are loaded), all made through the
same services the pages use.

Idempotent: running it again creates only what is missing and changes nothing that
exists (a demo user whose password was changed keeps it).

The records stand for work done in earlier academic years, so each step runs "as of" the
day it stands for (``_as_of``): every timestamp the services and django-simple-history
write, and every "today" a service checks, reads that day.
"""
import datetime
import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from actionplans.services import stage2_action_create
from assessments import services
from assessments.models import Assessment
from demo.seed_carry import seed_carried_action
from demo.seed_commissioning import seed_agreements_and_support, seed_due_diligence
from demo.seed_indicators import seed_indicators
from demo.seed_narrative import riverside_cohort_and_narrative
from frameworks.models import Framework, Section
from organisations.models import Area, Commissioning, Membership, Organisation, User
from visits import contacts
from visits import services as vs
from visits.concerns import concern_decide
from visits.follow_up import agreed_actions
from visits.models import Concern, ConcernDecision, VisitJudgement
from visits.selectors import visits as visit_records

DEMO_PASSWORD = "qa-portal-demo"
DEMO_NOT_ALLOWED = (
    "Demo data is not allowed with these settings (ALLOW_DEMO_DATA is off, as in production)."
)

Kind = Organisation.Kind
PType = Organisation.ProviderType
Role = Membership.Role

ORGANISATIONS = [
    # slug, name, kind, provider type
    ("leicestershire-cc", "Leicestershire County Council", Kind.LOCAL_AUTHORITY, ""),
    ("rutland-cc", "Rutland County Council", Kind.LOCAL_AUTHORITY, ""),
    ("nw-leics-seip", "North West Leicestershire SEIP", Kind.PARTNERSHIP, ""),
    ("hinckley-seip", "Hinckley and Bosworth SEIP", Kind.PARTNERSHIP, ""),
    ("riverside-college", "Riverside College", Kind.PROVIDER, PType.SUPPORTED_INTERNSHIP),
    ("oakfield-ap", "Oakfield Alternative Provision", Kind.PROVIDER, PType.INDEPENDENT_AP),
    ("beacon-academy", "Beacon Academy PRU", Kind.PROVIDER, PType.AP_SCHOOL),
    ("castle-rock-school", "Castle Rock School", Kind.SCHOOL, ""),  # a school that may commission AP
]

# What each AP setting is for and how long its placements usually last (shown beside its
# results).
AP_SETTINGS = {
    "oakfield-ap": (Organisation.SettingPurpose.PART_TIME, Organisation.PlacementLength.YEAR),
    "beacon-academy": (Organisation.SettingPurpose.FULL_TIME, Organisation.PlacementLength.TERM),
}

COMMISSIONING = [
    # commissioner, provider
    ("leicestershire-cc", "riverside-college"),
    ("leicestershire-cc", "oakfield-ap"),
    ("leicestershire-cc", "beacon-academy"),
    ("nw-leics-seip", "oakfield-ap"),
    ("nw-leics-seip", "beacon-academy"),
    ("rutland-cc", "oakfield-ap"),
    ("hinckley-seip", "beacon-academy"),
]

USERS = [
    # email, full name, organisation, role
    ("lead@riverside.example", "Priya Shah", "riverside-college", Role.PROVIDER_LEAD),
    ("staff@riverside.example", "Tom Evans", "riverside-college", Role.PROVIDER_STAFF),
    ("lead@oakfield.example", "Grace Okafor", "oakfield-ap", Role.PROVIDER_LEAD),
    ("lead@beacon.example", "Sam Patel", "beacon-academy", Role.PROVIDER_LEAD),
    ("officer@nwleics-seip.example", "Alex Morgan", "nw-leics-seip", Role.PARTNERSHIP_OFFICER),
    ("chair@nwleics-seip.example", "Dr Ruth Kaur", "nw-leics-seip", Role.PARTNERSHIP_CHAIR),
    ("commissioner@leics.example", "Jordan Lee", "leicestershire-cc", Role.LA_COMMISSIONER),
    ("commissioner@rutland.example", "Morgan Hughes", "rutland-cc", Role.LA_COMMISSIONER),
    ("dpo@leics.example", "Sam Rivers", "leicestershire-cc", Role.LA_COMMISSIONER),
    ("officer@hinckley-seip.example", "Chris Walker", "hinckley-seip", Role.PARTNERSHIP_OFFICER),
    ("ap@castlerock.example", "Leah Marsh", "castle-rock-school", Role.AP_COMMISSIONER),
]
# Which area each organisation belongs to: Leicestershire's SEIPs and the county council
# share their chairs' decisions on causes for concern; Rutland is an area of its own.
AREAS = {"leicestershire-cc": "Leicestershire", "nw-leics-seip": "Leicestershire",
         "hinckley-seip": "Leicestershire", "rutland-cc": "Rutland"}
ADMIN = ("admin@qaportal.example", "Service Administrator")
DATA_PROTECTION_LEADS = {"dpo@leics.example"}  # Leicestershire's information governance officer


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str


def demo_seed() -> list[DemoLogin]:
    """Create the demo organisations, links, users, assessments and visits; return the logins
    to print. The demo people's addresses are not real, so the cause-for-concern email the
    demo visit raises is not sent (the email is sent after commit, hence the wrapper)."""
    if not settings.ALLOW_DEMO_DATA:
        raise RuntimeError(DEMO_NOT_ALLOWED)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _demo_seed()


@transaction.atomic
def _demo_seed() -> list[DemoLogin]:
    orgs = {}
    for slug, name, kind, provider_type in ORGANISATIONS:
        purpose, placement = AP_SETTINGS.get(slug, ("", ""))
        area = Area.objects.get_or_create(name=AREAS[slug])[0] if slug in AREAS else None
        orgs[slug], _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "provider_type": provider_type,
                                 "setting_purpose": purpose, "typical_placement": placement,
                                 "area": area}
        )
    for commissioner, provider in COMMISSIONING:
        Commissioning.objects.get_or_create(
            commissioner=orgs[commissioner], provider=orgs[provider],
            defaults={"status": Commissioning.Status.ACTIVE})
    logins = []
    admin_email, admin_name = ADMIN
    _user(admin_email, admin_name, is_staff=True, is_superuser=True)
    logins.append(DemoLogin(admin_email, "Administrator", "(the service)"))
    for email, full_name, org_slug, role in USERS:
        user = _user(email, full_name)
        lead = email in DATA_PROTECTION_LEADS
        Membership.objects.get_or_create(user=user, organisation=orgs[org_slug],
                                         defaults={"role": role, "data_protection_lead": lead})
        logins.append(DemoLogin(email, Role(role).label + ", data-protection lead" * lead,
                                orgs[org_slug].name))
    _demo_assessments()
    _demo_visits()
    _demo_reviews()
    seed_due_diligence()
    seed_agreements_and_support()
    seed_indicators()
    return logins


@contextmanager
def _as_of(moment: datetime.datetime):
    """Run the services as if it were ``moment``: ``timezone.now()`` (and so ``localdate()``,
    auto_now fields, submitted/raised/decided times and history dates) reads ``moment``, a
    second later on each call so the order of the history is kept, and never later than
    the real time.

    Why a clock and not backdating rows afterwards: the services then apply their own date
    rules to the demo's dates (a visit is not recorded before it happens, the response
    deadline counts from the day the judgements are shared) and every timestamp moves,
    including the history rows, with nothing to list by hand. time-machine would do the
    same but is a development dependency only. Only the demo does this, inside one
    management command, and it refuses to run where demo data is not allowed."""
    real_now = timezone.now
    ticks = itertools.count()

    def now() -> datetime.datetime:
        return min(moment + datetime.timedelta(seconds=next(ticks)), real_now())

    with mock.patch("django.utils.timezone.now", now):
        yield


def _rate(assessment, by, levels: dict, default: str, evidence: str):
    scale = {lv.code: lv for lv in assessment.framework.item_scale.levels.all()}
    for response in assessment.responses.select_related("criterion"):
        services.response_record(
            response=response, by=by, expected_revision=response.revision,
            level=scale[levels.get(response.criterion.code, default)],
            evidence=evidence.format(code=response.criterion.code),
        )


def _demo_assessments():
    """Self-assessments to look at: Riverside's SI QAF for 2024/25 (34/36, with its Stage 2
    actions, submitted in July 2025), the 2025/26 one started from it in September 2025, and
    Oakfield's IntegratED review submitted in February 2026."""
    frameworks = {f.slug: f for f in Framework.objects.current()}
    if not {"si-qaf", "integrated-ap-benchmarks"} <= set(frameworks):
        return  # frameworks not loaded yet: `make run` loads them first
    riverside = Organisation.objects.get(slug="riverside-college")
    oakfield = Organisation.objects.get(slug="oakfield-ap")
    lead = User.objects.get(email="lead@riverside.example")
    if not Assessment.objects.filter(provider=riverside).exists():
        # The actions are still open, so they fall due after the day the demo is seeded.
        due = timezone.localdate() + datetime.timedelta(days=120)
        with _as_of(_at(datetime.date(2025, 5, 6), 9)):
            last, _ = services.assessment_start(
                provider=riverside, framework=frameworks["si-qaf"], period="2024/25", by=lead)
        with _as_of(_at(datetime.date(2025, 6, 17), 10)):
            _rate(last, lead, {"2.3": "not_evidenced", "6.4": "not_evidenced"}, "evidenced",
                  "Criterion {code}: QA evidence folder on the shared drive, 2024/25 tab")
        for code, action, owner in [
            ("2", "Job coaches complete job analysis and carving training with two host "
                  "employers, so every placement is matched to the intern's vocational profile.",
             "Supported internship coordinator"),
            ("6", "Track outcomes termly and agree job carving with three employers so that at "
                  "least 70% of the cohort moves into paid work of 16 hours or more.",
             "Head of Supported Internships"),
        ]:
            section = Section.objects.get(framework=frameworks["si-qaf"], code=code)
            with _as_of(_at(datetime.date(2025, 6, 24), 14)):
                stage2_action_create(
                    assessment=last, by=lead, section=section, area=section.title,
                    smart_action=action, due_date=due, owner=owner,
                    success_measure="Reviewed at the termly quality meeting.")
        with _as_of(_at(datetime.date(2025, 7, 8), 16)):
            riverside_cohort_and_narrative(last, lead)
        with _as_of(_at(datetime.date(2025, 7, 10), 11)):
            services.assessment_submit(assessment=last, by=lead)
        with _as_of(_at(datetime.date(2025, 9, 15), 9)):
            services.assessment_start(provider=riverside, framework=frameworks["si-qaf"],
                                      period="2025/26", by=lead, from_last_year=True)
            seed_carried_action()
    oakfield_lead = User.objects.get(email="lead@oakfield.example")
    if not Assessment.objects.filter(provider=oakfield).exists():
        with _as_of(_at(datetime.date(2026, 1, 12), 9)):
            review, _ = services.assessment_start(
                provider=oakfield, framework=frameworks["integrated-ap-benchmarks"],
                period="2025/26", by=oakfield_lead)
        with _as_of(_at(datetime.date(2026, 1, 28), 10)):
            _rate(review, oakfield_lead, {"3a": "developing", "7a": "not_in_place",
                                          "11": "established", "13": "developing"}, "embedded",
                  "Benchmark {code}: see the 2025/26 self-evaluation form and its appendices")
        with _as_of(_at(datetime.date(2026, 2, 6), 15)):
            services.assessment_submit(assessment=review, by=oakfield_lead)


# Reviews ---------------------------------------------------------------------------------

def _demo_reviews():
    """Rutland's final review of Oakfield's IntegratED benchmark review for 2025/26, so every
    commissioner of Oakfield sees one moderated picture: Rutland agrees but for benchmark 11
    (rated down) and 13 (rated up), and Oakfield replied on 11. Riverside's SI QAF is left
    for a commissioner to review."""
    from reviews import services as review_services
    from reviews.models import Review, ReviewItem

    oakfield = Organisation.objects.get(slug="oakfield-ap")
    assessment = (Assessment.objects.all().filter(provider=oakfield)
                  .select_related("framework__item_scale").first())
    rutland = Organisation.objects.get(slug="rutland-cc")
    if assessment is None or Review.objects.filter(assessment=assessment).exists():
        return
    commissioner = User.objects.get(email="commissioner@rutland.example")
    lead = User.objects.get(email="lead@oakfield.example")
    scale = {lv.code: lv for lv in assessment.framework.item_scale.levels.all()}
    disagreements = {
        "11": ("developing", "Destinations were recorded for 9 of the 14 leavers we sampled: "
                             "the tracking is not yet established."),
        "13": ("established", "Every reintegration plan we sampled had a review date and the "
                              "school's agreement: this is established practice."),
    }
    with _as_of(_at(datetime.date(2026, 3, 2), 10)):
        review = review_services.review_start(assessment=assessment, organisation=rutland,
                                              by=commissioner)
        for item in (ReviewItem.objects.filter(review=review)
                     .select_related("response__criterion")):
            code = item.response.criterion.code
            level, comment = disagreements.get(code, (None, ""))
            review_services.item_record(
                item=item, by=commissioner, expected_revision=item.revision,
                agrees=level is None, level=scale[level] if level else None, comment=comment,
                internal_note="Check the destinations return with the virtual school."
                if code == "11" else "")
    with _as_of(_at(datetime.date(2026, 3, 9), 14)):
        review_services.review_share(review=review, by=commissioner)
    with _as_of(_at(datetime.date(2026, 3, 12), 11)):
        item = ReviewItem.objects.get(review=review, response__criterion__code="11")
        review_services.item_reply(item=item, by=lead, reply=(
            "The five missing destinations were confirmed in March; the tracker is updated "
            "each half term."))
    with _as_of(_at(datetime.date(2026, 3, 16), 9)):
        review_services.review_finalise(review=review, by=commissioner)


# QA visits -------------------------------------------------------------------------------

OAKFIELD_VISIT_DATE = datetime.date(2026, 6, 18)  # a Thursday in 2025/26
# Requirement code -> (rating, observer notes, action points, internal notes).
OAKFIELD_OBSERVATIONS = {
    "1.1": ("green", "On the LEBC database; the annual health and safety and safeguarding audit "
                     "was completed on 14 January 2026 and both recommendations are done.", "", ""),
    "2.1": ("green", "Course statements received for every placement: BTEC Level 1 Construction "
                     "and Functional Skills English and maths, with hours and end dates.", "", ""),
    "2.2": ("amber", "Progress reports arrive, but two of the last five were after our deadline "
                     "and did not set new targets.",
            "Send termly progress reports by the partnership's deadline, each with new targets.",
            ""),
    "2.3": ("green", "Results for the spring entries were reported to schools within a week.",
            "", ""),
    "3.1": ("green", "Daily attendance returns received by 10am on every day sampled.", "", ""),
    "3.2": ("green", "Lunch and break arrangements agreed in September; two exclusions were "
                     "reported to the partnership on the same day.", "", ""),
    "4.1": ("green", "Website and brochure up to date; fees agreed in July and invoices termly "
                     "in arrears.", "", ""),
    "1.2": ("red", "The single central record had no DBS check dates for two sessional staff. "
                   "The designated safeguarding lead's training lapsed in April 2026 and no "
                   "deputy was on site during the visit.",
            "Complete the single central record and send a copy to the partnership officer "
            "within five working days.",
            "Check with the LADO whether the sessional staff worked unsupervised with learners "
            "before their checks were recorded."),
    "1.3": ("amber", "Workshop tools are locked away and use is supervised. Mobile phones are "
                     "handed in but two learners kept theirs through the morning.", "", ""),
    "1.4": ("green", "Staff described the safeguarding procedures and who to go to, matching "
                     "the policy we were sent.", "", ""),
    "1.5": ("green", "The four learners we spoke to said they feel safe and know the rules.",
            "", ""),
    "2.4": ("amber", "Practical work in the workshop is purposeful; English and maths books show "
                     "little written work since February.",
            "Share each learner's English and maths work with the home school every half term.",
            ""),
    "2.5": ("green", "Staff know each learner's current grades and SEND needs.", "", ""),
    "2.6": ("green", "Learners could say which qualification they are working towards and "
                     "what they need to do next.", "", ""),
    "3.3": ("green", "Calm and purposeful; staff defused a disagreement at break quickly.", "", ""),
    "3.4": ("green", "Staff know the learners' needs and apply the behaviour policy "
                     "consistently.", "", ""),
    "3.5": ("green", "Learners said staff are fair and that the rules are the same for everyone.",
            "", ""),
    "4.2": ("green", "The manager has a clear plan to add a second workshop next year.", "", ""),
    "4.3": ("amber", "Schools report slow replies to emails in the spring term.", "",
            "The manager's partner chairs the board of trustees; raise governance at the next "
            "partnership meeting, not with the provider."),
    "4.4": ("amber", "Learners' needs are met in the workshop; safeguarding records are not "
                     "yet secure.", "", ""),
}
OAKFIELD_EVIDENCE = {
    "1.1": "LEBC audit certificate, January 2026, and the action log for its two recommendations.",
    "1.2": "Single central record and DSP training certificates, held in the office.",
    "2.1": "Course handbook 2025/26 and the awarding body approval letters.",
    "4.1": "Website, brochure and the fee letter sent to the partnership in July 2025.",
}
OAKFIELD_JUDGEMENTS = {
    # section code -> (judgement, narrative, follow-up actions agreed)
    "1": ("red", "The single central record was incomplete and the designated safeguarding "
                 "lead's training had lapsed, with no deputy on site. Learners feel safe and "
                 "staff know the procedures, but the records are not secure.",
          "The designated safeguarding lead completes refresher training and a trained deputy "
          "is named before the next placement starts."),
    "2": ("amber", "Learners make good progress in practical work; English and maths progress "
                   "is not reported to schools often enough.", ""),
    "3": ("green", "Attendance and behaviour are well managed and reported on time.", ""),
    "4": ("amber", "A stable provision with clear plans; communication with schools and the "
                   "safeguarding records need attention.",
          "Agree a named contact and a two-day reply time for schools' emails."),
}
OAKFIELD_CALL = ("Agreed the visit date. Asked for the single central record and the "
                 "safeguarding lead's training certificate to be ready on the day.")
OAKFIELD_FOLLOW_UP = ("Oakfield sent the first monthly safeguarding audit; the workshop manager "
                      "is the trained deputy safeguarding lead from September.")
# Who is responsible for each action agreed at the visit, and in how many days from the day
# the demo is seeded it is due (by requirement, or "section N" for a follow-up action).
OAKFIELD_AGREED = {
    "1.2": ("Oakfield's designated safeguarding lead", 14),
    "2.2": ("Oakfield's manager", 60),
    "2.4": ("Oakfield's English and maths tutor", 45),
    "section 1": ("Oakfield's manager", 21),
    "section 4": ("Oakfield's manager, with the partnership officer", 30),
}
OAKFIELD_RESPONSE = (
    "We accept the judgements. The single central record was completed on 19 June 2026 and "
    "sent to the partnership; our designated safeguarding lead completed refresher training on "
    "23 June and our workshop manager is now the trained deputy."
)


def _demo_visits():
    """A finalised QA visit to Oakfield by North West Leicestershire SEIP (Learner Safety Red,
    so a cause for concern with the chair's decision, the provider's response and the agreed
    actions in its plan), and a visit to Beacon shared with the provider for its evidence."""
    frameworks = {f.slug: f for f in Framework.objects.current()}
    if "leics-ap-visit" not in frameworks:
        return
    framework = frameworks["leics-ap-visit"]
    seip = Organisation.objects.get(slug="nw-leics-seip")
    officer = User.objects.get(email="officer@nwleics-seip.example")
    visits = visit_records().filter(commissioner=seip)
    oakfield = Organisation.objects.get(slug="oakfield-ap")
    if not visits.filter(provider=oakfield).exists():
        _oakfield_visit(framework, seip, oakfield, officer)
    beacon = Organisation.objects.get(slug="beacon-academy")
    if not visits.filter(provider=beacon).exists():
        link = Commissioning.objects.get(commissioner=seip, provider=beacon)
        visit = vs.visit_create(
            link=link, framework=framework, by=officer, officers=[officer],
            planned_visit_date=timezone.localdate() + datetime.timedelta(days=6),
            school_visitors=[("Helen Brooks", "Castle Rock High School")],
            key_sections=Section.objects.filter(framework=framework, code__in=["3"]))
        _observe(visit, officer, {
            code: ("green", "Checked against the partnership's records before the visit.", "", "")
            for code in ("1.1", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1")})
        vs.visit_share_with_provider(visit=visit, by=officer)


def _observe(visit, officer, observations):
    levels = {lv.code: lv for lv in visit.framework.item_scale.levels.all()}
    for response in visit.responses.select_related("criterion"):
        if response.criterion.code not in observations:
            continue
        level, notes, action_points, internal = observations[response.criterion.code]
        vs.requirement_record(response=response, by=officer, expected_revision=response.revision,
                              level=levels[level], observer_notes=notes,
                              action_points=action_points, internal_notes=internal)


def _oakfield_visit(framework, seip, oakfield, officer):
    """Prepared in May 2026, shared with Oakfield, visited on 18 June 2026 (recorded that
    afternoon, which raises the cause for concern), judgements shared the next day, the
    provider's reply a week later, the chair's decision a fortnight after the visit, then
    finalised."""
    lead = User.objects.get(email="lead@oakfield.example")
    chair = User.objects.get(email="chair@nwleics-seip.example")
    link = Commissioning.objects.get(commissioner=seip, provider=oakfield)
    day = OAKFIELD_VISIT_DATE
    with _as_of(_at(day - datetime.timedelta(days=38), 10)):  # Monday 11 May
        visit = vs.visit_create(link=link, framework=framework, by=officer, officers=[officer],
                                planned_visit_date=day,
                                school_visitors=[("Helen Brooks", "Castle Rock High School")])
        before = set(visit.responses.filter(criterion__phase="before_visit")
                     .values_list("criterion__code", flat=True))
        _observe(visit, officer, {c: o for c, o in OAKFIELD_OBSERVATIONS.items() if c in before})
        # Before the visit: the LEBC database, and a telephone conversation with the provider.
        contacts.lebc_record(visit=visit, by=officer, listed=True,
                             checked_on=timezone.localdate(), outstanding="")
        contacts.contact_record(visit=visit, by=officer, kind="call",
                                contacted_on=timezone.localdate(),
                                with_whom="Grace Okafor, manager", summary=OAKFIELD_CALL)
    with _as_of(_at(day - datetime.timedelta(days=29), 10)):  # Wednesday 20 May
        vs.visit_share_with_provider(visit=visit, by=officer)
    with _as_of(_at(day - datetime.timedelta(days=10), 11)):  # Monday 8 June
        for response in visit.responses.select_related("criterion").filter(
                criterion__code__in=OAKFIELD_EVIDENCE):
            vs.provider_evidence_record(response=response, by=lead,
                                        expected_revision=response.revision,
                                        evidence=OAKFIELD_EVIDENCE[response.criterion.code])
    with _as_of(_at(day, 13)):  # at the visit
        _observe(visit, officer,
                 {c: o for c, o in OAKFIELD_OBSERVATIONS.items() if c not in before})
        levels = {lv.code: lv for lv in framework.judgement_scale.levels.all()}
        for judgement in (VisitJudgement.objects.filter(visit=visit)
                          .select_related("section")):
            level, narrative, follow_up = OAKFIELD_JUDGEMENTS[judgement.section.code]
            vs.visit_record_judgement(judgement=judgement, by=officer,
                                      expected_revision=judgement.revision, level=levels[level],
                                      narrative=narrative, follow_up_actions=follow_up,
                                      justification="")
    with _as_of(_at(day, 15)):
        vs.visit_mark_recorded(visit=visit, by=officer, visited_on=day)
    with _as_of(_at(day + datetime.timedelta(days=1), 9)):
        vs.visit_share_judgements(visit=visit, by=officer)
    with _as_of(_at(day + datetime.timedelta(days=8), 16)):
        vs.visit_respond(visit=visit, by=lead, response=OAKFIELD_RESPONSE)
    # The review of the conditions stays ahead of the day the demo is seeded.
    review_date = timezone.localdate() + datetime.timedelta(days=90)
    with _as_of(_at(day + datetime.timedelta(days=14), 10)):
        concern_decide(
            concern=Concern.objects.get(visit=visit), by=chair,
            decision=ConcernDecision.Decision.CONDITIONS,
            reasons="Safeguarding records were not secure at the visit; the provider has acted "
                    "quickly and learners report feeling safe.",
            conditions="A monthly safeguarding audit sent to the partnership officer, and no "
                       "new placements without a trained deputy safeguarding lead on site.",
            review_date=review_date)
    # Each agreed action with who is responsible and when, due ahead of the day the demo is
    # seeded so that none is overdue yet.
    agreed = {action.key: (OAKFIELD_AGREED[action.criterion.code if action.criterion
                                           else f"section {action.section.code}"])
              for action in agreed_actions(visit)}
    agreed = {key: (owner, timezone.localdate() + datetime.timedelta(days=days))
              for key, (owner, days) in agreed.items()}
    with _as_of(_at(day + datetime.timedelta(days=15), 9)):
        vs.visit_finalise(visit=visit, by=officer, agreed=agreed)
    with _as_of(_at(day + datetime.timedelta(days=27), 14)):  # the follow-up, by email
        contacts.contact_record(visit=visit, by=officer, kind="email",
                                contacted_on=timezone.localdate(),
                                with_whom="Grace Okafor, manager", summary=OAKFIELD_FOLLOW_UP)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _user(email, full_name, **flags) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **flags)
    return user
