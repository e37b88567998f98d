"""Writing one parsed framework version to the database, in one transaction, never changing
what is already loaded."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import Criterion, Framework, RatingLevel, RatingScale, Section, SectionGroup
from .data import USE_FIELDS, FrameworkData
from .errors import CHANGED_VERSION, LOADED_MEANWHILE, ROW_INVALID, FrameworkFileError
from .fields import max_length_of


class LoadStatus(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    # The same content, but the file now says otherwise how it is used (``USE_FIELDS``: the
    # provider types, whether results may be compared, the cohort targets): only those change.
    UPDATED = "updated"


@dataclass(frozen=True)
class LoadResult:
    """What loading one file did (or, on a dry run, would do)."""

    filename: str
    status: LoadStatus
    dry_run: bool
    data: FrameworkData
    framework_id: int | None  # the Framework row; None on a dry run that would create one
    previous_applies_to: tuple[str, ...] = ()  # UPDATED: what the loaded version said before
    previous_use: dict = field(default_factory=dict)  # UPDATED: each use field that changed, as was

    @property
    def is_update(self) -> bool:
        return self.status == LoadStatus.UPDATED

    @property
    def counts(self) -> dict[str, int]:
        return {
            "groups": len(self.data.groups),
            "sections": len(self.data.sections),
            "criteria": self.data.criterion_count,
            "scales": len(self.data.scales),
        }

    def counts_text(self) -> str:
        """'3 groups, 13 sections, 20 criteria, 1 rating scale' (groups only when there are any)."""
        counts = self.counts
        parts = [f"{counts['groups']} groups"] if counts["groups"] else []
        parts += [
            f"{counts['sections']} section{'s' if counts['sections'] != 1 else ''}",
            f"{counts['criteria']} criteri{'a' if counts['criteria'] != 1 else 'on'}",
            f"{counts['scales']} rating scale{'s' if counts['scales'] != 1 else ''}",
        ]
        return ", ".join(parts)

    def summary(self) -> str:
        """One line for people: 'created si-qaf 1: 6 sections, 36 criteria, 1 rating scale'."""
        if self.status == LoadStatus.UNCHANGED:
            verb = "unchanged"
        elif self.status == LoadStatus.UPDATED:
            verb = "would update" if self.dry_run else "updated"
            changes = "; ".join(_use_text(name, getattr(self.data, name), before)
                                for name, before in self.previous_use.items())
            return f"{verb} {self.data.slug} {self.data.version}: {changes}"
        else:
            verb = "would create" if self.dry_run else "created"
        return f"{verb} {self.data.slug} {self.data.version}: {self.counts_text()}"


def write_framework(data: FrameworkData, *, source_file: str, dry_run: bool = False) -> LoadResult:
    """Create the rows of one framework version, in one transaction.

    The same (slug, version) with the same content hash is a no-op; with a different hash it
    is refused. Existing rows are never changed or deleted, with one exception: when the
    content is the same but the file says otherwise in a ``USE_FIELDS`` field (the provider
    types offered it, whether its results may be totalled and compared, its cohort targets),
    the loaded version's field is set to match: it decides how the portal uses results, never
    what an existing assessment says. A dry run writes and rolls back, so it checks
    everything a real load would.
    """
    digest = data.content_hash()
    existing = Framework.objects.filter(slug=data.slug, version=data.version).first()
    if existing is not None:
        return _existing_result(existing, data, digest, source_file, dry_run)
    try:
        with transaction.atomic():
            framework = _create_rows(data, digest, source_file)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        if Framework.objects.filter(slug=data.slug, version=data.version).exists():
            raise FrameworkFileError(
                [f"{source_file}: " + LOADED_MEANWHILE.format(slug=data.slug, version=data.version)]
            ) from None
        raise
    return LoadResult(filename=source_file, status=LoadStatus.CREATED, dry_run=dry_run, data=data,
                      framework_id=None if dry_run else framework.pk)


def _existing_result(existing, data, digest, source_file, dry_run) -> LoadResult:
    if existing.content_hash != digest:
        raise FrameworkFileError([f"{source_file}: " + CHANGED_VERSION.format(
            slug=data.slug, version=data.version, next_version=_next_version(data.version))])
    changed = {name: _stored(name, getattr(existing, name)) for name in USE_FIELDS
               if _stored(name, getattr(existing, name)) != getattr(data, name)}
    if not changed:
        return LoadResult(filename=source_file, status=LoadStatus.UNCHANGED, dry_run=dry_run,
                          data=data, framework_id=existing.pk)
    if not dry_run:
        with transaction.atomic():
            row = Framework.objects.select_for_update().get(pk=existing.pk)
            for name in changed:
                setattr(row, name, _for_row(getattr(data, name)))
            _save(row, "framework", source_file)
    return LoadResult(filename=source_file, status=LoadStatus.UPDATED, dry_run=dry_run,
                      data=data, framework_id=existing.pk,
                      previous_applies_to=tuple(existing.applies_to), previous_use=changed)


def _stored(name: str, value):
    """A use field as the parsed file holds it (lists as tuples), to compare with the file."""
    return tuple(value) if name == "applies_to" else value


def _for_row(value):
    return list(value) if isinstance(value, tuple) else value


def _use_text(name: str, now, before) -> str:
    """One changed use field for people: "applies to a, b (was: none)"."""
    if name == "applies_to":
        return f"applies to {', '.join(now)} (was: {', '.join(before) or 'none'})"
    if name == "comparison":
        return (f"results may be totalled and compared: {'yes' if now else 'no'} "
                f"(was: {'yes' if before else 'no'})")
    shown = ", ".join(f"{key} {value}" for key, value in now.items()) or "none"
    was = ", ".join(f"{key} {value}" for key, value in before.items()) or "none"
    return f"{name} {shown} (was: {was})"


def _next_version(version: str) -> str:
    return str(int(version) + 1) if version.isdigit() else f"{version}.1"


def _save(row, where: str, source_file: str, exclude=()) -> None:
    # The parser has already checked codes are unique and references resolve, and the
    # database enforces both, so full_clean() checks fields only (no query per row).
    try:
        row.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise FrameworkFileError([
            f"{source_file}: " + ROW_INVALID.format(where=where, field=field, message=message)
            for field, messages in exc.message_dict.items() for message in messages
        ]) from None
    row.save()


def _create_rows(data: FrameworkData, digest: str, source_file: str) -> Framework:
    framework = Framework(
        slug=data.slug, version=data.version, name=data.name, publisher=data.publisher,
        source=data.source, kind=data.kind, applies_to=list(data.applies_to),
        comparison=data.comparison, cohort=data.cohort,
        description=data.description,
        guidance=[dataclasses.asdict(block) for block in data.guidance],
        scoring_scheme=data.scoring_scheme, scoring_parameters=data.scoring_parameters,
        action_plan_fields=list(data.action_plan_fields),
        corrections=[dataclasses.asdict(c) for c in data.corrections],
        content_hash=digest, source_file=source_file[:max_length_of(Framework, "source_file")],
    )
    _save(framework, "framework", source_file)

    scales = {}
    for scale in data.scales:
        row = RatingScale(framework=framework, code=scale.code, name=scale.name,
                          description=scale.description, portal_default=scale.portal_default)
        _save(row, f"scale {scale.code}", source_file, exclude=["framework"])
        scales[scale.code] = row
        for order, level in enumerate(scale.levels, start=1):
            _save(RatingLevel(scale=row, code=level.code, label=level.label,
                              description=level.description, points=level.points,
                              colour=level.colour, order=order),
                  f"scale {scale.code}: level {level.code}", source_file, exclude=["scale"])
    # The framework row was created above in this transaction; pointing it at its own
    # scales completes it (scales need the framework first).
    framework.item_scale = scales[data.item_scale]
    framework.judgement_scale = scales.get(data.judgement_scale)
    framework.save(update_fields=["item_scale", "judgement_scale"])

    groups = {}
    for order, group in enumerate(data.groups, start=1):
        row = SectionGroup(framework=framework, code=group.code, title=group.title,
                           description=group.description, order=order)
        _save(row, f"group {group.code}", source_file, exclude=["framework"])
        groups[group.code] = row

    for order, section in enumerate(data.sections, start=1):
        section_row = Section(
            framework=framework, group=groups.get(section.group), code=section.code,
            title=section.title, lead_statement=section.lead_statement,
            description=section.description, prompts=list(section.prompts),
            evaluative_question=section.evaluative_question,
            concluding_prompt=section.concluding_prompt, key_aspect=section.key_aspect, order=order,
        )
        _save(section_row, f"section {section.code}", source_file, exclude=["framework", "group"])
        for c_order, criterion in enumerate(section.criteria, start=1):
            _save(Criterion(framework=framework, section=section_row, code=criterion.code,
                            title=criterion.title, text=criterion.text,
                            prompts=list(criterion.prompts), phase=criterion.phase, order=c_order),
                  f"section {section.code}: criterion {criterion.code}", source_file,
                  exclude=["framework", "section"])
    return framework
