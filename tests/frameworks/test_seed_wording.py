"""The data files' wording is the published text, word for word, except recorded corrections.

Every criterion's text, title and prompts, every section's title, lead statement,
description, prompts, evaluative question and concluding prompt, each group's title and
description, each source-defined scale's and level's description, the framework
description and its guidance are compared with the seed text, one paragraph or list item
at a time. Whitespace and the seeds' conversion artefacts (bullets "·" / "-", "**",
"[bookmark: ...]", footnote markers) are normalised away; each recorded correction is
undone before comparing, so any other difference fails.
"""
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from frameworks.loader import FrameworkData, parse_framework

from .conftest import DATA_FILES, FRAMEWORK_DIR

# The published sources are not part of the repository: a fresh clone has none, and these
# tests skip there. CI names the directory, which makes the sources required.
SOURCES_ENV = "QAPORTAL_SOURCES_DIR"
SEED_DIR = Path(os.environ.get(SOURCES_ENV) or settings.BASE_DIR.parent / "shared" / "seeds")
SOURCES_REQUIRED = bool(os.environ.get(SOURCES_ENV))
SOURCES_MISSING = f"published sources not found at {SEED_DIR}; set {SOURCES_ENV}"
SEED_FOR = {
    "si-qaf": "si-quality-assurance-framework.txt",
    "leics-ap-visit": "leicestershire-ap-qa-visit-record.txt",
    "integrated-ap-benchmarks": "integrated-ap-quality-benchmark-toolkit.txt",
}
MARKERS = [
    re.compile(r"\[bookmark: [^\]]*\]"),
    re.compile(r"\[footnoteRef:\s*\d+\]"),
    re.compile(r"<sup>\d+</sup>"),  # a footnote reference in the Markdown-converted toolkit
]
LINE_START = re.compile(r"^[\s·•\-*#]+")
# Guidance blocks that write a source table one list item per row, as
# "<Who>: <What> Why? <Why>": each cell is compared on its own.
TABLE_ROWS = {("integrated-ap-benchmarks", "How could this toolkit be used?")}
TABLE_CELL_BREAK = re.compile(r": | Why\? ")


def normalise(text: str) -> str:
    for marker in MARKERS:
        text = marker.sub("", text)
    text = text.replace("**", "")
    lines = (LINE_START.sub("", line) for line in text.splitlines())
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def units(text: str) -> list[str]:
    """A field's paragraphs and list items, each compared on its own."""
    result, paragraph = [], []
    for line in text.splitlines():
        if re.match(r"^\s*- ", line) or not line.strip():
            if paragraph:
                result.append(" ".join(paragraph))
                paragraph = []
            if line.strip():
                result.append(line)
        elif re.match(r"^\s+\S", line) and not paragraph and result:
            result[-1] += " " + line.strip()  # a list item's continuation
        else:
            paragraph.append(line.strip())
    if paragraph:
        result.append(" ".join(paragraph))
    return result


@dataclass(frozen=True)
class Passage:
    where: str  # as a correction's "where" names it: "criterion 4.2", "section 5 prompts", ...
    text: str
    any_case: bool = False  # headings the source sets in capitals
    table_rows: bool = False


def passages(data: FrameworkData) -> list[Passage]:
    found = [Passage("description", data.description)]
    for block in data.guidance:
        where = f"guidance {block.heading}"
        found += [Passage(where, block.heading, any_case=True),
                  Passage(where, block.body,
                          table_rows=(data.slug, block.heading) in TABLE_ROWS)]
    for scale in data.scales:
        if not scale.portal_default:  # the portal's own words, not the source's
            found += [Passage(f"scale {scale.code}", scale.description)]
            found += [Passage(f"scale {scale.code}/{level.code}", level.description)
                      for level in scale.levels]
    for group in data.groups:
        found += [Passage(f"group {group.code}", group.title, any_case=True),
                  Passage(f"group {group.code}", group.description)]
    for section in data.sections:
        where = f"section {section.code}"
        found += [Passage(where, section.title, any_case=True)]
        found += [Passage(where, getattr(section, name)) for name in (
            "lead_statement", "description", "evaluative_question", "concluding_prompt")]
        found += [Passage(f"{where} prompts", prompt) for prompt in section.prompts]
        for criterion in section.criteria:
            where = f"criterion {criterion.code}"
            found += [Passage(where, criterion.text), Passage(where, criterion.title)]
            found += [Passage(where, prompt) for prompt in criterion.prompts]
    return [p for p in found if p.text]


def applies(correction_where: str, where: str) -> bool:
    return (correction_where == where or correction_where.startswith(where + " ")
            or where.startswith(correction_where + " "))


def first_difference(unit: str, seed: str) -> str:
    """Where ``unit`` stops matching the seed, for a message a person can act on."""
    low, high = 0, len(unit)
    while low < high:
        middle = (low + high + 1) // 2
        if unit[:middle] in seed:
            low = middle
        else:
            high = middle - 1
    return f"…{unit[max(0, low - 40):low]}⟦differs here⟧{unit[low:low + 40]}…"


def read_seed(slug: str) -> str:
    """The published text for a framework; skips the test where the sources are not at hand,
    unless they were named (as CI does), when their absence is a failure."""
    path = SEED_DIR / SEED_FOR[slug]
    if not path.exists():
        if SOURCES_REQUIRED:
            pytest.fail(f"{SOURCES_ENV} names {SEED_DIR}, which has no {SEED_FOR[slug]}")
        pytest.skip(SOURCES_MISSING)
    return path.read_text(encoding="utf-8")


# Every version of every framework shipped, each checked against its framework's seed.
SHIPPED = sorted(FRAMEWORK_DIR.glob("*.yaml"))


def parsed(path: Path) -> FrameworkData:
    return parse_framework(path.read_text(encoding="utf-8"), filename=path.name)


def test_every_shipped_data_file_has_a_seed_to_compare_with():
    assert {parsed(path).slug for path in SHIPPED} == set(SEED_FOR) == set(DATA_FILES)
    assert {path.name for path in DATA_FILES.values()} <= {path.name for path in SHIPPED}


@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_wording_is_the_published_text_apart_from_recorded_corrections(path):
    data = parsed(path)
    slug = data.slug
    seed = normalise(read_seed(slug))
    seed_any_case = seed.casefold()
    differences = []
    for passage in passages(data):
        for unit in units(passage.text):
            for correction in data.corrections:
                if applies(correction.where, passage.where):
                    unit = unit.replace(correction.corrected, correction.seed)
            cells = TABLE_CELL_BREAK.split(unit, maxsplit=2) if passage.table_rows else [unit]
            for cell in map(normalise, cells):
                found = (cell.casefold() in seed_any_case) if passage.any_case else (cell in seed)
                if not found:
                    differences.append(f"{passage.where}: {first_difference(cell, seed)}")
    assert not differences, (
        f"{path.name} differs from the seed {SEED_FOR[slug]}; fix the wording or "
        "record a correction:\n" + "\n".join(differences)
    )


@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_every_correction_quotes_the_source_and_is_applied(path):
    data = parsed(path)
    seed = normalise(read_seed(data.slug))
    content = normalise(path.read_text(encoding="utf-8").replace("\\n", "\n"))
    for correction in data.corrections:
        assert normalise(correction.seed) in seed, f"{correction.where}: not in the source"
        assert normalise(correction.corrected) in content, f"{correction.where}: not applied"


def test_normalising_removes_only_conversion_artefacts():
    assert normalise("[bookmark: Leadership]Stage 1, **Section** 1\n·  Framework / strategy ") == (
        "Stage 1, Section 1 Framework / strategy")
    assert normalise("aged 16-24[footnoteRef:2] with") == "aged 16-24 with"
    assert normalise("Meetings - regular or in addition") == "Meetings - regular or in addition"


def test_a_changed_word_is_caught():
    seed = normalise("· They are employed no less the 16 hours per week")
    assert normalise("They are employed no less than 16 hours per week") not in seed
