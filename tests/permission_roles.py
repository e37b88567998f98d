"""The roles the permission matrix signs in as, the statuses most rows expect, and a row
(``Case``): shared by ``tests/test_permission_matrix.py`` and each app's own rows
(``tests/people/permission_cases.py``)."""
from dataclasses import dataclass, field

ROLES = [
    "anonymous", "no_membership", "provider_lead", "provider_staff", "other_provider_lead",
    "partnership_officer", "partnership_chair", "la_commissioner", "other_la_commissioner",
    "admin",
]
SIGNED_IN = {role: 200 for role in ROLES if role != "anonymous"}


def everyone(status=200, anonymous=302):
    return {**{role: status for role in SIGNED_IN}, "anonymous": anonymous}


# Seeing the world's own provider (``world.provider``): its members, its commissioners, admin.
SEES_PROVIDER = {
    "anonymous": 302, "no_membership": 404, "provider_lead": 200, "provider_staff": 200,
    "other_provider_lead": 404, "partnership_officer": 200, "partnership_chair": 200,
    "la_commissioner": 200, "other_la_commissioner": 404, "admin": 200,
}


@dataclass
class Case:
    name: str
    kwargs: callable = None  # world -> kwargs for reverse()
    expected: dict = field(default_factory=everyone)
    method: str = "get"
