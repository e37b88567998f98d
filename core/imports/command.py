"""What an import command does with its file, the same for every import: read it, check it,
print the plan (or every row error, and stop), stop there on a dry run, else apply the plan."""
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from .files import ImportFileError


def run_import(command: BaseCommand, path: Path, *, check: Callable, apply: Callable,
               dry_run: bool, imported: str) -> None:
    """``check(content, filename)`` returns the import's plan; ``apply(plan)`` writes it; on
    success the command says "Imported <file><imported>: <what it applied>."."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None
    try:
        plan = check(content, path.name)
    except ImportFileError as exc:
        raise CommandError("\n".join(f"{path.name}: {m}" for m in exc.messages)) from None
    command.stdout.write(plan.summary())
    if not plan.ok:
        for error in plan.errors:
            command.stdout.write(str(error))
        raise CommandError(f"{path.name}: {len(plan.errors)} "
                           f"{'error' if len(plan.errors) == 1 else 'errors'}; nothing was "
                           "imported.")
    if dry_run:
        command.stdout.write("Dry run: nothing was written.")
        return
    try:
        apply(plan)
    except (PermissionDenied, ValidationError) as exc:
        raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
    command.stdout.write(command.style.SUCCESS(
        f"Imported {path.name}{imported}: {plan.applied_summary()}."))
