"""The outcomes bench's parts at a small size: its year file is one the LA's import takes
whole, its import and dashboard measures are what a commissioner's would be, and its table
sets the two sizes side by side."""
from demo import bench_outcomes as bench
from organisations.models import Organisation
from outcomes.importer import import_check
from outcomes.models import GoalOutcome


def test_a_years_file_is_imported_whole_and_the_dashboard_measured(demo):
    la = Organisation.objects.get(slug=bench.LA)
    plan = import_check(content=bench.year_file(50, "2024/25"), filename="2024.csv",
                        local_authority=la)
    assert plan.ok and len(plan.rows_to_add) == 50 and len(plan.learners_to_add) == 10

    figures = bench.import_year(50, "2024/25")
    assert figures["rows"] == 50 and figures["peak_mb"] > 0
    assert GoalOutcome.objects.filter(local_authority=la, academic_year="2024/25",
                                      learner__reference__startswith="BENCH-").count() == 50
    dashboard = bench.measure_dashboard(1)
    kept, worked_out = dashboard["kept"], dashboard["worked_out"]
    assert kept["status"] == worked_out["status"] == 200
    assert 0 < kept["queries"] < worked_out["queries"]


def test_the_table_sets_the_sizes_side_by_side():
    small = {"dashboard": {"kept": {"queries": 5, "ms": 20.0},
                           "worked_out": {"queries": 30, "ms": 100.0}}}
    large = {"dashboard": {"kept": {"queries": 5, "ms": 21.0},
                           "worked_out": {"queries": 30, "ms": 130.0}},
             "import": {"rows": 50_000, "megabytes": 6.1, "check_s": 2.0, "apply_s": 14.0,
                        "peak_mb": 330.0}}
    text = bench.table(small, large, (500, 50_000))
    assert "| queries, figures kept | 5 | 5 | |" in text
    assert "| ms (median), figures kept | 20 | 21 | 1.05 |" in text
    assert "| ms (median), figures worked out | 100 | 130 | 1.30 |" in text
    assert "check 2.0 s, apply 14.0 s, peak 330 MB" in text
