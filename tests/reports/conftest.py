"""Fixtures for report tests: the demo data (Riverside's SI QAF 2024/25 at 34/36 with two
Stage 2 actions, its 2025/26 draft, Oakfield's IntegratED review, the finalised QA visit to
Oakfield and the one to Beacon shared for evidence) and PDF text extraction."""
import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from actionplans.models import ActionPlan
from assessments.models import Assessment
from organisations.models import Organisation, User


@dataclass
class Demo:
    si: Assessment  # Riverside, SI QAF 2024/25, submitted, 34/36
    draft: Assessment  # Riverside, SI QAF 2025/26, draft, not shared
    review: Assessment  # Oakfield, IntegratED 2025/26, submitted
    plan: ActionPlan  # Riverside 2024/25: two Stage 2 actions
    visit: Assessment  # Oakfield, QA visit of 18 June 2026 by NW Leics SEIP, final
    beacon_visit: Assessment  # Beacon, QA visit in six days, shared with the provider
    riverside: Organisation
    oakfield: Organisation
    users: dict  # short name -> User

    def user(self, name) -> User:
        return self.users[name]


DEMO_USERS = {
    "riverside_lead": "lead@riverside.example",
    "riverside_staff": "staff@riverside.example",
    "oakfield_lead": "lead@oakfield.example",
    "leics_commissioner": "commissioner@leics.example",  # commissions Riverside and Oakfield
    "rutland_commissioner": "commissioner@rutland.example",  # commissions only Oakfield
    "seip_officer": "officer@nwleics-seip.example",  # commissions Oakfield and Beacon
    "seip_chair": "chair@nwleics-seip.example",
    "admin": "admin@qaportal.example",
}


@pytest.fixture
def demo(frameworks) -> Demo:
    call_command("seed_demo", stdout=io.StringIO())
    riverside = Organisation.objects.get(slug="riverside-college")
    oakfield = Organisation.objects.get(slug="oakfield-ap")
    return Demo(
        si=Assessment.objects.get(provider=riverside, framework_slug="si-qaf", period="2024/25"),
        draft=Assessment.objects.get(provider=riverside, framework_slug="si-qaf", period="2025/26"),
        review=Assessment.objects.get(provider=oakfield, framework_slug="integrated-ap-benchmarks"),
        plan=ActionPlan.objects.get(provider=riverside, period="2024/25"),
        visit=Assessment.objects.get(provider=oakfield, framework_slug="leics-ap-visit"),
        beacon_visit=Assessment.objects.get(provider__slug="beacon-academy",
                                            framework_slug="leics-ap-visit"),
        riverside=riverside, oakfield=oakfield,
        users={name: User.objects.get(email=email) for name, email in DEMO_USERS.items()},
    )


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, whitespace folded to single spaces (table cells wrap lines)."""
    assert pdf.startswith(b"%PDF"), pdf[:20]
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))
