"""The framework library: versioned frameworks, their sections, criteria and rating scales.

Rows here are written only by the loader (``frameworks.loader``) and never changed
afterwards: a changed framework is a new version, and assessments pin the version
they were made on.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from organisations.models import Organisation

PROVIDER_TYPE_UNKNOWN = "'{value}' is not a provider type (the types: {known})."


def provider_type_labels(codes) -> list[str]:
    """Provider type codes as people read them ("AP school or pupil referral unit")."""
    labels = dict(Organisation.ProviderType.choices)
    return [labels.get(code, code) for code in codes]


def validate_provider_types(value) -> None:
    """A list of Organisation provider types, each once."""
    known = Organisation.ProviderType.values
    if not isinstance(value, list):
        raise ValidationError("Give a list of provider types.")
    for item in value:
        if item not in known:
            raise ValidationError(PROVIDER_TYPE_UNKNOWN.format(value=item, known=", ".join(known)))
    if len(set(value)) != len(value):
        raise ValidationError("Name each provider type once.")


class FrameworkQuerySet(models.QuerySet):
    def current(self):
        """The newest loaded version of each framework (by load order)."""
        newest = (
            Framework.objects.filter(slug=OuterRef("slug")).order_by("-loaded_at", "-pk").values("pk")[:1]
        )
        return self.filter(pk=Subquery(newest))


class FrameworkManager(models.Manager.from_queryset(FrameworkQuerySet)):
    def get_by_natural_key(self, slug, version):
        return self.get(slug=slug, version=version)


class Framework(models.Model):
    """One version of one framework. Framework content is public to every signed-in user."""

    class Kind(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", "Self-assessment"
        QA_VISIT = "qa_visit", "QA visit"
        BENCHMARK_REVIEW = "benchmark_review", "Benchmark review"

    class Scheme(models.TextChoices):
        POINTS = "points", "Points"
        RAG = "rag", "Red / Amber / Green"
        LEVELS = "levels", "Levels"

    slug = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=300)
    source = models.TextField("source citation")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    guidance = models.JSONField(default=list, blank=True, help_text="Headed blocks: [{heading, body}].")
    scoring_scheme = models.CharField(max_length=10, choices=Scheme.choices)
    scoring_parameters = models.JSONField(default=dict, blank=True)
    action_plan_fields = models.JSONField(default=list, blank=True)
    applies_to = models.JSONField(
        default=list, blank=True, validators=[validate_provider_types],
        help_text="The provider types (Organisation.ProviderType) this framework is for. Empty "
                  "(a version loaded before this was recorded) means it is offered to none "
                  "until the data file is loaded again.",
    )
    comparison = models.BooleanField(
        "results may be totalled and compared", default=True,
        help_text="False where the framework says its results are not for comparing providers "
                  "(IntegratED): no total, peer median or ranking is shown for it anywhere.",
    )
    cohort = models.JSONField(
        default=dict, blank=True,
        help_text="The targets of the cohort figures providers report each year (SI QAF "
                  "section 6), e.g. {\"employment_target\": 70, \"minimum_hours\": 16}; "
                  "empty when the framework asks for none.",
    )
    corrections = models.JSONField(
        default=list, blank=True, help_text="Typing slips fixed against the source, each recorded."
    )
    item_scale = models.ForeignKey(
        "RatingScale", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    judgement_scale = models.ForeignKey(
        "RatingScale", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    content_hash = models.CharField(max_length=64, help_text="sha256 of the loaded content.")
    source_file = models.CharField(max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkManager()

    class Meta:
        ordering = ["name", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="unique_framework_version"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self):
        return reverse("frameworks:detail", kwargs={"slug": self.slug, "version": self.version})

    def natural_key(self):
        return (self.slug, self.version)

    def applies_to_provider_type(self, provider_type: str) -> bool:
        """Whether this framework is for providers of this type: the one place that says so."""
        return bool(provider_type) and provider_type in self.applies_to

    @property
    def applies_to_labels(self) -> list[str]:
        """The provider types this framework is for, as people read them."""
        return provider_type_labels(self.applies_to)


class RatingScaleManager(models.Manager):
    def get_by_natural_key(self, slug, version, code):
        return self.get(framework__slug=slug, framework__version=version, code=code)


class RatingScale(models.Model):
    """A scale criteria or judgements are rated on, owned by one framework version."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    portal_default = models.BooleanField(
        default=False,
        help_text="The source defines no scale: this is the portal's own default, shown as such.",
    )

    objects = RatingScaleManager()

    class Meta:
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_scale_code"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.framework.natural_key(), self.code)

    natural_key.dependencies = ["frameworks.framework"]


class RatingLevel(models.Model):
    """One level of a scale, lowest first."""

    class Colour(models.TextChoices):
        NONE = "", "None"
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    points = models.IntegerField()
    colour = models.CharField(max_length=10, choices=Colour.choices, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="unique_level_code"),
            models.UniqueConstraint(fields=["scale", "order"], name="unique_level_order"),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (*self.scale.natural_key(), self.code)


class SectionGroup(models.Model):
    """An optional grouping of sections (the IntegratED categories)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_group_code"),
        ]

    def __str__(self):
        return self.title


class Section(models.Model):
    """A section of a framework: an SI QAF section, a visit-record aspect, an IntegratED benchmark."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    group = models.ForeignKey(
        SectionGroup, on_delete=models.CASCADE, related_name="sections", null=True, blank=True
    )
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    lead_statement = models.TextField(blank=True)
    description = models.TextField(blank=True)
    prompts = models.JSONField(default=list, blank=True, help_text="Prompts / Expected Practice.")
    evaluative_question = models.TextField(blank=True)
    concluding_prompt = models.TextField(blank=True)
    key_aspect = models.BooleanField(
        default=False, help_text="A Red judgement here is a cause for concern."
    )
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_section_code"),
            models.UniqueConstraint(fields=["framework", "order"], name="unique_section_order"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class Criterion(models.Model):
    """A rated item: an SI QAF criterion, a visit-record requirement, a benchmark or sub-benchmark."""

    class Phase(models.TextChoices):
        NONE = "", "Any time"
        BEFORE_VISIT = "before_visit", "Before the visit"
        AT_VISIT = "at_visit", "At the visit"

    # The framework is held here too so the database can keep codes unique per framework.
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    prompts = models.JSONField(default=list, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "criteria"
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_criterion_code"),
            models.UniqueConstraint(fields=["section", "order"], name="unique_criterion_order"),
            models.CheckConstraint(
                name="criterion_phase_known",
                condition=Q(phase__in=["", "before_visit", "at_visit"]),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title or self.text[:60]}"


class Crosswalk(models.Model):
    """Which sections of a self-assessment framework speak to which evaluative questions of a
    QA visit framework: framework data (``fixtures/crosswalks/*.yaml``), loaded and checked like
    the frameworks, so that a dashboard can set a provider's own ratings beside what the visit
    found without any mapping written in code. It goes with its frameworks: a framework that
    can be deleted (one no assessment uses) takes its crosswalks with it."""

    slug = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="crosswalks")
    visit_framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    content_hash = models.CharField(max_length=64)
    source_file = models.CharField(max_length=255, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slug", "version"],
                                               name="one_crosswalk_per_slug_and_version")]

    def __str__(self):
        return f"{self.name} (version {self.version})"


class CrosswalkLink(models.Model):
    """One section of the self-assessment framework and one visit question it speaks to."""

    crosswalk = models.ForeignKey(Crosswalk, on_delete=models.CASCADE, related_name="links")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["crosswalk", "section", "question"],
                                               name="one_link_per_section_and_question")]

    def __str__(self):
        return f"{self.section.title} → {self.question.title}"
