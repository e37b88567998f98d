"""``manage.py load_frameworks [PATH ...] [--dry-run]``: load framework data files, idempotently.

With no PATH it loads every file in ``fixtures/frameworks``, then every crosswalk in
``fixtures/crosswalks`` (which name the frameworks, so come after them), then the data files
other apps register (``frameworks.data_loaders``: the outcomes vocabulary)."""
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frameworks import data_loaders
from frameworks.loader import FrameworkFileError
from frameworks.services import crosswalk_load, framework_load

NO_FILES = "No framework data files (*.yaml) found in {where}."
FAILED = "{count} of {total} file(s) could not be loaded; nothing was written from them:"


def default_directory() -> Path:
    return settings.BASE_DIR / "fixtures" / "frameworks"


def crosswalk_directory() -> Path:
    return settings.BASE_DIR / "fixtures" / "crosswalks"


def _natural(path: Path):
    # si-qaf-2.yaml loads before si-qaf-10.yaml: load order decides the current version.
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def data_files(paths: list[str]) -> list[Path]:
    """The files to load: each PATH (a folder means its *.yaml), or the default folder."""
    files = []
    for path in [Path(p) for p in paths] or [default_directory()]:
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")], key=_natural)
            if not found:
                raise CommandError(NO_FILES.format(where=path))
            files.extend(found)
        else:
            files.append(path)  # a missing file is reported by the loader, with the others
    return files


class Command(BaseCommand):
    help = (
        "Load framework data files (default: every *.yaml in fixtures/frameworks). "
        "Unchanged files are skipped; changed content under a loaded version is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH",
                            help="data files or folders of them")
        parser.add_argument("--dry-run", action="store_true",
                            help="validate and report what would be loaded; write nothing")

    def handle(self, *args, paths, dry_run, verbosity, **options):
        # Each file with its loader, which returns what it did in words; the crosswalks name
        # the frameworks, so they come after them.
        work = [(path, lambda p: framework_load(path_or_text=p, filename=p.name,
                                                dry_run=dry_run).summary())
                for path in data_files(paths)]
        if not paths and crosswalk_directory().is_dir():
            work += [(path, lambda p: crosswalk_load(path_or_text=p, filename=p.name,
                                                     dry_run=dry_run))
                     for path in sorted(crosswalk_directory().glob("*.yaml"), key=_natural)]
        if not paths:
            # Other apps' data files (extension point ``frameworks.data_loaders``).
            for loader in data_loaders.registered():
                if loader.directory().is_dir():
                    work += [(path, lambda p, load=loader.load: load(p, dry_run=dry_run))
                             for path in sorted(loader.directory().glob("*.yaml"),
                                                key=_natural)]
        errors, failed = [], 0
        for path, load in work:
            try:
                said = load(path)
            except FrameworkFileError as exc:
                failed += 1
                errors.extend(exc.messages)
                continue
            if verbosity:
                self.stdout.write(self.style.SUCCESS(said))
        if errors:
            raise CommandError("\n".join(
                [FAILED.format(count=failed, total=len(work))] + [f"  {m}" for m in errors]
            ))
