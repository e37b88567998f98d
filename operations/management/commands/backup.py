"""``manage.py backup`` (``make backup``): one timestamped file holding the database, every
media file and a manifest of counts and checksums (``operations.backup``)."""
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from operations.backup import BackupError, counted, human_bytes, write_backup


class Command(BaseCommand):
    help = "Back up the database and the media (evidence) files into one timestamped tar file."

    def add_arguments(self, parser):
        parser.add_argument("--dir", dest="folder",
                            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
                            help="The folder to write the backup into (default var/backups).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help="The database to back up (default: the configured one).")

    def handle(self, *args, folder, database, **options):
        try:
            result = write_backup(database=connections[database].settings_dict,
                                  storage=default_storage, folder=Path(folder))
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from None
        except OSError as error:
            raise CommandError(f"Backup failed: could not write it ({error}).") from None
        for name in result.vanished:
            self.stderr.write(self.style.WARNING(
                f"{name} was deleted while the backup ran and is not in it."))
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {counted(result.tables, 'table')} ({counted(result.rows, 'row')}) and "
            f"{counted(result.media_files, 'media file')} ({human_bytes(result.media_bytes)}) "
            f"to {result.path}"))
