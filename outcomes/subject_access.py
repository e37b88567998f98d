"""Everything the portal holds on one learner, for the LA's answer to a subject access request:
one ZIP of CSV files, one for each kind of row (``outcomes.retention.learner_rows``: the
learner, their goals, medium-term outcomes and steps, progress providers sent, and the history
of each), the records of access to their rows, and a note saying what each file is. Every
column of every row: a person (a user) by their email address, an organisation by its name."""
import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from core.cells import csv_bytes
from organisations.models import Organisation

from .access_models import LearnerAccess
from .models import Learner
from .retention import learner_rows

ACCESS_FILE = "records-of-access.csv"


def _columns(model) -> list[tuple[str, str]]:
    """(heading, ``values()`` lookup) for each column of ``model``'s table: a user by email,
    an organisation by name, anything else as stored."""
    columns = []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is not None and issubclass(target, Organisation):
            columns.append((field.name, f"{field.name}__name"))
        elif target is not None and issubclass(target, get_user_model()):
            columns.append((field.name, f"{field.name}__email"))
        else:
            columns.append((field.attname, field.attname))
    return columns


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):  # soft outcomes: as JSON, as stored
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table(rows: models.QuerySet) -> tuple[bytes, int]:
    columns = _columns(rows.model)
    values = list(rows.order_by("pk").values_list(*(lookup for _, lookup in columns)))
    return csv_bytes([heading for heading, _ in columns],
                     ([_shown(v) for v in row] for row in values)), len(values)


def subject_access_file(learner: Learner, *, by) -> tuple[bytes, str, int]:
    """The ZIP's bytes, its file name and how many rows it holds."""
    made = timezone.localtime()
    buffer = io.BytesIO()
    total = 0
    contents = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, rows in learner_rows([learner.pk]):
            name = slugify(label) + ".csv"
            content, count = _table(rows)
            archive.writestr(name, content)
            contents.append(f"{name}: {label.lower()} ({count} row{'' if count == 1 else 's'})")
            total += count
        access = (LearnerAccess.objects.filter(local_authority_id=learner.local_authority_id,
                                               references__contains=f",{learner.reference},")
                  .select_related("acted_for").order_by("at", "pk"))
        archive.writestr(ACCESS_FILE, csv_bytes(
            ["when", "who", "acting_for", "what", "rows_in_that_request", "page", "purpose"],
            ([_shown(r.at), r.who, r.acted_for.name if r.acted_for else "Administrator",
              r.get_kind_display(), str(r.rows), r.path, r.purpose] for r in access)))
        contents.append(f"{ACCESS_FILE}: each time someone saw or downloaded the learner's rows "
                        f"({len(access)} record{'' if len(access) == 1 else 's'})")
        archive.writestr("README.txt", "\n".join([
            f"Everything the QA Portal holds on learner {learner.reference} of "
            f"{learner.local_authority.name}.",
            f"Made on {made:%d %B %Y at %H:%M} by {by.email}.",
            "",
            "Files (CSV, one row a line; a history file's history_type is + for added, "
            "~ for changed and - for deleted):",
            *(f"- {line}" for line in contents),
            "",
            "The portal holds no name, date of birth or other identifier of the learner: the "
            "reference is the local authority's own.",
        ]) + "\n")
    filename = f"subject-access-{slugify(learner.local_authority.name)}-{learner.reference}.zip"
    return buffer.getvalue(), filename, total
