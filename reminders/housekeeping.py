"""Extension point: other apps' jobs in the daily run (``reminders.tasks.daily_work``).

The daily run is the portal's one scheduled task. Reminders sits above most apps and calls
their own clean-ups by name (notifications, outcomes); an app above reminders (bulk exports)
cannot be imported from here, so it registers its job instead.

Contract
    Who registers: an app above ``reminders`` in the layers (today ``exports``: failing
    exports whose worker stopped, deleting expired ZIP files), from its
    ``AppConfig.ready``: ``housekeeping.register(job)``.
    Call: ``job(now)``, ``now`` an aware datetime (the run's time, or the time
    ``manage.py send_reminders`` was run). The return value is ignored.
    When it runs: once a day in the worker's daily run, after the reminders, digests and
    the built-in clean-ups; also whenever ``send_reminders`` runs without ``--dry-run``.
    A run may be repeated (a stopped worker's run is run again), so a job is safe to run
    twice and commits its work in pieces that each make sense alone. An exception fails
    that day's run, and the jobs registered after it do not run.
    Order: registration order.
    Idempotent: registering the same job again changes nothing.
"""
from core.registry import Registry

_jobs = Registry("reminders.housekeeping")

register = _jobs.register
registered = _jobs.registered
