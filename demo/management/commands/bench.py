"""``manage.py bench``: what every page costs at two sizes of service (``make bench``).

For each size it prepares a scratch database (``demo.scratch``: PostgreSQL beside
``DATABASE_URL`` when that names one, else an SQLite file under ``var/``): migrate, load the
frameworks, ``seed_scale`` (``ANALYZE`` on PostgreSQL comes with it). Then it measures every
page and API endpoint in both databases at once, in turn, from two live processes
(``--serve``, ``demo.bench_pair``) and prints one table. Exits 1 if any page's query count
grows with the data, or if paging through the largest LA's self-assessments in the API gives
fewer than 2,000 rows a second (``demo.api_bench``).
Not part of ``make test``: it takes minutes.
"""
import sys

from django.core.management.base import BaseCommand, CommandError

from demo.bench import table
from demo.bench_pair import alternate
from demo.bench_pair import serve as serve_probes
from demo.scratch import engine_name, prepare, scratch_url


class Command(BaseCommand):
    help = "Measure every page's queries and time at two sizes of service."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs=2, default=[500, 3000], metavar="N",
                            help="The two numbers of providers (default 500 3000: each fills a page).")
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=7,
                            help="Rounds: timed requests per page at each size.")
        parser.add_argument("--fresh", action="store_true",
                            help="Seed the scratch databases again even if they exist.")
        parser.add_argument("--serve", action="store_true",
                            help="(internal) time this database's probes as asked on stdin.")

    def handle(self, *args, sizes, years, repeat, fresh, serve: bool, **options):
        if serve:
            serve_probes(sys.stdin, sys.stdout)
            return
        urls = []
        for size in sizes:
            urls.append(scratch_url(size, years))
            prepare(urls[-1], size, years, fresh, self.stdout)
        small, large = alternate(tuple(urls), repeat)
        text, grew = table(small, large, tuple(sizes))
        engine = engine_name(scratch_url(0, 0))
        self.stdout.write(f"\n{engine}; the two sizes in turn, {repeat} rounds after 2 warm-ups, "
                          f"median; ratio = ms at {sizes[1]} / ms at {sizes[0]}; "
                          f"x floor = ms / floor ms\n")
        self.stdout.write(text + "\n")
        if grew:
            raise CommandError("Query counts grow with the data, or the API pages too slowly: "
                               + "; ".join(grew))
