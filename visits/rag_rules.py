"""Rules of the QA visit record over plain values, no ORM: when a concluding judgement needs a
written justification, and when a Red judgement is a cause for concern.

- Justification: a section's concluding judgement that is better than Red (Amber or Green)
  while any requirement in the section is rated Red needs a written justification. A Red
  judgement, or a section with no Red requirement, needs none. Unrated requirements count
  for nothing.
- Cause for concern: a Red concluding judgement in a key section. A section is key when the
  framework marks it a key aspect (``key_aspect``), when the framework's scoring parameters
  list its code in ``key_sections``, or when the partnership chose it as key for this visit.
  The first of these that applies is the basis recorded on the concern.
"""
from assessments.scoring import RAG_ORDER, Level, worst

JUSTIFICATION_REQUIRED = (
    "Explain why the judgement is {judgement} when {requirements} in this section "
    "{verb} rated Red."
)

KEY_ASPECT = "key_aspect"
KEY_SECTION = "key_section"
CHOSEN_FOR_VISIT = "chosen_for_visit"


def red_requirements(ratings) -> list[str]:
    """The codes of the requirements rated Red, from (code, Level or None) pairs."""
    return [code for code, level in ratings if level is not None and level.colour == "red"]


def better_than(judgement: Level | None, rating: Level | None) -> bool:
    """Whether a RAG judgement is better (greener) than a rating. Unrated is never better."""
    if judgement is None or rating is None:
        return False
    if judgement.colour not in RAG_ORDER or rating.colour not in RAG_ORDER:
        return False
    return RAG_ORDER[judgement.colour] > RAG_ORDER[rating.colour]


def justification_required(judgement: Level | None, ratings) -> bool:
    """Whether the judgement is better than the worst (Red) requirement rating in its
    section. ``ratings`` are (code, Level or None) pairs."""
    lowest = worst(level for _, level in ratings)
    return bool(red_requirements(ratings)) and better_than(judgement, lowest)


def justification_error(judgement: Level | None, ratings, justification: str) -> str | None:
    """The message to show beside the justification field, or None when it is acceptable."""
    if not justification_required(judgement, ratings) or justification.strip():
        return None
    reds = red_requirements(ratings)
    listed = reds[0] if len(reds) == 1 else ", ".join(reds[:-1]) + " and " + reds[-1]
    return JUSTIFICATION_REQUIRED.format(
        judgement=judgement.label, requirements=listed, verb="is" if len(reds) == 1 else "are",
    )


def key_basis(*, section_code: str, key_aspect: bool, key_sections,
              chosen_for_visit=()) -> str | None:
    """Why a section is key (one of the basis codes), or None when it is not. The framework's
    key aspect wins over its ``key_sections`` list, which wins over the partnership's choice
    for this visit. Codes compare as text, so numbers in the YAML still match."""
    if key_aspect:
        return KEY_ASPECT
    if section_code in {str(code) for code in (key_sections or ())}:
        return KEY_SECTION
    if section_code in {str(code) for code in (chosen_for_visit or ())}:
        return CHOSEN_FOR_VISIT
    return None


def is_key(*, section_code: str, key_aspect: bool, key_sections, chosen_for_visit=()) -> bool:
    """Whether a section is key for a visit: the one place this rule is decided."""
    return key_basis(section_code=section_code, key_aspect=key_aspect,
                     key_sections=key_sections, chosen_for_visit=chosen_for_visit) is not None


def is_key_section(*, section_code: str, key_aspect: bool, key_sections) -> bool:
    """Whether the framework itself makes a section key (so the partnership need not choose it)."""
    return is_key(section_code=section_code, key_aspect=key_aspect, key_sections=key_sections)


def raises_concern(*, judgement_colour: str | None, key: bool) -> bool:
    """Whether a concluding judgement is a cause for concern: only Red in a key section is."""
    return key and judgement_colour == "red"
