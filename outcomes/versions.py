"""What the outcomes figures were worked out from, in one short query, so that figures kept
for a reader (``dashboards.outcomes.figures_for``) are served only while nothing they read has
changed.

Every write to the tables the figures read leaves a history row (the house rule: imports,
hand edits, accepted progress, sharing, commissioning, an organisation's name; a deletion
too). So the newest history row of each table names the state of its rows: the largest
``history_id`` and the latest ``history_date`` (both indexed: each a lookup, whatever the
number of rows). Any write changes one of them, and so the version. Deleting a learner's
rows deletes their history too (``outcomes.retention``), which could take the newest history
row back to an earlier one: so each such deletion leaves a ``DataRemoval`` record, whose
largest id is part of the version as well.
"""
from django.db import connection

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
    quote = connection.ops.quote_name
    parts = []
    for model in COUNTED:
        table = quote(model.history.model._meta.db_table)
        parts += [f"(SELECT MAX(history_id) FROM {table})",
                  f"(SELECT MAX(history_date) FROM {table})"]
    parts.append(f"(SELECT MAX(id) FROM {quote(DataRemoval._meta.db_table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(str(value) for value in cursor.fetchone())
