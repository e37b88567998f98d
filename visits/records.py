"""QA visit records as a type of record (``assessments.records``): registered by
``VisitsConfig.ready``."""
from assessments.records import RecordType
from frameworks.models import Framework

from .models import Visit


def _visits():
    from .selectors import visits

    return visits()


VISITS = RecordType(key="qa_visit", noun=Visit.noun, model=Visit, records=_visits,
                    framework_kinds=frozenset({Framework.Kind.QA_VISIT}))
