"""A scratch PostgreSQL cluster of its own for ``manage.py faults``: made with Debian's
``pg_createcluster`` on a free port, stopped and started at will, dropped on the way out.

It has its own name (``qaportal-faults``, or one given: a test names its own, so that a drill
and the tests can run side by side) and never port 5432, so the main cluster and its databases
are never touched. Trust authentication on loopback only: it lives for a few
minutes, holds only demo data, and listens on 127.0.0.1 alone."""
import shutil
import socket
import subprocess
import time
from pathlib import Path

NAME = "qaportal-faults"
DATABASE = "qaportal_faults"
MAIN_PORT = 5432
PG_ROOT = Path("/usr/lib/postgresql")


def installed_version() -> str:
    """The newest PostgreSQL server installed (``/usr/lib/postgresql/<version>/bin/postgres``)."""
    versions = sorted((p.name for p in PG_ROOT.glob("*") if (p / "bin" / "postgres").exists()),
                      key=lambda v: float(v) if v.replace(".", "").isdigit() else 0)
    if not versions:
        raise RuntimeError(f"No PostgreSQL server under {PG_ROOT}.")
    return versions[-1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _cluster_ports() -> set[int]:
    """Ports every existing cluster is configured for, running or not (pg_lsclusters)."""
    out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,
                         check=True).stdout
    return {int(line.split()[2]) for line in out.splitlines() if len(line.split()) > 2}


def free_port(first: int) -> int:
    """``first``, or the next port after it no cluster is configured for and nothing listens on."""
    taken = _cluster_ports() | {MAIN_PORT}
    for port in range(first, first + 50):
        if port not in taken and not _listening(port):
            return port
    raise RuntimeError(f"No free port in {first}-{first + 49}.")


def _run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n"
                           f"{result.stdout}{result.stderr}".strip())
    return result.stdout


class ScratchCluster:
    """``with ScratchCluster(port) as cluster:`` a running cluster holding an empty database at
    ``cluster.url``; ``cluster.stop()`` and ``cluster.start()`` in between; dropped at the end,
    however the block ends (a cluster of the same name left by an earlier run is dropped first)."""

    def __init__(self, first_port: int, version: str | None = None, *, name: str = NAME):
        missing = [tool for tool in ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster",
                                     "pg_lsclusters", "pg_isready") if not shutil.which(tool)]
        if missing:
            raise RuntimeError(f"Needs Debian's postgresql-common tools: {', '.join(missing)}.")
        self.version = version or installed_version()
        self.name = name
        self.first_port = first_port
        self.port = 0

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def _exists(self) -> bool:
        return (Path("/etc/postgresql") / self.version / self.name).exists()

    def __enter__(self):
        if self._exists():
            _run("pg_dropcluster", "--stop", self.version, self.name)
        self.port = free_port(self.first_port)
        _run("pg_createcluster", self.version, self.name, "--port", str(self.port),
             "--start-conf", "manual", "--", "--auth-local=trust", "--auth-host=trust")
        try:
            self.start()
            _run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-qc",
                 f"CREATE DATABASE {DATABASE}")
        except BaseException:
            self.__exit__()
            raise
        return self

    def start(self):
        _run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "start")
        self.wait(ready=True)

    def stop(self):
        """A fast shutdown, as when the server is stopped under the app: sessions are ended."""
        _run("pg_ctlcluster", "--skip-systemctl-redirect", "--mode", "fast", self.version, self.name,
             "stop")
        self.wait(ready=False)

    def ready(self) -> bool:
        """Whether the server accepts connections (asked with pg_isready, not the app)."""
        return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                              check=False).returncode == 0

    def wait(self, *, ready: bool, seconds: float = 60):
        deadline = time.monotonic() + seconds
        while self.ready() != ready:
            if time.monotonic() > deadline:
                raise RuntimeError(f"The scratch cluster did not {'start' if ready else 'stop'}"
                                   f" within {seconds:.0f} s.")
            time.sleep(0.1)

    def __exit__(self, *exc):
        if self._exists():
            _run("pg_dropcluster", "--stop", self.version, self.name)
