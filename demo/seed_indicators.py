"""The demo's area indicators (issue 29): Leicestershire's attendance and suspensions for its
SEND cohort over four years, beside England's. Invented figures, in the range published
returns show; idempotent, as the rest of the demo."""
from decimal import Decimal

from organisations.models import Organisation, User
from outcomes.indicator_models import Indicator, IndicatorValue

# indicator: {comparator ("" for Leicestershire's own): [(year, figure)]}
FIGURES = {
    "Attendance": {
        "": [("2022/23", "88.9"), ("2023/24", "89.6"), ("2024/25", "90.4"), ("2025/26", "91.2")],
        "England": [("2022/23", "89.7"), ("2023/24", "90.3"), ("2024/25", "91.0"),
                    ("2025/26", "91.5")],
    },
    "Suspensions": {
        "": [("2023/24", "4.1"), ("2024/25", "3.8"), ("2025/26", "3.4")],
        "England": [("2023/24", "3.9"), ("2024/25", "4.0"), ("2025/26", "4.1")],
    },
}


def seed_indicators() -> None:
    la = Organisation.objects.get(slug="leicestershire-cc")
    by = User.objects.get(email="commissioner@leics.example")
    for name, series in FIGURES.items():
        indicator = Indicator.objects.filter(local_authority=None, name=name).first()
        if indicator is None:  # the migration that seeds them has been undone
            continue
        for comparator, figures in series.items():
            for year, figure in figures:
                IndicatorValue.objects.get_or_create(
                    indicator=indicator, local_authority=la, academic_year=year, provider=None,
                    comparator=comparator,
                    defaults={"value": Decimal(figure), "recorded_by": by})
