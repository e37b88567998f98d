"""Property-based: whatever the cells of a file of providers hold (NUL bytes, huge numbers,
unicode, formulas, very long text), checking it gives a plan or a refusal of the file, never
an exception, and applying a plan without errors works; and a file applied once, imported
again, changes nothing. Each example runs in a savepoint rolled back afterwards."""
import csv
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.imports.files import ImportFileError
from organisations import import_services as services
from organisations.importer import import_check
from organisations.models import Organisation

from .import_helpers import HEADINGS, xlsx_bytes

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
NASTY = ["9999999999999999999999999", "-1", "", "1.5", "²", "1\x00", "x" * 5000, "é🙂\u202e",
         "=1+1", "@SUM(A1)", " ", "\r\n", "100001", "10012345", "LE1 6ZG", "shire-council",
         "ap_school", "AP school or pupil referral unit"]
CELLS = st.one_of(st.sampled_from(NASTY), st.text(max_size=30),
                  st.integers(min_value=-(10**30), max_value=10**30).map(str))
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=len(HEADINGS) + 2), min_size=1,
                max_size=6)


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADINGS, *rows])
    return out.getvalue().encode("utf-8", "surrogatepass")


def _rolled_back(test):
    with transaction.atomic():
        test()
        transaction.set_rollback(True)


def test_any_cells_give_a_plan_or_a_refusal_never_an_error(world):
    admin = world.users["admin"]

    @FUZZ
    @given(ROWS)
    def check(rows):
        def attempt():
            try:
                plan = import_check(content=_csv(rows), filename="fuzz.csv")
            except ImportFileError:
                return
            assert all(e.row >= 2 and e.column and e.message for e in plan.errors)
            if plan.ok:
                services.import_apply(plan=plan, by=admin)
        _rolled_back(attempt)

    check()


PROVIDER_ROWS = st.lists(st.tuples(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1,
            max_size=60).filter(lambda t: t.strip() and not t.lstrip().startswith(
                ("=", "+", "-", "@"))),
    st.sampled_from(Organisation.ProviderType.values + Organisation.ProviderType.labels),
    st.sampled_from(["urn", "ukprn", "both"]),
    st.sampled_from(["1 High St", "Unit 2\nMill Lane", " 3  Low Road ,"]),
    st.sampled_from(["le1 6zg", "LE12 7AA", "m1 1ae"]),
    st.sampled_from(["Leicestershire", "Rutland"]),
    st.sampled_from(["", "shire-council", "North SEIP; shire-council", "Far Council"]),
), min_size=1, max_size=5)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_applied_once_changes_nothing_the_second_time(world, kind):
    admin = world.users["admin"]
    applied = []

    @FUZZ
    @given(PROVIDER_ROWS)
    def twice(rows):
        # Each row its own URN, UKPRN or both: the rows of one file are different providers.
        rows = [[name, kind_of, str(100001 + n) if which != "ukprn" else "",
                 str(10012345 + n) if which != "urn" else "", *rest]
                for n, (name, kind_of, which, *rest) in enumerate(rows)]
        content = _csv(rows) if kind == "csv" else xlsx_bytes(rows=rows)

        def attempt():
            plan = import_check(content=content, filename=f"f.{kind}")
            assert plan.ok, [str(e) for e in plan.errors]
            services.import_apply(plan=plan, by=admin)
            applied.append(plan)
            history = Organisation.history.count()
            again = import_check(content=content, filename=f"f.{kind}")
            assert again.ok and not again.has_changes, again.summary()
            assert again.unchanged == len(rows)
            assert Organisation.history.count() == history
        _rolled_back(attempt)

    twice()
    assert len(applied) >= 10
