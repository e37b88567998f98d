"""What ``make load`` concludes from its requests: the run's records read back, latency
percentiles, the printed summary, and the lost-write check. Pure functions over plain values, no
ORM, no network.

The lost-write rule: a row's revision goes up by one per stored save, under a row lock, and
every save leaves a history row with its revision and text, so each acknowledged save (HTTP
200) has the revision it was stored as (none: it never was). At the end, the row's stored
(revision, evidence) must be the acknowledged save with the highest revision, or a later write
whose answer never came (a timeout or a dropped connection: "uncertain"). An acknowledged
save is lost when it was never stored, when its revision is above the stored one, when it
claims the stored revision with other text, or when two acknowledged saves were stored as the
same revision (one overwrote the other without a conflict). Conflicts (409) are the design
refusing a stale save: counted, never errors.
"""
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ack:
    """An acknowledged save: the row, the revision it was stored as (None: not found), the
    text sent."""

    row: int
    revision: int | None
    evidence: str


@dataclass(frozen=True)
class Lost:
    ack: Ack
    why: str


def lost_writes(acks: list[Ack], stored: dict[int, tuple[int, str]],
                uncertain: dict[int, set[str]] | None = None) -> list[Lost]:
    """The acknowledged saves that are not in the database (see the module docstring).
    ``stored``: row -> (revision, evidence) as read at the end; ``uncertain``: row -> texts
    of saves whose answer never came (they may or may not have been stored)."""
    uncertain = uncertain or {}
    by_row: dict[int, list[Ack]] = defaultdict(list)
    for ack in acks:
        by_row[ack.row].append(ack)
    lost = []
    for row, row_acks in by_row.items():
        if row not in stored:
            lost += [Lost(a, "row missing") for a in row_acks]
            continue
        revision, evidence = stored[row]
        lost += [Lost(a, "never stored") for a in row_acks if a.revision is None]
        seen: dict[int, Ack] = {}
        for ack in sorted((a for a in row_acks if a.revision is not None),
                          key=lambda a: (a.revision, a.evidence != evidence)):
            if ack.revision in seen:  # the one matching what is stored, if any, came first
                lost.append(Lost(ack, f"revision {ack.revision} acknowledged twice"))
                continue
            seen[ack.revision] = ack
        if not seen:
            continue
        top = max(seen)
        if top > revision:
            lost += [Lost(a, f"stored revision {revision} is older")
                     for r, a in seen.items() if r > revision]
        elif top == revision and seen[top].evidence != evidence:
            lost.append(Lost(seen[top], "stored text differs at the same revision"))
        elif top < revision and evidence not in uncertain.get(row, set()):
            lost.append(Lost(seen[top], f"revision {revision} was written by nobody we know"))
    return lost


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p``th percentile (0 < p <= 100) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceiling without floats' rounding
    return ordered[int(rank) - 1]


@dataclass
class Tally:
    """The requests of one phase: latency in ms per kind (read, save, healthz), and failures."""

    seconds: float
    ms: dict[str, list[float]]
    errors: int = 0
    conflicts: int = 0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.ms.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Run:
    """What the virtual users saw (``demo/locustfile.py``'s records): each phase's tally, the
    acknowledged saves (with the revision the answer named), the saves whose answer never came
    (row -> texts), the first failures' messages, and why the run stopped short, if it did."""

    mix: Tally
    floor: Tally
    acks: list[Ack] = field(default_factory=list)
    uncertain: dict[int, set[str]] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    unfinished: str = ""


def read_run(lines) -> Run:
    """The run from its JSON lines: ``{"request": kind, "phase", "ms", "error"}`` for each
    timed request, ``{"ended": phase, "seconds"}`` when a phase ends, ``{"ack": row, "revision",
    "evidence"}``, ``{"uncertain": row, "evidence"}``, ``{"conflict": row}``, and
    ``{"sign_in_failed": why}``."""
    ms: dict[str, dict[str, list[float]]] = {"mix": defaultdict(list), "floor": defaultdict(list)}
    errors, seconds = Counter(), {}
    conflicts, acks, uncertain, samples, failed = 0, [], defaultdict(set), [], ""
    for line in lines:
        item = json.loads(line)
        if "request" in item:
            ms[item["phase"]][item["request"]].append(item["ms"])
            if item["error"]:
                errors[item["phase"]] += 1
                samples += [item["error"]][: max(0, 5 - len(samples))]
        elif "ended" in item:
            seconds[item["ended"]] = item["seconds"]
        elif "ack" in item:
            acks.append(Ack(item["ack"], item["revision"], item["evidence"]))
        elif "uncertain" in item:
            uncertain[item["uncertain"]].add(item["evidence"])
        elif "conflict" in item:
            conflicts += 1
        elif "sign_in_failed" in item:
            failed = failed or item["sign_in_failed"]
    unfinished = failed or ("" if "floor" in seconds else "the run ended before the /healthz phase did")
    return Run(Tally(seconds.get("mix", 0.0), dict(ms["mix"]), errors["mix"], conflicts),
               Tally(seconds.get("floor", 0.0), dict(ms["floor"]), errors["floor"]),
               acks, dict(uncertain), samples, unfinished)


def _line(name: str, ms: list[float], seconds: float) -> str:
    rate = len(ms) / seconds if seconds else 0.0
    return (f"{name:<10} {len(ms):>8} {rate:>8.1f} {percentile(ms, 50):>8.0f} "
            f"{percentile(ms, 95):>8.0f} {percentile(ms, 99):>8.0f}")


def summary(*, mix: Tally, floor: Tally, acks: int, lost: list[Lost], users: int,
            workers: int, engine: str, misreported: int = 0) -> str:
    """The printed result: throughput and latency per kind for the page mix, the /healthz floor
    under the same number of users, errors, conflicts and lost writes. ``misreported``: saves
    whose answer named a revision other than the one they were stored as."""
    head = f"{'':<10} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    lines = [f"{engine}; {users} users, gunicorn {workers} sync workers; page mix for "
             f"{mix.seconds:.0f} s, then /healthz for {floor.seconds:.0f} s", head,
             "-" * len(head)]
    lines += [_line(kind, ms, mix.seconds) for kind, ms in sorted(mix.ms.items())]
    lines.append(_line("all pages", [m for ms in mix.ms.values() for m in ms], mix.seconds))
    lines.append(_line("/healthz", [m for ms in floor.ms.values() for m in ms], floor.seconds))
    ratio = mix.per_second / floor.per_second if floor.per_second else 0.0
    lines += [
        f"page mix {mix.per_second:.1f} req/s = {ratio:.1%} of the /healthz floor "
        f"({floor.per_second:.1f} req/s)",
        f"errors: {mix.errors} (page mix), {floor.errors} (/healthz); "
        f"conflicts (409, by design): {mix.conflicts}",
        f"saves acknowledged: {acks}; lost writes: {len(lost)}",
    ]
    if misreported:
        lines.append(f"answers naming another save's revision: {misreported} (the page then "
                     f"carries a revision it has not seen)")
    lines += [f"  lost: row {x.ack.row} revision {x.ack.revision}: {x.why}" for x in lost[:10]]
    return "\n".join(lines)
