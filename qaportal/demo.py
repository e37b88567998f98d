"""Demo data for `make run`: organisations, people in every role, commissioning links and
a few self-assessments (when the frameworks are loaded).

Idempotent: running it again creates only what is missing and changes nothing that
exists (a demo user whose password was changed keeps it).
"""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from actionplans.services import stage2_action_create
from assessments import services
from assessments.models import Assessment
from frameworks.models import Framework, Section
from organisations.models import Commissioning, Membership, Organisation, User

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
    ("riverside-college", "Riverside College", Kind.PROVIDER, PType.SUPPORTED_INTERNSHIP),
    ("oakfield-ap", "Oakfield Alternative Provision", Kind.PROVIDER, PType.INDEPENDENT_AP),
    ("beacon-academy", "Beacon Academy PRU", Kind.PROVIDER, PType.AP_SCHOOL),
]

COMMISSIONING = [
    # commissioner, provider
    ("leicestershire-cc", "riverside-college"),
    ("leicestershire-cc", "oakfield-ap"),
    ("leicestershire-cc", "beacon-academy"),
    ("nw-leics-seip", "oakfield-ap"),
    ("nw-leics-seip", "beacon-academy"),
    ("rutland-cc", "oakfield-ap"),
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
]
ADMIN = ("admin@qaportal.example", "Service Administrator")


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    """Create the demo organisations, links and users; return the logins to print."""
    if not settings.ALLOW_DEMO_DATA:
        raise RuntimeError(DEMO_NOT_ALLOWED)
    orgs = {}
    for slug, name, kind, provider_type in ORGANISATIONS:
        orgs[slug], _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "provider_type": provider_type}
        )
    for commissioner, provider in COMMISSIONING:
        Commissioning.objects.get_or_create(
            commissioner=orgs[commissioner], provider=orgs[provider],
            defaults={"status": Commissioning.Status.ACTIVE},
        )
    logins = []
    admin_email, admin_name = ADMIN
    _user(admin_email, admin_name, is_staff=True, is_superuser=True)
    logins.append(DemoLogin(admin_email, "Administrator", "(the service)"))
    for email, full_name, org_slug, role in USERS:
        user = _user(email, full_name)
        Membership.objects.get_or_create(
            user=user, organisation=orgs[org_slug], defaults={"role": role}
        )
        logins.append(DemoLogin(email, Role(role).label, orgs[org_slug].name))
    _demo_assessments()
    return logins


def _rate(assessment, by, levels: dict, default: str, evidence: str):
    scale = {lv.code: lv for lv in assessment.framework.item_scale.levels.all()}
    for response in assessment.responses.select_related("criterion"):
        services.response_record(
            response=response, by=by, expected_revision=response.revision,
            level=scale[levels.get(response.criterion.code, default)],
            evidence=evidence.format(code=response.criterion.code),
        )


def _demo_assessments():
    """Self-assessments to look at: Riverside's submitted SI QAF for last year (34/36, with
    its Stage 2 actions), this year's started from it, and Oakfield's IntegratED review."""
    frameworks = {f.slug: f for f in Framework.objects.current()}
    if not {"si-qaf", "integrated-ap-benchmarks"} <= set(frameworks):
        return  # frameworks not loaded yet: `make run` loads them first
    riverside = Organisation.objects.get(slug="riverside-college")
    oakfield = Organisation.objects.get(slug="oakfield-ap")
    lead = User.objects.get(email="lead@riverside.example")
    if not Assessment.objects.filter(provider=riverside).exists():
        last, _ = services.assessment_start(provider=riverside, framework=frameworks["si-qaf"],
                                            period="2024/25", by=lead)
        _rate(last, lead, {"2.3": "not_evidenced", "6.4": "not_evidenced"}, "evidenced",
              "Criterion {code}: QA evidence folder on the shared drive, 2024/25 tab")
        due = timezone.localdate() + datetime.timedelta(days=120)
        for code, action, owner in [
            ("2", "Job coaches complete job analysis and carving training with two host "
                  "employers, so every placement is matched to the intern's vocational profile.",
             "Supported internship coordinator"),
            ("6", "Track outcomes termly and agree job carving with three employers so that at "
                  "least 70% of the cohort moves into paid work of 16 hours or more.",
             "Head of Supported Internships"),
        ]:
            section = Section.objects.get(framework=frameworks["si-qaf"], code=code)
            stage2_action_create(assessment=last, by=lead, section=section, area=section.title,
                                 smart_action=action, due_date=due, owner=owner,
                                 success_measure="Reviewed at the termly quality meeting.")
        services.assessment_submit(assessment=last, by=lead)
        this, _ = services.assessment_start(provider=riverside, framework=frameworks["si-qaf"],
                                            period="2025/26", by=lead, from_last_year=True)
    oakfield_lead = User.objects.get(email="lead@oakfield.example")
    if not Assessment.objects.filter(provider=oakfield).exists():
        review, _ = services.assessment_start(
            provider=oakfield, framework=frameworks["integrated-ap-benchmarks"],
            period="2025/26", by=oakfield_lead)
        _rate(review, oakfield_lead, {"3a": "developing", "7a": "not_in_place",
                                      "11": "established", "13": "developing"}, "embedded",
              "Benchmark {code}: see the 2025/26 self-evaluation form and its appendices")
        services.assessment_submit(assessment=review, by=oakfield_lead)


def _user(email, full_name, **flags) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **flags)
    return user
