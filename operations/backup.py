"""Backup and restore of the whole service: one tar file holding the database dump, every media
(evidence) file and a manifest of what was there, restored only into an empty database unless
the operator forces it, and checked against the manifest afterwards.

The archive: ``manifest.json`` (format, when, the database engine and its dump's checksum,
every table's row count, every media file's name, size and sha256), the dump
(``operations.backup_databases``) and ``media/<name>`` per file. Media are read and written only
through Django's storage API, so evidence on an object store is backed up like evidence on
disk. A restore reads the archive without extracting it (no member can land outside where it
is meant to), checks every checksum before it touches anything, and says what failed in words.
"""
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
from django import db
from django.core.files import File

from . import backup_databases as databases

FORMAT = "qaportal-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
CHUNK = 1024 * 1024
# Media are copied through a temporary file that stays in memory up to this size.
SPOOL_BYTES = 8 * 1024 * 1024

NO_FILE = "There is no backup file at {path}."
NOT_A_BACKUP = "{path} is not a QA Portal backup: {why}."
WRONG_ENGINE = ("{path} holds a {found} database but the configured database is {wanted}: "
                "restore it where DATABASE_URL names the same kind of database.")
NOT_EMPTY = ("The database {name} already holds {tables} ({rows}). Restoring would "
             "replace them: run again with FORCE=1 (make) or --force (manage.py) to do so.")
MEDIA_CONFLICT = ("{count} media file(s) already in storage differ from the backup's copy "
                  "(first: {name}). Run again with FORCE=1 (make) or --force (manage.py) to "
                  "replace them.")
DAMAGED = "it is damaged or cut short"
DATABASE_FAILED = "The database {name} could not be read or written: {error}"
MEDIA_NAME_TAKEN = "Storage saved {name} as {saved}: the backup's name was taken."


class BackupError(Exception):
    """An expected problem with a backup or restore; the message is for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    vanished: tuple = ()  # media files deleted while the backup ran


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    mismatches: tuple = field(default=())  # what differs from the manifest after restoring


def human_bytes(size: int) -> str:
    """A size as an operator reads it: 812 bytes, 14 KB, 3.2 MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def counted(number: int, noun: str) -> str:
    """"1 table", "75 tables"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# Writing ---------------------------------------------------------------------------------

def storage_names(storage, folder: str = "") -> list[str]:
    """Every file name in ``storage`` under ``folder``, walked through ``listdir`` (which the
    filesystem and object-store backends both offer), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a filesystem storage whose folder was never made: no files
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += storage_names(storage, prefix + sub)
    return sorted(names)


def _spool_with_digest(source, spool) -> tuple[int, str]:
    """Copy ``source`` into ``spool`` in chunks; its size and sha256."""
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        spool.write(chunk)
    spool.seek(0)
    return size, digest.hexdigest()


def _add(tar: tarfile.TarFile, name: str, fileobj, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(time.time())
    tar.addfile(info, fileobj)


def _file_digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as handle:
        return _spool_with_digest(handle, _Discard())


class _Discard:
    """A write-only sink: hashing a file without keeping a copy."""

    def write(self, data):
        return len(data)

    def seek(self, offset):
        return offset


def _new_archive_path(folder: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    path, number = folder / f"qaportal-backup-{stamp}.tar", 1
    while path.exists():
        number += 1
        path = folder / f"qaportal-backup-{stamp}-{number}.tar"
    return path


def write_backup(*, database: dict, storage, folder: Path) -> BackupResult:
    """Write one timestamped backup of ``database`` and every file in ``storage`` into
    ``folder``. The file appears under its final name only when complete, readable by its
    owner only (it holds everyone's data, password hashes included)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            dump, tables = databases.dump_database(database, Path(scratch))
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=".partial",
                                             delete=False) as partial:
                try:
                    media, vanished = _write_archive(partial, dump=dump, tables=tables,
                                                     engine=databases.vendor(database),
                                                     storage=storage)
                except BaseException:
                    partial.close()
                    Path(partial.name).unlink(missing_ok=True)
                    raise
            path = _new_archive_path(folder)
            os.replace(partial.name, path)
    except databases.DatabaseError as error:
        raise BackupError(str(error)) from None
    except db.Error as error:
        raise BackupError(DATABASE_FAILED.format(name=database["NAME"], error=error)) from None
    return BackupResult(path=path, tables=len(tables), rows=sum(tables.values()),
                        media_files=len(media), media_bytes=sum(m["size"] for m in media),
                        vanished=tuple(vanished))


def _write_archive(fileobj, *, dump: Path, tables: dict, engine: str, storage):
    """The dump, then the media, then the manifest (which needs their checksums) as a tar."""
    dump_size, dump_sha = _file_digest(dump)
    with tarfile.open(fileobj=fileobj, mode="w", format=tarfile.PAX_FORMAT) as tar:
        with dump.open("rb") as handle:
            _add(tar, dump.name, handle, dump_size)
        media, vanished = _write_media(tar, storage)
        manifest = {
            "format": FORMAT, "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": {"engine": engine, "file": dump.name, "size": dump_size, "sha256": dump_sha},
            "tables": tables,
            "media": media,
        }
        body = json.dumps(manifest, indent=1, sort_keys=True).encode()
        _add(tar, MANIFEST, io.BytesIO(body), len(body))
    return media, vanished


def _write_media(tar, storage) -> tuple[list[dict], list[str]]:
    """Every file in ``storage`` into ``media/``; the manifest entries, and the names of files
    deleted between listing and reading (the database dump, taken first, may name them)."""
    entries, vanished = [], []
    for name in storage_names(storage):
        try:
            source = storage.open(name, "rb")
        except FileNotFoundError:
            vanished.append(name)
            continue
        with source, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            size, sha = _spool_with_digest(source, spool)
            _add(tar, MEDIA + name, spool, size)
        entries.append({"name": name, "size": size, "sha256": sha})
    return entries, vanished


# Reading and checking --------------------------------------------------------------------

def safe_name(name) -> bool:
    """A relative POSIX path with no ``..``, no empty or ``.`` part and no backslash: a name
    that cannot point outside the folder it is put in, on any storage."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in name.split("/"))


def _is_sha256(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _is_size(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_manifest(manifest) -> str | None:
    """What is wrong with a manifest, or None."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return "its manifest is not a QA Portal backup manifest"
    if manifest.get("version") != VERSION:
        return f"its format version is {manifest.get('version')!r}; this release reads {VERSION}"
    dump = manifest.get("database")
    if (not isinstance(dump, dict) or not isinstance(dump.get("engine"), str)
            or dump["engine"] not in databases.DUMP_NAMES
            or dump.get("file") != databases.DUMP_NAMES[dump["engine"]]
            or not _is_size(dump.get("size")) or not _is_sha256(dump.get("sha256"))):
        return "its manifest does not describe the database dump"
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not all(
            isinstance(k, str) and _is_size(v) for k, v in tables.items()):
        return "its manifest's table counts are not names and numbers"
    media = manifest.get("media")
    if not isinstance(media, list) or not all(
            isinstance(m, dict) and safe_name(m.get("name")) and _is_size(m.get("size"))
            and _is_sha256(m.get("sha256")) for m in media):
        return "its manifest's media list has an entry without a safe name, a size and a sha256"
    if len({m["name"] for m in media}) != len(media):
        return "its manifest names a media file twice"
    return None


@contextmanager
def opened(path: Path):
    """``open_archive`` for a ``with`` block, closing the tar file at its end."""
    archive = open_archive(path)
    try:
        yield archive
    finally:
        archive.tar.close()


@dataclass
class Archive:
    """An opened backup whose manifest and member list have been checked."""

    path: Path
    tar: tarfile.TarFile
    manifest: dict
    members: dict  # member name -> TarInfo

    @property
    def engine(self) -> str:
        return self.manifest["database"]["engine"]

    def member(self, name: str):
        return self.tar.extractfile(self.members[name])


def open_archive(path: Path) -> Archive:
    """Open and check a backup: a tar file whose only members are the manifest, the dump it
    names and the media it lists, each a plain file of the size the manifest says, under a
    name that cannot escape. Nothing is extracted; :class:`BackupError` says what is wrong."""
    if not path.is_file():
        raise BackupError(NO_FILE.format(path=path))

    def refuse(why):
        return BackupError(NOT_A_BACKUP.format(path=path, why=why))

    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115 (closed by opened() or on a refusal)
    except (tarfile.TarError, OSError):
        raise refuse("it is not a tar file") from None
    try:
        try:
            listed = tar.getmembers()
        except (tarfile.TarError, EOFError, OSError):
            raise refuse(DAMAGED) from None
        members = {}
        for info in listed:
            if not safe_name(info.name):
                raise refuse(f"it holds {info.name!r}, a name outside the backup")
            if not info.isreg():
                raise refuse(f"{info.name!r} is not a plain file")
            if info.name in members:
                raise refuse(f"it holds {info.name!r} twice")
            members[info.name] = info
        if MANIFEST not in members:
            raise refuse(f"it has no {MANIFEST}")
        try:
            manifest = json.loads(tar.extractfile(members[MANIFEST]).read())
        except ValueError:
            raise refuse(f"its {MANIFEST} is not JSON") from None
        problem = _check_manifest(manifest)
        if problem:
            raise refuse(problem)
        expected = {MANIFEST: None, manifest["database"]["file"]: manifest["database"]["size"]}
        expected |= {MEDIA + m["name"]: m["size"] for m in manifest["media"]}
        if set(members) != set(expected):
            odd = sorted(set(members) ^ set(expected))
            raise refuse(f"its files and its manifest disagree (first: {odd[0]})")
        for name, size in expected.items():
            if size is not None and members[name].size != size:
                raise refuse(f"{name} is {members[name].size} bytes; the manifest says {size}")
    except BaseException:
        tar.close()
        raise
    return Archive(path=path, tar=tar, manifest=manifest, members=members)


def _check_member(archive: Archive, name: str, sha256: str, into) -> None:
    """Copy a member into ``into`` and check its checksum against the manifest."""
    _, found = _spool_with_digest(archive.member(name), into)
    if found != sha256:
        raise BackupError(NOT_A_BACKUP.format(
            path=archive.path, why=f"{name} does not match its checksum (the file is damaged)"))


# Restoring -------------------------------------------------------------------------------

def _storage_sha256(storage, name: str) -> str | None:
    """The sha256 of a stored file, or None when storage has no such file."""
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return _spool_with_digest(handle, _Discard())[1]


def restore_backup(*, path: Path, database: dict, storage, force: bool) -> RestoreResult:
    """Restore the backup at ``path`` into ``database`` (created if absent) and ``storage``.

    Refuses, before changing anything, a damaged or foreign archive, a database of another
    engine, a database that holds tables and media files that differ from the backup's,
    unless ``force``. Then loads the dump, saves every media file through ``storage``, and
    counts again: the result lists whatever differs from the manifest."""
    with opened(path) as archive:
        manifest = archive.manifest
        try:
            engine = databases.vendor(database)
            if engine != archive.engine:
                raise BackupError(WRONG_ENGINE.format(path=path, found=archive.engine, wanted=engine))
            state = databases.database_state(database)
            if not state.empty and not force:
                raise BackupError(NOT_EMPTY.format(
                    name=database["NAME"], tables=counted(len(state.tables), "table"),
                    rows=counted(sum(state.tables.values()), "row")))
            with tempfile.TemporaryDirectory() as scratch:
                dump = Path(scratch) / manifest["database"]["file"]
                with dump.open("wb") as into:
                    _check_member(archive, dump.name, manifest["database"]["sha256"], into)
                for entry in manifest["media"]:
                    _check_member(archive, MEDIA + entry["name"], entry["sha256"], _Discard())
                differing = [m["name"] for m in manifest["media"]
                             if _storage_sha256(storage, m["name"]) not in (None, m["sha256"])]
                if differing and not force:
                    raise BackupError(MEDIA_CONFLICT.format(count=len(differing), name=differing[0]))
                databases.load_database(database, dump, replace=not state.empty)
            _restore_media(archive, storage)
            restored = databases.table_counts(database)
        except (tarfile.TarError, EOFError):
            raise BackupError(NOT_A_BACKUP.format(path=path, why=DAMAGED)) from None
        except databases.DatabaseError as error:
            raise BackupError(str(error)) from None
        except db.Error as error:
            raise BackupError(DATABASE_FAILED.format(name=database["NAME"], error=error)) from None
    mismatches = [f"table {name}: {restored.get(name, 'missing')} rows, the manifest says {count}"
                  for name, count in manifest["tables"].items() if restored.get(name) != count]
    mismatches += [f"table {name}: not in the backup" for name in restored
                   if name not in manifest["tables"]]
    for entry in manifest["media"]:
        if _storage_sha256(storage, entry["name"]) != entry["sha256"]:
            mismatches.append(f"media {entry['name']}: missing or not as backed up")
    return RestoreResult(tables=len(restored), rows=sum(restored.values()),
                         media_files=len(manifest["media"]),
                         media_bytes=sum(m["size"] for m in manifest["media"]),
                         mismatches=tuple(mismatches))


def _restore_media(archive: Archive, storage) -> None:
    """Save every media file of the backup under its own name through ``storage``; a file
    already there with the same content is left as it is, one that differs is replaced (the
    caller has refused that unless forced)."""
    for entry in archive.manifest["media"]:
        name = entry["name"]
        current = _storage_sha256(storage, name)
        if current == entry["sha256"]:
            continue
        if current is not None:
            storage.delete(name)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            _check_member(archive, MEDIA + name, entry["sha256"], spool)
            saved = storage.save(name, File(spool, name=PurePosixPath(name).name))
        if saved != name:
            raise BackupError(MEDIA_NAME_TAKEN.format(name=name, saved=saved))
