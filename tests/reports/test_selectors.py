"""Report data is read in a fixed number of queries, whatever the framework's size."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment
from reports.selectors import assessment_report


def _queries(pk) -> int:
    assessment = Assessment.objects.select_related("framework", "provider").get(pk=pk)
    with CaptureQueriesContext(connection) as captured:
        report = assessment_report(assessment)
        for row in report.sections:  # what the template touches
            for response in row.responses:
                list(response.files.all())
                _ = response.level, response.criterion, response.updated_by
        for action in report.actions:
            _ = action.section
    return len(captured)


def test_report_data_takes_the_same_few_queries_for_any_assessment(demo):
    si, review = _queries(demo.si.pk), _queries(demo.review.pk)
    # The cohort figures are read only for a framework that asks for them (the SI QAF).
    assert review == si - 1
    # six for the report, one for the reviews of it (there may be none), three for what the
    # provider says beside its ratings (cohort figures, narrative, SAR and QIP)
    assert si <= 10
