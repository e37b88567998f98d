"""The bench's two sizes in turn: a server readies every probe in its database and answers a
key with one timing; the pair asks both servers for each shared probe, round after round,
each round the other size first, and sets the medians side by side."""
import io
import json

from demo import bench_pair
from demo.bench_pair import MARK, alternate, serve


def test_a_server_plans_every_probe_then_times_what_it_is_asked(demo):
    out = io.StringIO()
    serve(iter(['"commissioner|home"', '"commissioner|api providers"', "null"]), out)
    plan, *timings = [json.loads(line[len(MARK):]) for line in out.getvalue().splitlines()]
    keys = {p["key"] for p in plan}
    assert {"commissioner|home", "officer|home", "commissioner|api providers",
            "commissioner|walk self-assessments"} <= keys
    home = next(p for p in plan if p["key"] == "commissioner|home")
    assert home["fixed"]["status"] == 200 and home["fixed"]["queries"] > 0
    assert home["fixed"]["floor"] in keys
    assert len(timings) == 2 and all(ms > 0 for ms in timings)


class FakeServer:
    """A server whose timings are its size's: what the pair does with them, not the timing."""
    asked = []

    def __init__(self, url):
        self.url = url

    def read(self):
        fixed = {"role": "commissioner", "page": "home", "url": "/", "status": 200,
                 "queries": 5, "rows": 1, "floor": "floor|1"}
        walk = {"role": "commissioner", "paging": "self-assessments", "url": "/api", "rows": 100,
                "pages": 1, "queries": [10, 10]}
        only_here = {**fixed, "page": "only here"}
        return [{"key": "commissioner|home", "kind": "page", "fixed": fixed, "rounds": None},
                {"key": "floor|1", "kind": "floor", "fixed": {}, "rounds": None},
                {"key": "commissioner|walk", "kind": "walk", "fixed": walk, "rounds": 2},
                *([{"key": "only", "kind": "page", "fixed": only_here, "rounds": None}]
                  if self.url == "large" else [])]

    def ask(self, key):
        FakeServer.asked.append((self.url, key))
        return {"small": 10.0, "large": 20.0}[self.url] * (5 if key == "floor|1" else 1)

    def close(self):
        pass


def test_the_pair_alternates_the_sizes_and_keeps_what_both_have(monkeypatch):
    monkeypatch.setattr(bench_pair, "Server", FakeServer)
    FakeServer.asked = []
    small, large = alternate(("small", "large"), rounds=3)
    pages = [(FakeServer.asked[i][0], FakeServer.asked[i + 1][0])
             for i in range(0, len(FakeServer.asked), 2)
             if FakeServer.asked[i][1] == "commissioner|home"]
    assert pages == [("small", "large"), ("large", "small"), ("small", "large")]
    assert sum(key == "commissioner|walk" for _, key in FakeServer.asked) == 4  # 2 rounds each
    assert [(r["page"], r["ms"], r["floor_ms"]) for r in small if "page" in r] == [
        ("home", 10.0, 50.0)]
    assert [r["page"] for r in large if "page" in r] == ["home"]  # not "only here"
    [walk] = [r for r in large if "paging" in r]
    assert walk["rows_per_s"] == 5000 and walk["seconds"] == 0.02
