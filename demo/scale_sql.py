"""Fast inserts for the scale data: rows as plain values written with one ``executemany``
per batch (``COPY`` on PostgreSQL), skipping the ORM's per-value compiler, which cost most
of the run's time at 3,000 providers. Rows get explicit ids (so child and history rows can
name them) and ``reset_sequences`` puts PostgreSQL's sequences past them."""
import datetime

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def raw_insert(model, rows: list[dict]) -> None:
    """Insert ``rows`` (attname -> value; a missing field takes its default; an automatic
    primary key missing from the rows is left to the database)."""
    if not rows:
        return
    given = rows[0].keys()
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and isinstance(f, models.AutoField) and f.attname not in given)]
    defaults = {f.attname: f.get_default() for f in fields}
    adapters = [(i, _adapter(f)) for i, f in enumerate(fields) if _adapter(f)]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs
            columns = ", ".join(quote(f.column) for f in fields)
            with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[n] if n in row else defaults[n] for n in names])
            return
        for start in range(0, len(rows), BATCH):
            params = []
            for row in rows[start:start + BATCH]:
                values = [row[n] if n in row else defaults[n] for n in names]
                for i, adapt in adapters:
                    if isinstance(values[i], (datetime.date, datetime.datetime)):
                        values[i] = adapt(values[i])
                params.append(values)
            cursor.executemany(sql, params)


def next_id(model) -> int:
    """The first id free after every existing row (callers hold a transaction)."""
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def reset_sequences(*model_classes) -> None:
    """Move PostgreSQL's id sequences past explicitly given ids (nothing to do on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def insert_objects(model, objs) -> None:
    """Insert model instances with ``raw_insert``, giving each an id (read back by the caller
    for child rows) and ``now`` in any automatic timestamp left unset, so a caller can set
    the day a record was really created."""
    if not objs:
        return
    fields = model._meta.concrete_fields
    automatic = [f.attname for f in fields
                 if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    pk, now = next_id(model), timezone.now()
    rows = []
    for obj in objs:
        if obj.pk is None:
            obj.pk, pk = pk, pk + 1
        for name in automatic:
            if getattr(obj, name) is None:
                setattr(obj, name, now)
        obj._state.adding = False
        rows.append({f.attname: getattr(obj, f.attname) for f in fields})
    raw_insert(model, rows)
