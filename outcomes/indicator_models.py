"""Area indicators: figures a local authority records year by year for its SEND cohort (and,
where it has them, by provider), each beside comparator figures (statistical neighbours,
regional, national). Islington's page names them: attainment, not in education, employment or
training at post-16, attendance and exclusions, compared "with similar pupils in inner London".

An indicator's definition is data (``Indicator``): the portal's own, seeded by a migration
and read by every LA, and any an LA adds for itself."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.imports.uploads import KeptUpload
from organisations.models import Organisation

from .models import ACADEMIC_YEAR_PATTERN

YEAR = RegexValidator(ACADEMIC_YEAR_PATTERN, "Give the year as 2025/26.")
# Figures up to 9,999,999.99: a percentage, a rate, a score or a count.
VALUE_DIGITS, VALUE_PLACES = 9, 2


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Per cent"
        RATE = "rate", "Rate per 100 pupils"
        SCORE = "score", "Average score"
        NUMBER = "number", "Number of pupils"

    # None: one of the portal's own, every LA's; else the LA's own.
    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", null=True, blank=True,
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})
    name = models.CharField(max_length=120)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    higher_is_better = models.BooleanField()
    source = models.TextField(blank=True, help_text="Where the figures come from.")
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"],
                                    name="one_indicator_name_per_la"),
            models.UniqueConstraint(fields=["name"], condition=Q(local_authority=None),
                                    name="one_shared_indicator_name"),
        ]

    def __str__(self):
        return self.name

    def shown(self, value) -> str:
        """A figure in the indicator's unit: "91.2%", "3.40 per 100", "46.1", "12"."""
        if value is None:
            return "Not recorded"
        number = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
        return {self.Unit.PERCENT: f"{number}%", self.Unit.RATE: f"{number} per 100"}.get(
            self.unit, number)


class IndicatorValue(models.Model):
    """One year's figure of an indicator for an LA's SEND cohort (``provider`` None), for the
    LA's learners at one provider, or for a comparator (``comparator``: "England", say)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})
    academic_year = models.CharField(max_length=7, validators=[YEAR])
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+",
                                 null=True, blank=True,
                                 limit_choices_to={"kind": Organisation.Kind.PROVIDER})
    comparator = models.CharField(max_length=80, blank=True,
                                  help_text="Blank: the LA's own figure.")
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "academic_year", "comparator", "pk"]
        constraints = [
            # One figure per indicator, LA, year and series: the cohort, a provider or a
            # comparator (never a provider's comparator).
            models.UniqueConstraint(
                fields=["indicator", "local_authority", "academic_year", "comparator"],
                condition=Q(provider=None), name="one_indicator_value"),
            models.UniqueConstraint(
                fields=["indicator", "local_authority", "academic_year", "provider"],
                condition=Q(provider__isnull=False), name="one_indicator_value_per_provider"),
            models.CheckConstraint(condition=Q(provider=None) | Q(comparator=""),
                                   name="indicator_comparator_not_per_provider"),
        ]
        indexes = [models.Index(fields=["local_authority", "indicator", "academic_year"],
                                name="indicator_value_la_year")]

    def __str__(self):
        return f"{self.indicator} {self.academic_year}: {self.value}"


class IndicatorUpload(KeptUpload):
    """A file of indicator figures an LA's commissioner uploaded, kept between its preview and
    its Confirm (``outcomes.indicator_import``); once recorded its bytes are not kept."""

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})

    def __str__(self):
        return f"{self.filename} for {self.local_authority}"
