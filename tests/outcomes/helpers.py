"""Import files for the outcomes tests, written as CSV or XLSX from rows of text."""
import pytest

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
