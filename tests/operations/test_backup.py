"""Backup and restore (``manage.py backup`` / ``restore``): the demo data and its evidence files
go into one file and come back into an empty, an absent or (forced) a used database with every
row, score and file as they were; a used database is refused without force; a damaged or
hostile archive is refused before anything is touched, in words and never with a traceback.

The backup reads the test database from outside the test's transaction (pg_dump is another
process), so the round trips are transactional tests. Each restores into a scratch database of
its own, named by process so that parallel workers never meet, dropped at the end.
"""
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from assessments import services
from assessments.models import Assessment, EvidenceFile, Response
from assessments.selectors import assessment_result
from frameworks.models import RatingLevel, Section
from operations.backup import BackupError, restore_backup, safe_name, write_backup
from organisations.models import User

POSTGRESQL = connection.vendor == "postgresql"
RESTORED = "restored"  # the scratch database's connection alias
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(scope="module")
def frameworks_loaded_again_afterwards(django_db_setup, django_db_blocker):
    """A transactional test empties the test database when it ends; load the frameworks again
    once this module's tests are done, leaving the database as the session set it up for the
    tests that run after these on the same worker."""
    yield
    with django_db_blocker.unblock():
        call_command("load_frameworks", verbosity=0)


def transactional(test):
    """A test whose data is committed, so that pg_dump (another process) sees it."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.usefixtures("frameworks_loaded_again_afterwards")(test)


# Scratch databases -----------------------------------------------------------------------

def _server(name: str):
    """A psycopg connection to the test server's ``postgres`` database."""
    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"],
                           password=db["PASSWORD"] or None, dbname=name, autocommit=True)


class Scratch:
    """A database beside the test database, as a connection alias (``restored``) the restore
    command and the ORM can use: absent until ``create()`` or a restore makes it."""

    def __init__(self, tmp_path: Path):
        unique = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
        if POSTGRESQL:
            self.name = f"qaportal_restore_{unique}"
        else:
            self.name = str(tmp_path / "restored" / f"restore-{unique}.sqlite3")
        self.settings = {**connection.settings_dict, "NAME": self.name, "TEST": {}}

    def create(self, *, with_table: bool = False):
        """Make the database, empty, or holding a table ``stray`` with one row."""
        if POSTGRESQL:
            with _server("postgres") as server:
                server.execute(f'CREATE DATABASE "{self.name}"')
            if with_table:
                with _server(self.name) as db:
                    db.execute("CREATE TABLE stray (note text); INSERT INTO stray VALUES ('old')")
        else:
            Path(self.name).parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.name) as db:
                db.execute("PRAGMA user_version = 1")  # a real, empty database file
                if with_table:
                    db.execute("CREATE TABLE stray (note text)")
                    db.execute("INSERT INTO stray VALUES ('old')")
            db.close()

    def exists(self) -> bool:
        if POSTGRESQL:
            with _server("postgres") as server:
                return server.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                      [self.name]).fetchone() is not None
        return Path(self.name).exists()

    def drop(self):
        if POSTGRESQL:
            with _server("postgres") as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path):
    """A scratch database for this test alone, registered as the ``restored`` alias."""
    found = Scratch(tmp_path)
    connections.settings[RESTORED] = found.settings
    yield found
    connections[RESTORED].close()
    del connections[RESTORED]
    del connections.settings[RESTORED]
    found.drop()


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Evidence files under this test's own folder (default_storage follows MEDIA_ROOT)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# What the comparison reads, on either database --------------------------------------------

def connected(alias: str):
    """The connection for ``alias``, opened. Django's test case forbids opening a connection to
    an alias outside its ``databases`` (which must exist before the test starts and are flushed
    after it); the scratch database is made during the test and dropped by its fixture, so it is
    opened here directly."""
    db = connections[alias]
    if db.connection is None:
        db.connect()
    return db


def row_counts(alias: str) -> dict[str, int]:
    """Every table's row count, counted here rather than by the code under test."""
    db = connected(alias)
    with db.cursor() as cursor:
        counts = {}
        for table in db.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def scores(alias: str) -> dict:
    """Every self-assessment's result by the project's own scoring, read from ``alias``."""
    connected(alias)
    found = {}
    for assessment in Assessment.objects.using(alias).select_related("framework"):
        framework = assessment.framework
        found[(assessment.provider_id, framework.slug, assessment.period)] = assessment_result(
            assessment,
            sections=list(Section.objects.using(alias).filter(framework=framework).order_by("order")),
            responses=list(Response.objects.using(alias).filter(assessment=assessment)
                           .select_related("level", "criterion")),
            levels=list(RatingLevel.objects.using(alias).filter(scale_id=framework.item_scale_id)
                        .order_by("order")))
    return found


def stored_sha256(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def evidence(alias: str) -> dict[str, str]:
    """Each evidence row's stored name -> the sha256 recorded on the row."""
    connected(alias)
    return dict(EvidenceFile.objects.using(alias).values_list("file", "sha256"))


def add_demo_evidence() -> None:
    """Two evidence files on Riverside's 2025/26 draft, through the service a provider uses."""
    lead = User.objects.get(email="lead@riverside.example")
    draft = Assessment.objects.get(provider__slug="riverside-college", framework_slug="si-qaf",
                                   period="2025/26")
    response = draft.responses.order_by("criterion__order").first()
    services.evidence_add(response=response, by=lead,
                          upload=SimpleUploadedFile("minutes.txt", b"Governors' minutes, May"))
    services.evidence_add(response=response, by=lead, upload=SimpleUploadedFile("plan.pdf", PDF))


def back_up(folder: Path) -> Path:
    out = io.StringIO()
    call_command("backup", folder=str(folder), stdout=out)
    (path,) = folder.glob("qaportal-backup-*.tar")
    assert f"to {path}" in out.getvalue()
    return path


def restore(path: Path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(path), database=RESTORED, stdout=out, **options)
    return out.getvalue()


# Round trips -----------------------------------------------------------------------------

@transactional
def test_the_demo_restored_into_an_empty_database_keeps_every_row_score_and_file(
        media, scratch, settings, tmp_path):
    call_command("load_frameworks", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    add_demo_evidence()
    counts, results, files = row_counts("default"), scores("default"), evidence("default")
    assert len(files) == 2 and all(stored_sha256(name) == sha for name, sha in files.items())
    assert any(r.score == 34 and r.max_score == 36 for r in results.values())  # Riverside 2024/25

    path = back_up(tmp_path / "backups")
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["tables"] == counts
    assert {m["name"]: m["sha256"] for m in manifest["media"]} == files

    scratch.create()
    settings.MEDIA_ROOT = tmp_path / "restored-media"  # a storage that has never seen the files
    said = restore(path)

    assert "every table's row count and every media file's checksum match" in said
    assert row_counts(RESTORED) == counts
    assert scores(RESTORED) == results
    assert evidence(RESTORED) == files
    assert {name: stored_sha256(name) for name in files} == files


@pytest.fixture
def small_backup(frameworks, media, tmp_path) -> tuple[Path, dict[str, int]]:
    """A backup of the test database as it stands (the frameworks) with one media file."""
    default_storage.save("evidence/1/1/note", io.BytesIO(b"a note"))
    return back_up(tmp_path / "backups"), row_counts("default")


@pytest.mark.django_db  # refused before the backup's contents matter: no need to commit them
def test_restore_refuses_a_database_that_holds_tables_without_force(
        small_backup, scratch, settings, tmp_path):
    path, _ = small_backup
    scratch.create(with_table=True)
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(CommandError, match=r"already holds 1 table \(1 row\).*FORCE=1"):
        restore(path)

    assert row_counts(RESTORED) == {"stray": 1}
    assert not default_storage.exists("evidence/1/1/note")


@transactional
def test_restore_with_force_replaces_a_database_that_holds_tables_and_media_that_differ(
        small_backup, scratch, settings, tmp_path):
    path, counts = small_backup
    scratch.create(with_table=True)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    default_storage.save("evidence/1/1/note", io.BytesIO(b"someone else's note"))

    assert "match the backup's manifest" in restore(path, force=True)

    assert row_counts(RESTORED) == counts  # "stray" is gone
    assert stored_sha256("evidence/1/1/note") == hashlib.sha256(b"a note").hexdigest()


@transactional
def test_restore_creates_an_absent_database(small_backup, scratch, settings, tmp_path):
    path, counts = small_backup
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert not scratch.exists()

    assert "match the backup's manifest" in restore(path)

    assert row_counts(RESTORED) == counts


@pytest.mark.django_db
def test_restore_refuses_media_that_differ_from_the_backup_without_force(
        small_backup, scratch, settings, tmp_path):
    path, _ = small_backup
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    default_storage.save("evidence/1/1/note", io.BytesIO(b"someone else's note"))

    with pytest.raises(CommandError, match=r"1 media file\(s\) .* differ .*evidence/1/1/note"):
        restore(path)

    assert not scratch.exists()  # refused before the database was made
    assert stored_sha256("evidence/1/1/note") == hashlib.sha256(b"someone else's note").hexdigest()


@pytest.mark.django_db
def test_media_go_through_the_storage_api_wherever_the_storage_keeps_them(scratch, tmp_path):
    """Neither side has a folder on disk (as with an object store): only the storage API can
    list, read and write these files."""
    source, target = InMemoryStorage(), InMemoryStorage()
    files = {"evidence/3/7/a1b2": b"minutes", "evidence/3/8/c3d4": PDF, "logo": b"\x89PNG"}
    for name, body in files.items():
        source.save(name, io.BytesIO(body))

    made = write_backup(database=connection.settings_dict, storage=source, folder=tmp_path / "out")
    done = restore_backup(path=made.path, database=scratch.settings, storage=target, force=False)

    assert made.media_files == done.media_files == 3 and done.mismatches == ()
    assert {name: target.open(name).read() for name in files} == files


# Archives that are refused before anything is touched ------------------------------------

def sqlite_target(tmp_path) -> dict:
    """An absent SQLite database to restore into (whatever the suite's engine)."""
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "target.sqlite3"),
            "OPTIONS": {}}


def archive(tmp_path, members: dict, manifest=None, *, extra=()) -> Path:
    """A tar with ``members`` (name -> bytes) and a manifest describing them (or ``manifest``)."""
    if manifest is None:
        dump = members.get("database.sqlite3", b"")
        manifest = {
            "format": "qaportal-backup", "version": 1,
            "database": {"engine": "sqlite", "file": "database.sqlite3", "size": len(dump),
                         "sha256": hashlib.sha256(dump).hexdigest()},
            "tables": {},
            "media": [{"name": name.removeprefix("media/"), "size": len(body),
                       "sha256": hashlib.sha256(body).hexdigest()}
                      for name, body in members.items() if name.startswith("media/")],
        }
    path = tmp_path / "crafted.tar"
    with tarfile.open(path, "w") as tar:
        for name, body in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
        for info in extra:
            tar.addfile(info)
    return path


@pytest.mark.parametrize("name", ["../escaped", "/etc/escaped", "media/../../escaped",
                                  "media/./x", "media\\..\\x"])
def test_an_archive_member_that_could_escape_is_refused(tmp_path, name):
    path = archive(tmp_path, {"database.sqlite3": b"x", name: b"payload"})
    with pytest.raises(BackupError, match="a name outside the backup"):
        restore_backup(path=path, database=sqlite_target(tmp_path), storage=default_storage,
                       force=True)
    assert not (tmp_path.parent / "escaped").exists()
    assert not (tmp_path / "target.sqlite3").exists()


def test_a_link_in_the_archive_is_refused(tmp_path):
    link = tarfile.TarInfo("media/evidence/link")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    path = archive(tmp_path, {"database.sqlite3": b"x"}, extra=[link])
    with pytest.raises(BackupError, match="is not a plain file"):
        restore_backup(path=path, database=sqlite_target(tmp_path), storage=default_storage,
                       force=True)


def test_a_file_the_manifest_does_not_list_is_refused(tmp_path):
    good = archive(tmp_path, {"database.sqlite3": b"x"})
    with tarfile.open(good) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    path = archive(tmp_path, {"database.sqlite3": b"x", "media/evidence/extra": b"?"}, manifest)
    with pytest.raises(BackupError, match="its files and its manifest disagree"):
        restore_backup(path=path, database=sqlite_target(tmp_path), storage=default_storage,
                       force=True)


def test_a_damaged_dump_is_refused_by_its_checksum(tmp_path, media):
    good = archive(tmp_path, {"database.sqlite3": b"abc", "media/evidence/a": b"file"})
    with tarfile.open(good) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    path = archive(tmp_path, {"database.sqlite3": b"abd", "media/evidence/a": b"file"}, manifest)
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(path=path, database=sqlite_target(tmp_path), storage=default_storage,
                       force=False)
    assert not (tmp_path / "target.sqlite3").exists()
    assert not default_storage.exists("evidence/a")


def test_an_archive_cut_short_is_refused_as_damaged(tmp_path, media):
    body = bytes(range(256)) * 64
    whole = archive(tmp_path, {"database.sqlite3": b"x", "media/evidence/big": body})
    cut = tmp_path / "cut.tar"
    cut.write_bytes(whole.read_bytes()[:4096])
    with pytest.raises(BackupError, match="is damaged or cut short"):
        restore_backup(path=cut, database=sqlite_target(tmp_path), storage=default_storage,
                       force=True)
    assert not (tmp_path / "target.sqlite3").exists()


@pytest.mark.parametrize(("manifest", "why"), [
    ({"format": "something else"}, "not a QA Portal backup manifest"),
    ({"format": "qaportal-backup", "version": 99}, "format version is 99"),
    ({"format": "qaportal-backup", "version": 1, "database": {"engine": "oracle"}},
     "does not describe the database dump"),
    ({"format": "qaportal-backup", "version": 1, "database": {"engine": ["sqlite"]}},
     "does not describe the database dump"),
])
def test_a_foreign_manifest_is_refused(tmp_path, manifest, why):
    path = archive(tmp_path, {"database.sqlite3": b"x"}, manifest)
    with pytest.raises(BackupError, match=why):
        restore_backup(path=path, database=sqlite_target(tmp_path), storage=default_storage,
                       force=True)


@pytest.mark.parametrize(("name", "safe"), [
    ("evidence/1/2/abc", True), ("a", True), ("", False), ("/a", False), ("a/../b", False),
    ("a//b", False), ("./a", False), ("a\\b", False), ("a/\x00", False), (None, False),
])
def test_safe_names_stay_inside_their_folder(name, safe):
    assert safe_name(name) is safe


def test_a_missing_backup_fails_in_words_without_a_traceback(tmp_path):
    """From the shell, as an operator runs it: a message and exit status 1, no traceback."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    done = subprocess.run([sys.executable, "manage.py", "restore", str(tmp_path / "missing.tar")],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert f"Restore failed: There is no backup file at {tmp_path / 'missing.tar'}." in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "db.sqlite3").exists()


def test_a_file_that_is_not_a_tar_is_refused_in_words(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")
    with pytest.raises(CommandError, match="is not a QA Portal backup: it is not a tar file"):
        call_command("restore", str(notes))


# Settings --------------------------------------------------------------------------------

def default_storage_setting(env: dict) -> dict:
    """STORAGES["default"] as the base settings read it from ``env``, in a fresh process."""
    code = "import json; from qaportal.settings import base; print(json.dumps(base.STORAGES['default']))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    done = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env={**clean, **env},
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_evidence_files_stay_on_the_filesystem_without_a_bucket():
    assert default_storage_setting({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_in_the_environment_puts_evidence_files_on_an_s3_compatible_store():
    found = default_storage_setting({"AWS_STORAGE_BUCKET_NAME": "qa-evidence",
                                     "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
                                     "AWS_S3_REGION_NAME": "uk-south",
                                     "AWS_SECRET_ACCESS_KEY": "never-in-settings"})
    assert found["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "qa-evidence", "https://objects.example.org", "uk-south")
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert "never-in-settings" not in json.dumps(found)
