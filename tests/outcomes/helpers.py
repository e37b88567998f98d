"""Import files for the outcomes tests, written as CSV or XLSX from rows of text; and learners a
local authority shares with a provider, for the progress it sends."""
import datetime

import pytest

from outcomes.models import GoalOutcome, Learner, LearnerSharing
from outcomes.scheme import current_scheme
from tests.import_files import ImportFile

HEADINGS = ["learner_ref", "year_of_birth", "primary_need", "provider", "academic_year",
            "review_date", "goal", "pfa_area", "rating", "soft_confidence"]
ROWS = [
    ["SH-0001", "2007", "ASD", "100001", "2025/26", "2026-03-12", "Travel to college by bus",
     "independent_living", "fully_met", "4"],
    ["SH-0001", "2007", "ASD", "100001", "2025/26", "2026-03-12", "Make a sandwich",
     "independent_living", "partially_met", ""],
    ["SH-0002", "2008", "Speech, language and communication needs", "riverside-college",
     "2025/26", "14/05/2026", "Complete a work placement", "Employment", "Not met",
     "About the same"],
]


FILE = ImportFile(HEADINGS, ROWS)
csv_bytes, xlsx_bytes, with_cell = FILE.csv_bytes, FILE.xlsx_bytes, FILE.with_cell


@pytest.fixture
def shire(world, outcome_scheme):
    """The world, with Riverside College given its URN and the scheme loaded."""
    world.provider.reference = "100001"
    world.provider.save()
    return world


PROGRESS_HEADINGS = ["learner_ref", "academic_year", "review_date", "goal", "pfa_area", "rating",
                     "soft_confidence"]


def shared_learners(la, provider, by, count: int, prefix: str = "SH") -> list[Learner]:
    """``count`` of the LA's learners, SH-0001 on, each with a 2024/25 goal at ``provider``,
    which the LA shares its learner rows with."""
    scheme = current_scheme()
    made = []
    for n in range(1, count + 1):
        learner = Learner.objects.create(local_authority=la, reference=f"{prefix}-{n:04d}",
                                         year_of_birth=2007, primary_need="ASD")
        GoalOutcome.objects.create(
            learner=learner, scheme_id=scheme.pk, academic_year="2024/25",
            review_date=datetime.date(2025, 3, 1), provider=provider,
            goal="Travel to college by bus", pfa_area="independent_living", rating="not_met",
            updated_by=by)
        made.append(learner)
    LearnerSharing.objects.get_or_create(local_authority=la, provider=provider,
                                         defaults={"enabled_by": by})
    return made


def progress_file(count: int, changes=None, prefix: str = "SH") -> ImportFile:
    """A provider's progress for ``count`` learners from SH-0001 on, one 2025/26 goal each,
    with ``changes`` ({(row, column): value}) made."""
    rows = [[f"{prefix}-{n:04d}", "2025/26", "2026-03-12", "Travel to college by bus",
             "independent_living", "fully_met" if n % 2 else "partially_met", "Better"]
            for n in range(1, count + 1)]
    for (row, column), value in (changes or {}).items():
        rows[row][PROGRESS_HEADINGS.index(column)] = value
    return ImportFile(PROGRESS_HEADINGS, rows)
