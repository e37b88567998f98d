"""Writes for the framework library: loading one framework data file (command and admin upload)
and one crosswalk file."""
from pathlib import Path

from .loader import FrameworkFileError, LoadResult, parse_framework, write_framework
from .loader.crosswalk import load_crosswalk

NO_SUCH_FILE = "{filename}: no such file"
NOT_UTF8 = "{filename}: the file is not UTF-8 text"


def framework_load(*, path_or_text: Path | str, filename: str, dry_run: bool = False) -> LoadResult:
    """Validate one framework data file and load it in one transaction.

    ``path_or_text`` is a ``Path`` to read, or the file's text as a ``str`` (an upload).
    ``filename`` names the file in messages and is stored as the framework's source file.
    Loading is idempotent: the same content again is "unchanged"; different content under a
    (slug, version) already loaded is refused. With ``dry_run`` nothing is written.
    Raises ``FrameworkFileError`` listing every problem, with file and line.
    """
    text = _read(path_or_text, filename) if isinstance(path_or_text, Path) else path_or_text
    data = parse_framework(text, filename=filename)
    return write_framework(data, source_file=filename, dry_run=dry_run)


def _read(path: Path, filename: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise FrameworkFileError([NO_SUCH_FILE.format(filename=filename)]) from None
    except UnicodeDecodeError:
        raise FrameworkFileError([NOT_UTF8.format(filename=filename)]) from None


def crosswalk_load(*, path_or_text: Path | str, filename: str, dry_run: bool = False) -> str:
    """Validate one crosswalk data file against the loaded frameworks and load it in one
    transaction (``frameworks.loader.crosswalk``); what it did, in words. Raises
    ``FrameworkFileError`` listing every problem, with file and line."""
    text = _read(path_or_text, filename) if isinstance(path_or_text, Path) else path_or_text
    return load_crosswalk(text, filename=filename, dry_run=dry_run)
