"""What the outcomes figures were worked out from, in one short query, so that figures kept
for a reader (``dashboards.outcomes.figures_for``) are served only while nothing they read has
changed.

The newest history row of each table the figures read names the state of its rows
(``core.versions``: imports, hand edits, accepted progress, sharing, commissioning, an
organisation's name; a deletion too). Deleting a learner's rows deletes their history too
(``outcomes.retention``), which could take the newest history row back to an earlier one: so
each such deletion leaves a ``DataRemoval`` record, whose largest id is part of the version as
well.
"""
from django.db import connection

from core import versions
from organisations.models import Commissioning, Organisation

from .medium_term_models import MediumTermOutcome, MediumTermProgress
from .models import GoalOutcome, Learner, LearnerSharing
from .retention_models import DataRemoval

# The tables the outcomes dashboard's figures read: the rows counted, whose rows each reader
# counts (sharing, commissioning), and the providers' names and profile links.
COUNTED = (GoalOutcome, Learner, MediumTermOutcome, MediumTermProgress, LearnerSharing,
           Organisation, Commissioning)


def figures_version() -> tuple[str, ...]:
    """The newest history row's id and date in each of ``COUNTED``, and the newest removal
    record's id (one query)."""
    removals = connection.ops.quote_name(DataRemoval._meta.db_table)
    return versions.read(versions.history_parts(COUNTED)
                         + [f"(SELECT MAX(id) FROM {removals})"])
