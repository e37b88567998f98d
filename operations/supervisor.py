"""Keeps the task worker running where no process manager does (``make run``: ``manage.py
run_worker --supervise``): started again whenever it exits, 1 s later, then 2, 4, ... up to
30 s while it keeps exiting soon after it starts; stopped with it on Ctrl-C or SIGTERM. A
deployment has systemd do this instead (``deploy/qaportal-worker.service``, ``Restart=always``).

The worker runs in a session of its own, so a Ctrl-C at the terminal reaches the supervisor
alone, which passes it on once as SIGTERM: the worker finishes the task in hand and exits. A
second Ctrl-C (or SIGTERM) is passed on again, and the worker ends that task at once, as
``db_worker`` does. Where SIGINT is ignored (a background job of ``make run``'s shell, stopped
by its trap's SIGTERM) it stays ignored."""
import logging
import signal
import subprocess
import time

from .worker import retry_delays

logger = logging.getLogger("operations.supervisor")

# A worker that ran this long before it exited was working: the next start waits only the
# first delay again.
STEADY_SECONDS = 60


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        return f"was killed by {signal.Signals(-returncode).name}"
    return f"exited with status {returncode}"


class Supervisor:
    """``Supervisor(argv).run()``: run ``argv`` until told to stop, starting it again whenever
    it exits; returns 0 once it and its process have stopped."""

    def __init__(self, argv: list[str], *, env: dict | None = None, cwd=None):
        self.argv, self.env, self.cwd = argv, env, cwd
        self.child: subprocess.Popen | None = None
        self.stopping = False

    def stop(self, signum, frame=None) -> None:
        if self.child is not None:
            self.child.send_signal(signal.SIGTERM)  # nothing if it has exited already
        if not self.stopping:
            self.stopping = True
            logger.warning("%s: stopping the task worker once its task in hand is done (again "
                           "to end the task now).", signal.Signals(signum).name)

    def _sleep(self, seconds: float) -> None:
        """Sleep, but no longer than it takes to be told to stop."""
        until = time.monotonic() + seconds
        while not self.stopping and (left := until - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, self.stop)
        delays = retry_delays()
        while not self.stopping:
            started = time.monotonic()
            self.child = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd,
                                          start_new_session=True)
            logger.info("Task worker started (pid %d).", self.child.pid)
            if self.stopping:  # told to stop while it was being started
                self.child.send_signal(signal.SIGTERM)
            returncode = self.child.wait()
            if self.stopping:
                break
            ran = time.monotonic() - started
            if ran >= STEADY_SECONDS:
                delays = retry_delays()
            delay = next(delays)
            logger.error("Task worker (pid %d) %s after %.0f s: starting it again in %.0f s.",
                         self.child.pid, describe_exit(returncode), ran, delay)
            self._sleep(delay)
        logger.info("Task worker stopped.")
        return 0
