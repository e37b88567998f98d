"""The outcomes vocabulary as data: reading and loading ``fixtures/outcomes/*.yaml`` (by
``load_frameworks``, after the frameworks), and the current scheme as plain values.

A file names its Preparing for Adulthood areas, its goal ratings (worst first, each with a
score for distance travelled), and its soft-outcome dimensions (each with its import column)
and their scale (worst first, its middle term meaning no change since the last review), and
from version 2 the steps of progress towards a medium-term outcome (least first, scored).
Codes are what outcome rows store; labels are what people read, and either
is accepted on import. A loaded version never changes: the same content again is
"unchanged", different content under a loaded version is refused.
"""
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from frameworks.loader import FrameworkFileError

from .models import OutcomeScheme

CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")
NO_SCHEME = ("No outcomes scheme is loaded: run `python manage.py load_frameworks`, which "
             "loads fixtures/outcomes/ after the frameworks.")


def directory() -> Path:
    return settings.BASE_DIR / "fixtures" / "outcomes"


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    score: int = 0  # ratings: their order for distance travelled
    column: str = ""  # soft-outcome dimensions: their column in an import file


@dataclass(frozen=True)
class Scheme:
    """One loaded version of the vocabulary, as plain values."""

    pk: int
    slug: str
    version: str
    name: str
    areas: tuple[Term, ...]
    ratings: tuple[Term, ...]
    soft_dimensions: tuple[Term, ...]
    soft_scale: tuple[Term, ...]
    # Progress towards a medium-term outcome, least first (none before version 2).
    steps: tuple[Term, ...] = ()

    def step_label(self, code: str) -> str:
        return next((t.label for t in self.steps if t.code == code), code)

    def step_score(self, code: str) -> int | None:
        return next((t.score for t in self.steps if t.code == code), None)

    def area_label(self, code: str) -> str:
        return next((t.label for t in self.areas if t.code == code), code)

    def rating_label(self, code: str) -> str:
        return next((t.label for t in self.ratings if t.code == code), code)

    def scale_label(self, code: str) -> str:
        return next((t.label for t in self.soft_scale if t.code == code), code)

    def soft_labelled(self, soft: dict) -> list[tuple[str, str]]:
        """A goal's soft outcomes as (dimension, rating) labels, in the goal's order."""
        dimensions = {t.code: t.label for t in self.soft_dimensions}
        return [(dimensions.get(code, code), self.scale_label(value))
                for code, value in (soft or {}).items()]

    def soft_offset(self, code: str) -> int | None:
        """How far a soft-outcome rating is from the scale's middle term (no change): below
        it worse, above it better; None for a code not on the scale."""
        codes = [t.code for t in self.soft_scale]
        return codes.index(code) - len(codes) // 2 if code in codes else None

    def soft_offsets(self, soft: dict) -> tuple[tuple[str, int], ...]:
        """A goal's soft outcomes as (dimension, offset from the middle), in the scheme's
        order of dimensions, leaving out any dimension or code the scheme does not hold."""
        out = []
        for dimension in self.soft_dimensions:
            offset = self.soft_offset((soft or {}).get(dimension.code))
            if offset is not None:
                out.append((dimension.code, offset))
        return tuple(out)

    def rating_score(self, code: str) -> int:
        return next(t.score for t in self.ratings if t.code == code)

    @property
    def best_rating(self) -> Term:
        return max(self.ratings, key=lambda t: t.score)


def _terms(content: dict, key: str, errors: list, filename: str, *, scored=False,
           columns=False) -> tuple[Term, ...]:
    raw = content.get(key)
    if not isinstance(raw, list) or not raw:
        errors.append(f"{filename}: '{key}' must be a list of entries with code and label.")
        return ()
    terms, seen = [], set()
    for n, entry in enumerate(raw, start=1):
        where = f"{filename}: {key} entry {n}"
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("label"):
            errors.append(f"{where} needs a code and a label.")
            continue
        code, label = str(entry["code"]), str(entry["label"])
        if not set(code) <= CODE_CHARS:
            errors.append(f"{where}: code '{code}' may use only lowercase letters, digits and _.")
        if code in seen:
            errors.append(f"{where}: code '{code}' is used twice.")
        seen.add(code)
        score = entry.get("score", 0)
        if scored and not isinstance(score, int):
            errors.append(f"{where}: score must be a whole number.")
            score = 0
        column = str(entry.get("column", "")) if columns else ""
        if columns and not column:
            errors.append(f"{where} needs the column it is imported from.")
        terms.append(Term(code=code, label=label, score=score if scored else 0, column=column))
    return tuple(terms)


def parse(text: str, filename: str) -> tuple[dict, Scheme]:
    """The file's content and the scheme it describes; ``FrameworkFileError`` lists every
    problem."""
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkFileError([f"{filename}: not valid YAML ({exc})."]) from None
    if not isinstance(content, dict):
        raise FrameworkFileError([f"{filename}: expected a mapping at the top level."])
    errors = []
    for key in ("slug", "version", "name", "source"):
        if not isinstance(content.get(key), str) or not content[key].strip():
            errors.append(f"{filename}: '{key}' is required (text).")
    soft = content.get("soft_outcomes") or {}
    medium = content.get("medium_term") or {}
    scheme = Scheme(
        pk=0, slug=str(content.get("slug", "")), version=str(content.get("version", "")),
        name=str(content.get("name", "")),
        areas=_terms(content, "pfa_areas", errors, filename),
        ratings=_terms(content, "ratings", errors, filename, scored=True),
        soft_dimensions=_terms(soft, "dimensions", errors, filename, columns=True)
        if soft else (),
        soft_scale=_terms(soft, "scale", errors, filename) if soft else (),
        steps=_terms(medium, "steps", errors, filename, scored=True) if medium else (),
    )
    if scheme.soft_scale and len(scheme.soft_scale) % 2 == 0:
        errors.append(f"{filename}: the soft-outcome scale needs an odd number of terms, "
                      "worst first, so that its middle one means no change.")
    if len({t.score for t in scheme.steps}) != len(scheme.steps):
        errors.append(f"{filename}: each medium-term step needs a different score.")
    if len({t.score for t in scheme.ratings}) != len(scheme.ratings):
        errors.append(f"{filename}: each rating needs a different score.")
    if errors:
        raise FrameworkFileError(errors)
    return content, scheme


def _sha(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def scheme_load(path: Path, *, dry_run: bool = False) -> str:
    """Load one scheme file; what it did, in words (like a framework file)."""
    filename = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError):
        raise FrameworkFileError([f"{filename}: cannot be read as UTF-8 text."]) from None
    content, scheme = parse(text, filename)
    sha = _sha(content)
    said = (f"{scheme.slug} {scheme.version}: {len(scheme.areas)} Preparing for Adulthood "
            f"areas, {len(scheme.ratings)} ratings, {len(scheme.soft_dimensions)} soft outcomes"
            + (f", {len(scheme.steps)} medium-term steps" if scheme.steps else ""))
    with transaction.atomic():
        existing = OutcomeScheme.objects.filter(slug=scheme.slug, version=scheme.version).first()
        if existing is not None:
            if existing.sha256 == sha:
                return f"unchanged {scheme.slug} {scheme.version}"
            raise FrameworkFileError([
                f"{filename}: {scheme.slug} version {scheme.version} is already loaded with "
                "different content. A changed vocabulary is a new version, in a new file."])
        if dry_run:
            return f"would create {said}"
        OutcomeScheme.objects.create(slug=scheme.slug, version=scheme.version, name=scheme.name,
                                     source=content["source"].strip(), content=content, sha256=sha)
    return f"created {said}"


def _from_row(row: OutcomeScheme) -> Scheme:
    _, scheme = parse(json.dumps(row.content), f"{row.slug}-{row.version}")
    return Scheme(pk=row.pk, slug=scheme.slug, version=scheme.version, name=scheme.name,
                  areas=scheme.areas, ratings=scheme.ratings,
                  soft_dimensions=scheme.soft_dimensions, soft_scale=scheme.soft_scale,
                  steps=scheme.steps)


_PARSED: dict[tuple[int, str], Scheme] = {}


def current_scheme() -> Scheme | None:
    """The last loaded scheme (one query; parsed once per process and version)."""
    row = OutcomeScheme.objects.order_by("-loaded_at", "-pk").first()
    if row is None:
        return None
    key = (row.pk, row.sha256)
    if key not in _PARSED:
        _PARSED[key] = _from_row(row)
    return _PARSED[key]


def scheme_by_pk(pk: int) -> Scheme:
    row = OutcomeScheme.objects.get(pk=pk)
    key = (row.pk, row.sha256)
    if key not in _PARSED:
        _PARSED[key] = _from_row(row)
    return _PARSED[key]
