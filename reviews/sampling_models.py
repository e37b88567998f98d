"""Moderation samples: the providers a partnership or LA chose to second-mark for an academic
year, drawn by ``reviews.sampling.draw_sample`` and never changed afterwards.

One current sample per organisation and year. Drawing again does not delete or rewrite the
old sample: it is kept, marked superseded (``superseded_at``), and the new sample names it
(``replaces``), so every sample ever drawn, with its seed, who drew it and when, can be read
and drawn again. Rows
are written only through ``reviews.sampling``.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.periods import PERIOD_VALIDATOR
from organisations.models import Organisation

from .sampling_querysets import ModerationSampleQuerySet, SampleChildQuerySet

# Seeds fit a 32-bit signed integer column on every database (PostgreSQL's ``integer``).
SEED_MAX = 2**31 - 1
SHARE_MAX = 100


class ModerationSample(models.Model):
    """A draw of providers to moderate: how (all, a number, or a share), the recorded seed
    that makes it reproducible, who drew it and when."""

    class Method(models.TextChoices):
        ALL = "all", "All the providers"
        SIZE = "size", "A number of providers"
        SHARE = "share", "A percentage of providers"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="moderation_samples",
        help_text="The partnership or local authority that moderates the sample.",
    )
    period = models.CharField("academic year", max_length=7, validators=[PERIOD_VALIDATOR])
    method = models.CharField(max_length=10, choices=Method.choices)
    # What was asked for: a number of providers (method "size") or a percentage ("share").
    size = models.PositiveIntegerField("number of providers asked for", null=True, blank=True)
    share = models.PositiveSmallIntegerField("percentage asked for", null=True, blank=True)
    seed = models.PositiveIntegerField(
        help_text="The random seed: the same seed over the same providers draws the same sample.")
    # How many providers the draw chose from, and how many it chose.
    population = models.PositiveIntegerField()
    drawn = models.PositiveIntegerField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    drawn_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        help_text="The sample for the same year that this draw superseded.")

    history = HistoricalRecords()
    objects = ModerationSampleQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "-drawn_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"], condition=Q(superseded_at__isnull=True),
                name="one_current_sample_per_organisation_and_year"),
            models.CheckConstraint(
                name="sample_method_matches_request",
                condition=(Q(method="all", size__isnull=True, share__isnull=True)
                           | Q(method="size", size__gte=1, share__isnull=True)
                           | Q(method="share", share__gte=1, share__lte=SHARE_MAX,
                               size__isnull=True))),
            models.CheckConstraint(name="sample_seed_in_range",
                                   condition=Q(seed__gte=0, seed__lte=SEED_MAX)),
            models.CheckConstraint(name="sample_drawn_within_population",
                                   condition=Q(drawn__lte=models.F("population"))),
        ]
        indexes = [models.Index(fields=["organisation", "-period"],
                                name="sample_organisation_period")]

    def __str__(self):
        return f"Moderation sample of {self.organisation}, {self.period}"

    def get_absolute_url(self):
        return reverse("reviews:sample_detail", kwargs={"pk": self.pk})

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def request_label(self) -> str:
        """What was asked for, in words: "All the providers", "5 providers", "20%"."""
        if self.method == self.Method.SIZE:
            return f"{self.size} provider{'' if self.size == 1 else 's'}"
        if self.method == self.Method.SHARE:
            return f"{self.share}% of the providers"
        return self.get_method_display()


class SampleStratum(models.Model):
    """One provider type in a draw: how many of the type there were and how many were chosen."""

    sample = models.ForeignKey(ModerationSample, on_delete=models.CASCADE, related_name="strata")
    provider_type = models.CharField(max_length=30, choices=Organisation.ProviderType.choices)
    population = models.PositiveIntegerField()
    drawn = models.PositiveIntegerField()

    history = HistoricalRecords()
    objects = SampleChildQuerySet.as_manager()

    class Meta:
        ordering = ["sample", "provider_type"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "provider_type"],
                                    name="one_stratum_per_sample_and_type"),
            models.CheckConstraint(name="stratum_drawn_within_population",
                                   condition=Q(drawn__lte=models.F("population"))),
        ]

    def __str__(self):
        return f"{self.get_provider_type_display()} in sample {self.sample_id}"


class SampledProvider(models.Model):
    """A provider chosen by a draw, with its type when it was drawn."""

    sample = models.ForeignKey(ModerationSample, on_delete=models.CASCADE,
                               related_name="providers")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    provider_type = models.CharField(max_length=30, choices=Organisation.ProviderType.choices)

    history = HistoricalRecords()
    objects = SampleChildQuerySet.as_manager()

    class Meta:
        ordering = ["sample", "provider__name"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "provider"],
                                    name="one_row_per_sampled_provider"),
        ]

    def __str__(self):
        return f"{self.provider_id} in sample {self.sample_id}"
