"""Reads for the framework browser: the library by framework, and one version's whole tree.

Both read a fixed number of queries, however many sections and criteria a framework has.
"""
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from .models import Criterion, Framework, RatingLevel, RatingScale, Section, SectionGroup

# What a framework calls the things it rates, by kind: (singular, plural).
ITEM_NOUNS = {
    Framework.Kind.SELF_ASSESSMENT: ("criterion", "criteria"),
    Framework.Kind.QA_VISIT: ("requirement", "requirements"),
    Framework.Kind.BENCHMARK_REVIEW: ("benchmark", "benchmarks"),
}


def count_per_framework(model) -> Coalesce:
    """An annotation: how many rows of ``model`` belong to each framework (0 if none)."""
    rows = (
        model.objects.filter(framework=OuterRef("pk")).order_by().values("framework")
        .annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _newest_first(queryset):
    # The same order as Framework.objects.current(): the last loaded version is current.
    return queryset.order_by("-loaded_at", "-pk")


@dataclass(frozen=True)
class FrameworkFamily:
    """Every loaded version of one framework (one slug), newest first."""

    slug: str
    versions: list[Framework]

    @property
    def current(self) -> Framework:
        return self.versions[0]


def framework_library() -> list[FrameworkFamily]:
    """Every framework, by name, each with all its versions (``is_current`` on the newest) and
    their section, criterion and group counts. One query."""
    rows = _newest_first(
        Framework.objects.annotate(
            section_count=count_per_framework(Section),
            criterion_count=count_per_framework(Criterion),
            group_count=count_per_framework(SectionGroup),
        )
    )
    families: dict[str, list[Framework]] = {}
    for framework in rows:
        versions = families.setdefault(framework.slug, [])
        framework.is_current = not versions
        versions.append(framework)
    return sorted(
        (FrameworkFamily(slug, versions) for slug, versions in families.items()),
        key=lambda family: (family.current.name.lower(), family.slug),
    )


@dataclass(frozen=True)
class SectionBlock:
    """Sections under one group, or (``group`` None) sections without a group."""

    group: SectionGroup | None
    sections: list[Section]


@dataclass(frozen=True)
class FrameworkPage:
    """One framework version as the browser shows it."""

    framework: Framework
    versions: list[Framework]
    scales: list[RatingScale]
    blocks: list[SectionBlock]
    has_groups: bool
    has_phases: bool
    key_sections: list[Section]
    improvement_levels: list[RatingLevel]
    item_noun: str
    item_noun_plural: str

    @property
    def current(self) -> Framework:
        return self.versions[0]

    @property
    def is_current(self) -> bool:
        return self.current.pk == self.framework.pk


def framework_page(*, slug: str, version: str) -> FrameworkPage:
    """The whole tree of one framework version, in seven queries.

    Raises ``Framework.DoesNotExist`` for an unknown slug or version.
    """
    framework = Framework.objects.select_related("item_scale", "judgement_scale").get(
        slug=slug, version=version
    )
    levels = Prefetch("levels", queryset=RatingLevel.objects.order_by("order"))
    criteria = Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
    scales = list(framework.scales.order_by("code").prefetch_related(levels))
    groups = list(framework.groups.order_by("order"))
    sections = list(framework.sections.order_by("order").prefetch_related(criteria))
    versions = list(_newest_first(Framework.objects.filter(slug=slug)).only(
        "slug", "version", "name", "loaded_at"))

    for scale in scales:
        scale.roles = [role for role, used in (
            ("criteria", scale.pk == framework.item_scale_id),
            ("judgements", scale.pk == framework.judgement_scale_id),
        ) if used]
    has_phases = False
    for section in sections:
        for criterion in section.criteria.all():
            # A title that only repeats the start of the text is not shown twice.
            criterion.show_title = bool(criterion.title) and not criterion.text.startswith(
                criterion.title)
            has_phases = has_phases or bool(criterion.phase)

    blocks = [
        SectionBlock(group, [s for s in sections if s.group_id == group.pk]) for group in groups
    ]
    ungrouped = [s for s in sections if s.group_id is None]
    if ungrouped or not blocks:
        blocks.append(SectionBlock(None, ungrouped))

    parameters = framework.scoring_parameters or {}
    key_codes = set(parameters.get("key_sections", []))
    key_sections = [s for s in sections if s.key_aspect or s.code in key_codes]
    for section in sections:
        section.is_key = section in key_sections
    improvement_levels = []
    if framework.scoring_scheme == Framework.Scheme.LEVELS and framework.item_scale_id:
        item_levels = next(s for s in scales if s.pk == framework.item_scale_id).levels.all()
        improvement_levels = list(item_levels)[: parameters.get("improvement_levels", 0)]

    singular, plural = ITEM_NOUNS.get(framework.kind, ("criterion", "criteria"))
    return FrameworkPage(
        framework=framework, versions=versions, scales=scales, blocks=blocks,
        has_groups=bool(groups), has_phases=has_phases, key_sections=key_sections,
        improvement_levels=improvement_levels, item_noun=singular, item_noun_plural=plural,
    )
