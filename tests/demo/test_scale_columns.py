"""`seed_scale` writes its rows with raw SQL (``demo.scale_sql.raw_insert``), past the ORM: a
field a row leaves out gets raw_insert's fallback, the field's default, which for a column a
model gains without one is NULL (the seeder fails with the database's error, naming neither
row nor seeder) or an empty text (nothing fails at all). So every row the seeder writes is checked against its
model: each required column (NOT NULL, with no default in Django or in the database, and not
a text that may be blank) must be given a value."""
import importlib
import pkgutil

import pytest
from django.core.management import call_command
from django.db import models

import demo
import demo.scale_sql
from tests.demo.test_seed_scale import SCALE


def required_columns(model) -> dict[str, models.Field]:
    """attname -> field for each column a row must give: NOT NULL, no ``default`` and no
    ``db_default``, not an id the database assigns, and not a text that may be blank (whose
    default, for Django and raw_insert alike, is the empty text)."""
    return {f.attname: f for f in model._meta.concrete_fields
            if not f.null and not f.has_default() and not f.has_db_default()
            and not (f.primary_key and isinstance(f, models.AutoField))
            and not (f.empty_strings_allowed and f.blank)}


def _unfilled(field, row) -> bool:
    if field.attname not in row or row[field.attname] is None:
        return True
    return row[field.attname] == "" and field.empty_strings_allowed  # raw_insert's fallback


def unfilled_columns(model, rows: list[dict]) -> set[str]:
    """The required columns of ``model`` that some row leaves to raw_insert's fallback."""
    required = required_columns(model).values()
    return {f.column for row in rows for f in required if _unfilled(f, row)}


@pytest.fixture
def written(db, frameworks, monkeypatch) -> dict:
    """Run the scale seeder, recording every row it hands raw_insert: model -> rows. Every
    module of the seeder (``demo/scale*.py``) that imported raw_insert calls the recorder
    instead."""
    original = demo.scale_sql.raw_insert
    rows_by_model: dict = {}

    def recording(model, rows):
        rows_by_model.setdefault(model, []).extend(dict(row) for row in rows)
        original(model, rows)

    seeder = [importlib.import_module(f"demo.{info.name}")
              for info in pkgutil.iter_modules(demo.__path__) if info.name.startswith("scale")]
    seeder = [module for module in seeder if getattr(module, "raw_insert", None) is original]
    assert demo.scale_sql in seeder and len(seeder) > 1
    for module in seeder:
        monkeypatch.setattr(module, "raw_insert", recording)
    call_command("seed_scale", verbosity=0, **SCALE)
    return rows_by_model


def test_every_row_the_scale_seeder_writes_fills_every_required_column(written):
    apps = {model._meta.app_label for model in written}
    assert {"assessments", "actionplans", "visits", "reviews", "outcomes"} <= apps
    assert {model for model in written if model.__name__.startswith("Historical")}
    missing = {model._meta.db_table: unfilled_columns(model, rows)
               for model, rows in written.items()}
    assert {table: columns for table, columns in missing.items() if columns} == {}


def test_the_check_finds_a_required_column_an_insert_leaves_out(written):
    """As if the model had gained the column after the seeder was written."""
    model = next(m for m in written if m._meta.db_table == "assessments_assessment")
    rows = [dict(row) for row in written[model]]
    assert not unfilled_columns(model, rows)
    for row in rows:
        del row["provider_id"]
        row["period"] = ""
    rows[0]["framework_id"] = None
    assert unfilled_columns(model, rows) == {"provider_id", "period", "framework_id"}


def test_required_columns_are_the_not_null_ones_without_a_default():
    from assessments.models import Assessment

    required = required_columns(Assessment)
    assert {"provider_id", "framework_id", "period", "state", "created_at"} <= set(required)
    assert "id" not in required  # the database assigns it
    assert "shared_with_commissioners" not in required  # it has a default
    assert "reopen_reason" not in required  # a text that may be blank
    assert not {f.attname for f in Assessment._meta.concrete_fields if f.null} & set(required)
