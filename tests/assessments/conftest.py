"""Helpers for self-assessment tests: rate one through the services."""
from assessments import services
from assessments.models import Response


def rate(assessment, by, levels_by_code: dict | None = None, default: str | None = None,
         evidence: str = "Minutes of the steering group, shared drive /QA/2025"):
    """Rate every criterion through the service: ``levels_by_code`` maps criterion code to
    level code, ``default`` applies to the rest (None leaves them unrated)."""
    scale = {lv.code: lv for lv in assessment.framework.item_scale.levels.all()}
    for response in Response.objects.filter(assessment=assessment).select_related("criterion"):
        code = (levels_by_code or {}).get(response.criterion.code, default)
        if code is None:
            continue
        services.response_record(response=response, by=by, expected_revision=response.revision,
                                 level=scale[code], evidence=evidence)


def si_ratings(evidenced_per_section):
    """Criterion code -> level code for an SI QAF with N evidenced per section."""
    ratings = {}
    for section, count in enumerate(evidenced_per_section, start=1):
        for n in range(1, 7):
            ratings[f"{section}.{n}"] = "evidenced" if n <= count else "not_evidenced"
    return ratings
