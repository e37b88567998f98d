"""The parsed content of a framework data file: plain frozen values, no ORM."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

# How the portal uses a framework, not its content: left out of the content hash, and set again
# on a loaded version when its file says otherwise (``writing.write_framework``).
USE_FIELDS = ("applies_to", "comparison", "cohort")


@dataclass(frozen=True)
class GuidanceData:
    heading: str
    body: str


@dataclass(frozen=True)
class CorrectionData:
    where: str
    seed: str
    corrected: str
    reason: str


@dataclass(frozen=True)
class LevelData:
    code: str
    label: str
    description: str
    points: int
    colour: str


@dataclass(frozen=True)
class ScaleData:
    code: str
    name: str
    description: str
    portal_default: bool
    levels: tuple[LevelData, ...]


@dataclass(frozen=True)
class GroupData:
    code: str
    title: str
    description: str


@dataclass(frozen=True)
class CriterionData:
    code: str
    title: str
    text: str
    prompts: tuple[str, ...]
    phase: str


@dataclass(frozen=True)
class SectionData:
    code: str
    title: str
    group: str
    lead_statement: str
    description: str
    prompts: tuple[str, ...]
    evaluative_question: str
    concluding_prompt: str
    key_aspect: bool
    criteria: tuple[CriterionData, ...]

    @property
    def criterion_count(self) -> int:
        return len(self.criteria)


@dataclass(frozen=True)
class FrameworkData:
    slug: str
    version: str
    name: str
    publisher: str
    source: str
    kind: str
    applies_to: tuple[str, ...]  # provider types; not part of the content (see content_hash)
    comparison: bool  # whether results may be totalled and compared: how they are used (ditto)
    cohort: dict[str, int]  # the cohort figures' targets, e.g. {"employment_target": 70} (ditto)
    description: str
    guidance: tuple[GuidanceData, ...]
    item_scale: str
    judgement_scale: str
    scoring_scheme: str
    scoring_parameters: dict[str, Any]
    action_plan_fields: tuple[str, ...]
    corrections: tuple[CorrectionData, ...]
    scales: tuple[ScaleData, ...]
    groups: tuple[GroupData, ...]
    sections: tuple[SectionData, ...]

    @property
    def criterion_count(self) -> int:
        return sum(len(section.criteria) for section in self.sections)

    def content_hash(self) -> str:
        """sha256 of a canonical JSON of the content: comments and layout do not count.

        The ``USE_FIELDS`` do not count either: who a framework is offered to, whether its
        results may be totalled and compared, and the cohort targets it sets say how the
        portal uses a framework, not what it says; versions loaded before a field existed keep
        the hash they were loaded with, so loading their file again can record it (see
        ``write_framework``), and the rule then holds for every result already made on it."""
        content = dataclasses.asdict(self)
        for name in USE_FIELDS:
            del content[name]
        canonical = json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
