"""gunicorn on a loopback port, for the tools that drive the portal as its users would
(`make load`, `make faults`): started, waited for until /healthz answers, and stopped however
the run ends. Also a urllib opener that shows a redirect rather than following it."""
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.urls import reverse

STARTUP_SECONDS = 60


def sign_in_form(csrf_token: str, email: str, password: str) -> dict:
    """What the sign-in page's form posts (allauth's ``LoginForm``: the email address is its
    ``login`` field), for the drivers that sign in over HTTP as a person would."""
    return {"csrfmiddlewaretoken": csrf_token, "login": email, "password": password}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to show, not to follow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + reverse("healthz"), timeout=5) as response:
            return response.status == 200
    except (urllib.error.HTTPError, OSError):
        return False


class Gunicorn:
    """gunicorn serving ``qaportal.wsgi`` on ``port`` (a free one by default) with ``env``,
    its output in ``log``; a context manager."""

    def __init__(self, *, env: dict, workers: int, log: Path, timeout: int,
                 port: int | None = None, extra: tuple[str, ...] = ()):
        self.env, self.workers, self.log, self.timeout, self.extra = env, workers, log, timeout, extra
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        self.log.parent.mkdir(exist_ok=True)
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "qaportal.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--no-control-socket", "--timeout", str(self.timeout),
             *self.extra],
            env=self.env, cwd=settings.BASE_DIR, stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log}")
            if _healthy(self.base):
                return self
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer /healthz within {STARTUP_SECONDS} s; "
                           f"see {self.log}")

    def __exit__(self, *exc):
        if self.process:
            stop(self.process)  # SIGTERM: gunicorn finishes its requests, then exits
        self._log_file.close()


def stop(process: subprocess.Popen, *, grace: float = 30) -> None:
    """Ask a process to stop (SIGTERM), and kill it if it has not within ``grace`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
