"""Demo data for `make run`: organisations, people in every role, commissioning links.

Idempotent: running it again creates only what is missing and changes nothing that
exists (a demo user whose password was changed keeps it).
"""
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

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
    return logins


def _user(email, full_name, **flags) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **flags)
    return user
