"""Two sizes of service timed in turn, for ``make bench``: a live process for each database
(``manage.py bench --serve``), each with every probe readied (``demo.bench.every_probe``), and
this one asking them for one timing at a time, alternating which size goes first, round after
round. Whatever the machine does meanwhile (another process, the disk, a slower minute) falls
on both sizes alike, so a page whose data did not change shows a ratio near 1; timing one size
after the other did not (an unchanged page moved between 0.96 and 7.48 between runs).

The two talk in lines of JSON: the server first writes its plan (each probe's key, kind and
what was read once), then answers each key it is sent with one timing in ms. Its lines start
with ``MARK``, so anything else the process prints is passed over."""
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from .probes import Probe, results

MARK = "@bench "


def serve(lines, out) -> None:
    """The server's side, in this process's database: the plan, then a timing per key."""
    from .bench import every_probe

    with every_probe() as probes:
        by_key = {probe.key: probe for probe in probes}
        _say(out, [{"key": p.key, "kind": p.kind, "fixed": p.fixed, "rounds": p.rounds}
                   for p in probes])
        for line in lines:
            key = json.loads(line)
            if key is None:
                break
            _say(out, by_key[key].ask())


def _say(out, value) -> None:
    out.write(MARK + json.dumps(value, default=str) + "\n")
    out.flush()


class Server:
    """``manage.py bench --serve`` against the database at ``url``."""

    def __init__(self, url: str):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", "--serve"],
            # LOG_LEVEL: not a line for each of the thousands of requests it times.
            env={**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)

    def read(self):
        for line in self.process.stdout:
            if line.startswith(MARK):
                return json.loads(line[len(MARK):])
        raise RuntimeError(f"bench --serve stopped (exit {self.process.wait()})")

    def ask(self, key: str) -> float:
        self.process.stdin.write(json.dumps(key) + "\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("null\n")
            self.process.stdin.close()
            self.process.wait(timeout=120)


def alternate(urls: tuple[str, str], rounds: int) -> tuple[list[dict], list[dict]]:
    """Every probe both databases have, timed ``rounds`` times each (a walk at most its own
    rounds), the two sizes in turn and each round the other first: the two sizes' results."""
    servers = [Server(url) for url in urls]
    try:
        plans = [server.read() for server in servers]
        probes = [[Probe(p["key"], p["kind"], p["fixed"], ask=None, rounds=p["rounds"])
                   for p in plan] for plan in plans]
        shared = [p for p in probes[0] if p.key in {q.key for q in probes[1]}]
        times = [{p.key: [] for p in shared}, {p.key: [] for p in shared}]
        for n in range(rounds):
            order = (0, 1) if n % 2 == 0 else (1, 0)
            for probe in shared:
                if probe.rounds is not None and n >= probe.rounds:
                    continue
                for side in order:
                    times[side][probe.key].append(servers[side].ask(probe.key))
        return results(probes[0], times[0]), results(probes[1], times[1])
    finally:
        for server in servers:
            server.close()
