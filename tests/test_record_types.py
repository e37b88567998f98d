"""Outside the two domains that own them (``assessments/`` and ``visits/``), nothing branches on
the kind of record: code takes each type's records from its domain's selectors
(``assessments.selectors.self_assessments()``, ``visits.selectors.visits()``) and keys what it
does per type by ``assessments.records.record_type(record)``. Checked by reading the source."""
import datetime
import re
from pathlib import Path

import pytest

from assessments.models import Assessment
from assessments.records import SELF_ASSESSMENTS, framework_record_type, record_type, record_types
from frameworks.models import Framework
from visits.models import Visit
from visits.records import VISITS

ROOT = Path(__file__).resolve().parent.parent

# The domains that own the kind of record (their templates too), and what is not source.
OWNERS = ("assessments", "visits", "templates/assessments", "templates/visits")
# frameworks/ defines Framework.Kind: which frameworks are written for visits is the framework
# app's own data (its loader checks a crosswalk's visit framework by it). It holds no record.
NOT_CHECKED = OWNERS + ("frameworks", "tests", ".venv", "node_modules", "static", "frontend")

# What branching on the kind of record (or of its framework) looks like. Other kinds
# (Organisation.Kind, VisitTeamMember.Kind, Notification.Kind, a file's kind) do not match.
PATTERNS = {
    "is_visit": re.compile(r"\bis_visit\b"),
    "a lookup through to the record's or framework's kind":
        re.compile(r"\b(framework|assessment|source_assessment|visit)__kind\b"),
    "a member of Framework.Kind": re.compile(r"\bKind\.(QA_VISIT|SELF_ASSESSMENT|BENCHMARK_REVIEW)\b"),
    "a framework kind's value": re.compile(r"""["'](qa_visit|self_assessment|benchmark_review)["']"""),
    "a record's or framework's kind": re.compile(
        r"\b(assessment|visit|source_assessment|source|record|framework|obj)s?\.kind\b"),
}

# Lines that may still match, each with why. Keep this short: each entry is work left.
ALLOWED = {
    # The scale seeder writes self-assessment rows directly, ``kind`` column and all (a write,
    # not a branch: the column tells a self-assessment from a benchmark review). Visits are
    # ``Visit`` rows, which have no such column.
    ("demo/scale_content.py", "kind=fw.framework.kind"),
}


def _sources():
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT).as_posix()
        if path.suffix not in (".py", ".html") or "/migrations/" in f"/{relative}":
            continue
        if any(relative == d or relative.startswith(f"{d}/") for d in NOT_CHECKED):
            continue
        yield relative, path


def kind_branches() -> list[str]:
    """Each line outside the owning domains that branches on the kind of record."""
    found = []
    for relative, path in _sources():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if any(relative == file and snippet in line for file, snippet in ALLOWED):
                continue
            for what, pattern in PATTERNS.items():
                if pattern.search(line):
                    found.append(f"{relative}:{number}: {what}: {line.strip()}")
    return found


def test_nothing_outside_assessments_and_visits_branches_on_the_kind_of_record():
    assert kind_branches() == []


def test_every_allowed_line_still_exists():
    """An exception whose line has gone is removed, so the list shows only work left."""
    stale = [(file, snippet) for file, snippet in ALLOWED
             if snippet not in (ROOT / file).read_text()]
    assert stale == []


@pytest.mark.parametrize("line", [
    "if assessment.is_visit:",
    "{% if action.source_assessment.is_visit %}QA visit{% endif %}",
    ".exclude(framework__kind=Framework.Kind.QA_VISIT)",
    "Assessment.objects.filter(kind=Kind.SELF_ASSESSMENT)",
    'renderers = {"qa_visit": render_visit}',
    "renderer_for(assessment.kind)",
    "if f.framework.kind == QA:",
])
def test_the_check_sees_each_form_of_branching_on_the_kind(line):
    assert any(pattern.search(line) for pattern in PATTERNS.values())


@pytest.mark.parametrize("line", [
    "if org.kind == Organisation.Kind.LOCAL_AUTHORITY:",
    "Organisation.objects.filter(provider__kind=Organisation.Kind.PROVIDER)",
    'defaults={"kind": message.kind, "subject": subject}',
    "VisitTeamMember(kind=VisitTeamMember.Kind.OFFICER)",
    'return _csv_sheet(content) if kind == "csv" else _xlsx_sheet(content)',
    "Report.SELF_ASSESSMENTS in export.reports",
])
def test_the_check_leaves_other_kinds_alone(line):
    assert not any(pattern.search(line) for pattern in PATTERNS.values())


# The interface the check sends everyone to --------------------------------------------------


def test_each_framework_kind_makes_one_type_of_record():
    assert record_types() == (SELF_ASSESSMENTS, VISITS)
    types = {kind: framework_record_type(Framework(kind=kind)) for kind in Framework.Kind.values}
    assert types == {"self_assessment": SELF_ASSESSMENTS, "benchmark_review": SELF_ASSESSMENTS,
                     "qa_visit": VISITS}


def test_a_record_names_itself_by_its_type():
    framework = Framework(kind=Framework.Kind.QA_VISIT, name="Leics AP visit")
    visit = Visit(framework=framework, period="2025/26")
    assert record_type(visit) is VISITS
    assert (visit.noun, visit.description) == ("QA visit", "QA visit, 2025/26")
    visit.planned_visit_date = datetime.date(2026, 6, 18)
    assert visit.description == "QA visit of 18 June 2026"
    framework = Framework(kind=Framework.Kind.SELF_ASSESSMENT, name="SI QAF")
    assessment = Assessment(framework=framework, kind=framework.kind, period="2025/26")
    assert record_type(assessment) is SELF_ASSESSMENTS
    assert (assessment.noun, assessment.description) == ("self-assessment", "SI QAF 2025/26")
