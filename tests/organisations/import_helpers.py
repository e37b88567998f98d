"""Files of providers for the organisations import tests, written as CSV or XLSX from rows of
text; and the world's commissioners ready to be named in them."""
from tests.import_files import ImportFile

HEADINGS = ["name", "provider_type", "urn", "ukprn", "address", "postcode", "la_area",
            "commissioned_by"]
ROWS = [
    ["Brook House Tuition", "Independent alternative provider", "100001", "", "1 Brook Lane, "
     "Hinckley", "le10 1aa", "Leicestershire", "shire-council; North SEIP"],
    ["Meadow Farm Learning", "ap_school", "", "10012345", "Meadow Farm\nMelton Road", "LE13 0AB",
     "Leicestershire", "shire-council"],
    ["Quarry Skills", "Supported internship provider / college", "100003", "10012347",
     "3 Quarry Road, Mountsorrel", "LE12 7AA", "Leicestershire", ""],
]


FILE = ImportFile(HEADINGS, ROWS)
csv_bytes, xlsx_bytes, with_cell = FILE.csv_bytes, FILE.xlsx_bytes, FILE.with_cell


def many_rows(count: int, start: int = 200000) -> list[list]:
    """``count`` providers, each with its own URN, commissioned by the world's LA."""
    return [[f"Provider {n}", "ap_school", str(start + n), "", f"{n} High Street", "LE1 6ZG",
             "Leicestershire", "shire-council"] for n in range(count)]
