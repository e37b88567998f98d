"""QA visits move out of the shared ``assessments_*`` tables into their own, with no row lost.

Forward, for every row of a QA visit (``kind = 'qa_visit'``): the assessment row becomes a
``Visit``, its responses ``VisitAnswer`` rows, its section judgements ``VisitJudgement`` rows and
its evidence files ``VisitEvidenceFile`` rows, each keeping its primary key (so every old URL,
``/visits/<pk>/...`` and its files', still works) and its django-simple-history rows (history ids
kept). The visiting team, causes for concern, visit details and actions drawn from a visit then
point at the visit (their history rows too), and the old rows are deleted. The columns a visit
does not have are checked first: were any to hold something other than what a visit always
holds there, the migration stops rather than lose it.

Backward does the reverse, row for row. Plain SQL (INSERT ... SELECT), the same on SQLite and
PostgreSQL, so timestamps (``auto_now``) are copied as they are; sequences are reset after.
After the move visits and self-assessments number their rows separately, so going back may
find a visit (an answer, a file, a history row) whose id a self-assessment's row now has:
only those rows take a new id above every id either side holds, and everything that names
them follows; every other row keeps its id.
"""
from django.core.management.color import no_style
from django.db import migrations

VISIT = "qa_visit"


def _columns(connection, cursor, table) -> list[str]:
    return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _copy(schema_editor, source, target, *, where, params=(), renames=None, constants=None,
          dropped=None, derived=()):
    """INSERT INTO target SELECT ... FROM source WHERE where. Each target column is filled
    from the source column of the same name, or ``renames[column]`` (an SQL expression over the
    source row, aliased ``s``), or ``constants[column]`` (a value). ``dropped``: the source
    columns the target has no place for, each with the value every copied row must hold there
    (None: NULL); anything else stops the migration. ``derived``: source columns the target
    need not keep, their values following from what it does keep."""
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    renames, constants, dropped = renames or {}, constants or {}, dropped or {}
    with connection.cursor() as cursor:
        source_columns = _columns(connection, cursor, source)
        target_columns = _columns(connection, cursor, target)
        used = set()
        selects, values = [], []
        for column in target_columns:
            if column in constants:
                selects.append("%s")
                values.append(constants[column])
            elif column in renames:
                selects.append(renames[column])
                used.update(c for c in source_columns if f"s.{qn(c)}" in renames[column])
            elif column in source_columns:
                selects.append(f"s.{qn(column)}")
                used.add(column)
            else:
                raise RuntimeError(f"{target}.{column}: no value to copy from {source}.")
        unplaced = set(source_columns) - used - set(dropped) - set(derived)
        if unplaced:
            raise RuntimeError(f"{source}: {sorted(unplaced)} would be lost copying to {target}.")
        for column, expected in dropped.items():
            test = f"s.{qn(column)} IS NOT NULL" if expected is None else f"s.{qn(column)} <> %s"
            cursor.execute(f"SELECT COUNT(*) FROM {qn(source)} s WHERE ({where}) AND {test}",
                           [*params] + ([] if expected is None else [expected]))
            if cursor.fetchone()[0]:
                raise RuntimeError(f"{source}.{column} holds data a {target} row has no place for.")
        cursor.execute(
            f"INSERT INTO {qn(target)} ({', '.join(qn(c) for c in target_columns)}) "
            f"SELECT {', '.join(selects)} FROM {qn(source)} s WHERE {where}",
            values + list(params))


def _execute(schema_editor, sql, params=()):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _reset_sequences(apps, schema_editor, labels):
    models = [apps.get_model(label) for label in labels]
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), models):
        _execute(schema_editor, sql)


# Every id a visit's assessment row ever had (the history keeps those since deleted).
VISIT_IDS = ("(SELECT id FROM assessments_assessment WHERE kind = 'qa_visit' "
             "UNION SELECT id FROM assessments_historicalassessment WHERE kind = 'qa_visit')")
# What a visit's assessment row always holds in the self-assessment columns.
SELF_ASSESSMENT_ONLY = {"shared_with_commissioners": False, "carried_over_from_id": None,
                        "submitted_by_id": None, "submitted_at": None, "reopen_reason": ""}
# The framework's own, copied onto the assessment row: a visit reads them from its framework.
FRAMEWORK_COPIES = ("framework_slug", "kind")
# The models whose sequences are reset after each direction.
NEW = ["visits.Visit", "visits.VisitAnswer", "visits.VisitJudgement", "visits.VisitEvidenceFile",
       "visits.HistoricalVisit", "visits.HistoricalVisitAnswer",
       "visits.HistoricalVisitJudgement", "visits.HistoricalVisitEvidenceFile"]
OLD = ["assessments.Assessment", "assessments.Response", "assessments.SectionJudgement",
       "assessments.EvidenceFile", "assessments.HistoricalAssessment",
       "assessments.HistoricalResponse", "assessments.HistoricalSectionJudgement",
       "assessments.HistoricalEvidenceFile"]
# Rows that name a visit: (table, the old column, the new one).
LINKS = [("visits_visitteammember", "assessment_id", "visit_id"),
         ("visits_historicalvisitteammember", "assessment_id", "visit_id"),
         ("visits_concern", "assessment_id", "visit_id"),
         ("visits_historicalconcern", "assessment_id", "visit_id"),
         ("visits_visitdetail", "assessment_id", "visit_id"),
         ("visits_historicalvisitdetail", "assessment_id", "visit_id")]
ACTIONS = ["actionplans_action", "actionplans_historicalaction"]


def forward(apps, schema_editor):
    for source, target in (("assessments_assessment", "visits_visit"),
                           ("assessments_historicalassessment", "visits_historicalvisit")):
        _copy(schema_editor, source, target, where="s.kind = %s", params=[VISIT],
              dropped=SELF_ASSESSMENT_ONLY, derived=FRAMEWORK_COPIES)
    for source, target in (("assessments_response", "visits_visitanswer"),
                           ("assessments_historicalresponse", "visits_historicalvisitanswer")):
        _copy(schema_editor, source, target, where=f"s.assessment_id IN {VISIT_IDS}",
              renames={"visit_id": "s.\"assessment_id\""}, dropped={"carried_over": False})
    for source, target in (("assessments_sectionjudgement", "visits_visitjudgement"),
                           ("assessments_historicalsectionjudgement",
                            "visits_historicalvisitjudgement")):
        _copy(schema_editor, source, target, where=f"s.assessment_id IN {VISIT_IDS}",
              renames={"visit_id": "s.\"assessment_id\""})
    for source, target in (("assessments_evidencefile", "visits_visitevidencefile"),
                           ("assessments_historicalevidencefile",
                            "visits_historicalvisitevidencefile")):
        _copy(schema_editor, source, target, where=f"s.assessment_id IN {VISIT_IDS}",
              renames={"visit_id": "s.\"assessment_id\"", "answer_id": "s.\"response_id\""})
    for table, old, new in LINKS:
        _execute(schema_editor, f'UPDATE {table} SET "{new}" = "{old}"')
        if not table.startswith("visits_historical"):
            _execute(schema_editor, f'UPDATE {table} SET "{old}" = NULL')
    for table in ACTIONS:
        _execute(schema_editor, f'UPDATE {table} SET "source_visit_id" = "source_assessment_id", '
                                f'"source_assessment_id" = NULL '
                                f'WHERE "source_assessment_id" IN {VISIT_IDS}')
    # Judgements were only ever a visit's; anything else left would be lost with the table.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM assessments_sectionjudgement "
                       f"WHERE assessment_id NOT IN {VISIT_IDS}")
        if cursor.fetchone()[0]:
            raise RuntimeError("A section judgement belongs to something other than a visit.")
    for table in ("assessments_historicalevidencefile", "assessments_evidencefile",
                  "assessments_historicalresponse", "assessments_response",
                  "assessments_historicalsectionjudgement", "assessments_sectionjudgement"):
        _execute(schema_editor, f"DELETE FROM {table} WHERE assessment_id IN {VISIT_IDS}")
    _execute(schema_editor, "DELETE FROM assessments_historicalassessment WHERE kind = %s", [VISIT])
    _execute(schema_editor, "DELETE FROM assessments_assessment WHERE kind = %s", [VISIT])
    _reset_sequences(apps, schema_editor, NEW)


def _renumbering(schema_editor, sources, targets, column="id"):
    """How the ids in ``column`` of the visit tables ``sources`` go back into the old tables
    ``targets``: a function from an SQL expression (an id) to the id it becomes. Unchanged,
    unless a self-assessment's row made after the move already holds it there: then moved
    above every id either side holds."""
    def ids(tables) -> set:
        found = set()
        with schema_editor.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'SELECT DISTINCT "{column}" FROM {table}')
                found.update(row[0] for row in cursor.fetchall())
        return found

    mine, taken = ids(sources), ids(targets)
    clash = sorted(mine & taken)
    if not clash:
        return lambda expression: expression
    offset, listed = int(max(mine | taken)), ", ".join(str(int(i)) for i in clash)
    return lambda expression: (f"(CASE WHEN {expression} IN ({listed}) "
                               f"THEN {expression} + {offset} ELSE {expression} END)")


# The visit tables whose history ids go back into the old history tables, beside them.
HISTORY_BACK = {"visits_historicalvisit": "assessments_historicalassessment",
                "visits_historicalvisitanswer": "assessments_historicalresponse",
                "visits_historicalvisitevidencefile": "assessments_historicalevidencefile"}


def backward(apps, schema_editor):
    visit_id = _renumbering(schema_editor, ["visits_visit", "visits_historicalvisit"],
                            ["assessments_assessment", "assessments_historicalassessment"])
    answer_id = _renumbering(schema_editor, ["visits_visitanswer", "visits_historicalvisitanswer"],
                             ["assessments_response", "assessments_historicalresponse"])
    file_id = _renumbering(schema_editor,
                           ["visits_visitevidencefile", "visits_historicalvisitevidencefile"],
                           ["assessments_evidencefile", "assessments_historicalevidencefile"])
    history_ids = {source: _renumbering(schema_editor, [source], [target], "history_id")
                   for source, target in HISTORY_BACK.items()}

    def history(source) -> dict:
        renumber = history_ids.get(source)
        return {"history_id": renumber('s."history_id"')} if renumber else {}

    slug = "(SELECT f.slug FROM frameworks_framework f WHERE f.id = s.framework_id)"
    for source, target in (("visits_visit", "assessments_assessment"),
                           ("visits_historicalvisit", "assessments_historicalassessment")):
        _copy(schema_editor, source, target, where="1 = 1",
              renames={"framework_slug": slug, "id": visit_id('s."id"'), **history(source)},
              constants={"kind": VISIT, "shared_with_commissioners": False,
                         "carried_over_from_id": None, "submitted_by_id": None,
                         "submitted_at": None, "reopen_reason": ""})
    for source, target in (("visits_visitanswer", "assessments_response"),
                           ("visits_historicalvisitanswer", "assessments_historicalresponse")):
        _copy(schema_editor, source, target, where="1 = 1",
              renames={"assessment_id": visit_id('s."visit_id"'), "id": answer_id('s."id"'),
                       **history(source)},
              constants={"carried_over": False})
    for source, target in (("visits_visitjudgement", "assessments_sectionjudgement"),
                           ("visits_historicalvisitjudgement",
                            "assessments_historicalsectionjudgement")):
        _copy(schema_editor, source, target, where="1 = 1",
              renames={"assessment_id": visit_id('s."visit_id"')})
    for source, target in (("visits_visitevidencefile", "assessments_evidencefile"),
                           ("visits_historicalvisitevidencefile",
                            "assessments_historicalevidencefile")):
        _copy(schema_editor, source, target, where="1 = 1",
              renames={"assessment_id": visit_id('s."visit_id"'), "id": file_id('s."id"'),
                       "response_id": answer_id('s."answer_id"'), **history(source)})
    for table, old, new in LINKS:
        _execute(schema_editor, f'UPDATE {table} SET "{old}" = ' + visit_id(f'"{new}"'))
        if not table.startswith("visits_historical"):
            _execute(schema_editor, f'UPDATE {table} SET "{new}" = NULL')
    for table in ACTIONS:
        source = visit_id('"source_visit_id"')
        _execute(schema_editor, f'UPDATE {table} SET "source_assessment_id" = {source}, '
                                f'"source_visit_id" = NULL WHERE "source_visit_id" IS NOT NULL')
    for table in ("visits_historicalvisitevidencefile", "visits_visitevidencefile",
                  "visits_historicalvisitanswer", "visits_visitanswer",
                  "visits_historicalvisitjudgement", "visits_visitjudgement",
                  "visits_historicalvisit", "visits_visit"):
        _execute(schema_editor, f"DELETE FROM {table}")
    _reset_sequences(apps, schema_editor, OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("visits", "0002_visit_tables"),
        ("actionplans", "0005_action_source_visit"),
    ]

    operations = [migrations.RunPython(forward, backward)]
