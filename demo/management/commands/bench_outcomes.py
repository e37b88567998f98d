"""``manage.py bench_outcomes``: the outcomes dashboard at 500 and at 50,000 goal rows a year for
five years, and an import of one more year of 50,000 rows (``make bench-outcomes``; ``make
bench`` runs it after the pages). See ``demo.bench_outcomes``. Exits 1 if the dashboard's
query count grows with the rows. Not part of ``make test``: it takes minutes."""
import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import bench_outcomes as bench
from demo.scratch import create, engine_name, exists, manage, scratch_url
from organisations.models import Organisation
from outcomes.models import GoalOutcome, Learner


class Command(BaseCommand):
    help = "Measure the outcomes dashboard and import at 500 and 50,000 rows a year."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, nargs=2, default=[500, 50_000], metavar="N",
                            help="Goal rows a year in the two databases (default 500 50000).")
        parser.add_argument("--repeat", type=int, default=7, help="Timed requests.")
        parser.add_argument("--fresh", action="store_true",
                            help="Seed the scratch databases again even if they exist.")
        # Internal: each step in a fresh process against one database.
        parser.add_argument("--seed-year", nargs=2, metavar=("ROWS", "YEAR"))
        parser.add_argument("--measure", metavar="FILE", dest="measure_into")
        parser.add_argument("--import-into", metavar="FILE")

    def handle(self, *args, rows, repeat, fresh, seed_year, measure_into, import_into,
               **options):
        if seed_year:
            bench.import_year(int(seed_year[0]), seed_year[1])
            return
        if measure_into:
            Path(measure_into).write_text(json.dumps(bench.measure_dashboard(repeat)))
            return
        if import_into:
            Path(import_into).write_text(json.dumps(self._import_once(rows[1])))
            return
        figures = [self._measure(size, repeat, fresh, imports=size == rows[1])
                   for size in rows]
        engine = engine_name(scratch_url(0, 0))
        self.stdout.write(f"\n{engine}; median of {repeat} requests after 2 warm-ups; the import "
                          "in a fresh process, as the worker runs it\n")
        self.stdout.write(bench.table(*figures, tuple(rows)) + "\n")
        for kind in ("kept", "worked_out"):
            counts = [f["dashboard"][kind]["queries"] for f in figures]
            if counts[0] != counts[1]:
                raise CommandError(f"The dashboard's queries grow with the rows: {counts}")

    def _measure(self, size: int, repeat: int, fresh: bool, *, imports: bool) -> dict:
        url = scratch_url(0, 0, name=f"qaportal_outcomes_{size}")
        if fresh or not exists(url):
            create(url, fresh)
            for year in bench.YEARS:
                manage("bench_outcomes", "--seed-year", str(size), year, url=url)
        figures = {}
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            manage("bench_outcomes", "--measure", out.name, "--repeat", str(repeat), url=url)
            figures["dashboard"] = json.loads(Path(out.name).read_text())
            if imports:
                manage("bench_outcomes", "--import-into", out.name, "--rows", "0", str(size),
                       url=url)
                figures["import"] = json.loads(Path(out.name).read_text())
        self.stdout.write(f"{size:,} rows a year: {figures}\n")
        return figures

    def _import_once(self, rows: int) -> dict:
        """Import the next year's file, then take it out again, so the database stays as
        seeded for the next run."""
        figures = bench.import_year(rows, bench.NEXT_YEAR)
        la = Organisation.objects.get(slug=bench.LA)
        with transaction.atomic():
            added = GoalOutcome.objects.filter(local_authority=la,
                                               academic_year=bench.NEXT_YEAR)
            GoalOutcome.history.filter(local_authority=la,
                                       academic_year=bench.NEXT_YEAR).delete()
            added.delete()
        assert Learner.objects.filter(local_authority=la).exists()
        return figures
