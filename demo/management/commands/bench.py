"""``manage.py bench``: what every page costs at two sizes of service (``make bench``).

For each size it prepares a scratch database (``demo.scratch``: PostgreSQL beside
``DATABASE_URL`` when that names one, else an SQLite file under ``var/``): migrate, load the
frameworks, ``seed_scale`` (``ANALYZE`` on PostgreSQL comes with it). Then it measures every
page and API endpoint in that database in a fresh process (``--measure``) and prints one
table. Exits 1 if any page's query count grows with the data, or if paging through the largest
LA's self-assessments in the API gives fewer than 2,000 rows a second (``demo.api_bench``).
Not part of ``make test``: it takes minutes.
"""
import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.bench import measure, table
from demo.scratch import engine_name, manage, prepare, scratch_url


class Command(BaseCommand):
    help = "Measure every page's queries and time at two sizes of service."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs=2, default=[30, 3000], metavar="N",
                            help="The two numbers of providers (default 30 3000).")
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=7, help="Timed requests per page.")
        parser.add_argument("--fresh", action="store_true",
                            help="Seed the scratch databases again even if they exist.")
        parser.add_argument("--measure", metavar="FILE", dest="measure_into",
                            help="(internal) measure this database and write JSON to FILE.")

    def handle(self, *args, sizes, years, repeat, fresh, measure_into, **options):
        if measure_into:
            Path(measure_into).write_text(json.dumps(measure(repeat)))
            return
        runs = []
        for size in sizes:
            url = scratch_url(size, years)
            prepare(url, size, years, fresh, self.stdout)
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                manage("bench", "--measure", out.name, "--repeat", str(repeat), url=url)
                runs.append(json.loads(Path(out.name).read_text()))
        text, grew = table(runs[0], runs[1], tuple(sizes))
        engine = engine_name(scratch_url(0, 0))
        self.stdout.write(f"\n{engine}; median of {repeat} requests after 2 warm-ups; "
                          f"ratio = ms at {sizes[1]} / ms at {sizes[0]}; x floor = ms / floor ms\n")
        self.stdout.write(text + "\n")
        if grew:
            raise CommandError("Query counts grow with the data, or the API pages too slowly: "
                               + "; ".join(grew))
