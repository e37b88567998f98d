"""QA visit records as a type of record (``assessments.records``): how a visit names itself and
where every visit comes from. Registered by ``VisitsConfig.ready``."""
from django.utils.formats import date_format

from assessments.records import RecordType
from frameworks.models import Framework


def _visits():
    from .selectors import visits

    return visits()


def _describe(visit) -> str:
    """ "QA visit of 18 June 2026" (the day it took place, else the planned day), or
    "QA visit, 2025/26" before a day is set."""
    day = visit.visit_date
    return f"QA visit of {date_format(day, 'j F Y')}" if day else f"QA visit, {visit.period}"


VISITS = RecordType(key="qa_visit", noun="QA visit", records=_visits, describe=_describe,
                    framework_kinds=frozenset({Framework.Kind.QA_VISIT}))
