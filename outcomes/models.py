"""Outcomes monitoring: a local authority's learners (pseudonymised references, never names),
the provider each attends in a year, and the goals from their EHC plans' annual reviews,
rated and mapped to Preparing for Adulthood areas. Rows change only through
``outcomes.services`` and ``outcomes.importer``.

The vocabulary (PfA areas, rating labels, soft-outcome dimensions and scale) is data: an
``OutcomeScheme`` loaded from ``fixtures/outcomes/*.yaml``; outcome rows store its codes.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from organisations.models import Organisation

from .querysets import LearnerQuerySet, OutcomeQuerySet, SharingQuerySet
from .references import REFERENCE_PATTERN, validate_reference

__all__ = ["REFERENCE_PATTERN", "GoalOutcome", "Learner", "LearnerSharing", "OutcomeScheme"]
ACADEMIC_YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$"
EARLIEST_BIRTH_YEAR = 1990
LATEST_BIRTH_YEAR = 2030


class OutcomeScheme(models.Model):
    """One version of the outcomes vocabulary, as loaded from its data file. A loaded version
    never changes; the last loaded is the current one."""

    slug = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    source = models.TextField()
    content = models.JSONField(help_text="pfa_areas, ratings, soft_outcomes, as loaded.")
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["loaded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"],
                                               name="one_outcome_scheme_version")]

    def __str__(self):
        return f"{self.name} (version {self.version})"


class Learner(models.Model):
    """A young person with an EHC plan, known to the portal only by the LA's pseudonymous
    reference, year of birth and primary need."""

    class Need(models.TextChoices):
        # The DfE SEN2 / school census primary type of need codes.
        SPLD = "SPLD", "Specific learning difficulty"
        MLD = "MLD", "Moderate learning difficulty"
        SLD = "SLD", "Severe learning difficulty"
        PMLD = "PMLD", "Profound and multiple learning difficulty"
        SEMH = "SEMH", "Social, emotional and mental health"
        SLCN = "SLCN", "Speech, language and communication needs"
        HI = "HI", "Hearing impairment"
        VI = "VI", "Visual impairment"
        MSI = "MSI", "Multi-sensory impairment"
        PD = "PD", "Physical disability"
        ASD = "ASD", "Autistic spectrum disorder"
        OTH = "OTH", "Other difficulty or disability"
        NSA = "NSA", "SEN support but no specialist assessment of type of need"

    local_authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="learners",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY})
    reference = models.CharField(
        # Pseudonymous, never a personal identifier: the rule is ``outcomes.references``'.
        max_length=40, validators=[validate_reference],
        help_text="The LA's pseudonymous reference, such as SH-0001: never a name, date, UPN, "
                  "ULN, NHS number, email, phone number or postcode.")
    year_of_birth = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(EARLIEST_BIRTH_YEAR), MaxValueValidator(LATEST_BIRTH_YEAR)])
    primary_need = models.CharField(max_length=4, choices=Need.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = LearnerQuerySet.as_manager()

    class Meta:
        ordering = ["local_authority", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "reference"],
                                    name="one_learner_per_reference"),
            models.CheckConstraint(
                name="learner_year_of_birth_plausible",
                condition=Q(year_of_birth__gte=EARLIEST_BIRTH_YEAR,
                            year_of_birth__lte=LATEST_BIRTH_YEAR)),
        ]

    def __str__(self):
        return f"Learner {self.reference}"


class GoalOutcome(models.Model):
    """One goal of a learner's annual review in an academic year, at a provider: its
    Preparing for Adulthood area, how far it was met, and any soft-outcome ratings."""

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="outcomes")
    # The learner's LA, copied on every save (a learner never changes LA): an LA's figures
    # then read its own rows through an index, not a join over every LA's goals.
    local_authority = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="+", editable=False)
    scheme = models.ForeignKey(OutcomeScheme, on_delete=models.PROTECT, related_name="+")
    academic_year = models.CharField(
        max_length=7, validators=[RegexValidator(ACADEMIC_YEAR_PATTERN, "Give the year as 2025/26.")])
    review_date = models.DateField()
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="learner_outcomes",
        limit_choices_to={"kind": Organisation.Kind.PROVIDER})
    goal = models.CharField(max_length=500)
    pfa_area = models.CharField("Preparing for Adulthood area", max_length=40)
    rating = models.CharField(max_length=40)
    # Soft-outcome dimension code -> scale code, as the scheme defines them.
    soft = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    # Who sent the row as it stands and who accepted it: the LA's own person for both when
    # the LA imported or typed it; the provider's person, then the LA's, for progress a
    # provider sent (``outcomes.progress``).
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)

    history = HistoricalRecords()
    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "learner", "pk"]
        constraints = [
            # A learner, an academic year and a goal identify a row: importing the same file
            # again changes nothing.
            models.UniqueConstraint(fields=["learner", "academic_year", "goal"],
                                    name="one_outcome_per_learner_year_goal"),
        ]
        indexes = [
            # A provider's or an LA's figures for a year, and an area's (distance travelled).
            models.Index(fields=["provider", "academic_year", "pfa_area"],
                         name="outcome_provider_year_area"),
            models.Index(fields=["local_authority", "academic_year", "pfa_area"],
                         name="outcome_la_year_area"),
            models.Index(fields=["academic_year", "pfa_area"], name="outcome_year_area"),
        ]

    def __str__(self):
        return f"{self.learner.reference} {self.academic_year}: {self.goal[:40]}"

    def save(self, *args, **kwargs):
        self.local_authority_id = self.learner.local_authority_id
        super().save(*args, **kwargs)


class LearnerSharing(models.Model):
    """The LA lets a provider see its own learners' rows, not only aggregates."""

    local_authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    enabled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    enabled_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SharingQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["local_authority", "provider"],
                                               name="one_learner_sharing")]

    def __str__(self):
        return f"{self.local_authority} shares learner rows with {self.provider}"


from .access_models import LearnerAccess  # noqa: E402,F401  (the access record)
from .import_models import OutcomeImport  # noqa: E402,F401  (its own module, one table)
from .indicator_models import Indicator, IndicatorValue  # noqa: E402,F401
from .medium_term_models import MediumTermOutcome, MediumTermProgress  # noqa: E402,F401
from .progress_models import ProgressRow, ProgressSubmission  # noqa: E402,F401
from .retention_models import DataRemoval, RetentionPeriods  # noqa: E402,F401
