"""``manage.py restore FILE`` (``make restore FILE=…``): a backup back into the configured
database (created if absent, refused if it holds tables unless ``--force``) and the media
storage, then checked against the backup's manifest (``operations.backup``)."""
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from operations.backup import BackupError, counted, human_bytes, restore_backup


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into the configured database and media "
            "storage, then check every count and checksum against its manifest.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file (var/backups/qaportal-backup-….tar).")
        parser.add_argument("--force", action="store_true",
                            help="Replace a database that already holds tables, and media files "
                                 "that differ from the backup's.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="The database to restore into (default: the configured one).")

    def handle(self, *args, file, force, database, **options):
        try:
            result = restore_backup(path=Path(file), database=connections[database].settings_dict,
                                    storage=default_storage, force=force)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from None
        except OSError as error:
            raise CommandError(f"Restore failed: {error}") from None
        summary = (f"{counted(result.tables, 'table')} ({counted(result.rows, 'row')}) and "
                   f"{counted(result.media_files, 'media file')} ({human_bytes(result.media_bytes)})")
        if result.mismatches:
            raise CommandError(f"Restored {summary}, but they differ from the manifest:\n  "
                               + "\n  ".join(result.mismatches))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {summary} from {file}; every table's row count and every media file's "
            "checksum match the backup's manifest."))
