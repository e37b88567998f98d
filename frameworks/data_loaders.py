"""Extension point: other apps' data files that ``manage.py load_frameworks`` loads.

With no paths, ``load_frameworks`` loads the frameworks, then the crosswalks, then each
registered loader's files, so one command sets up every vocabulary the portal reads from
``fixtures/``. Frameworks sits low in the layers and never imports the apps whose files
these are; they register here instead.

Contract
    Who registers: an app above ``frameworks`` with data files of its own (today
    ``outcomes``: its vocabulary, ``fixtures/outcomes``; ``commissioning``: its due-diligence
    checklists, ``fixtures/checklists``), from its ``AppConfig.ready``:
    ``data_loaders.register(directory, load)``.
    Call: ``directory() -> Path``, the folder (read when the command runs, so settings may
    move it; a missing folder is skipped). ``load(path, *, dry_run=False) -> str`` for each
    ``*.yaml`` in it, in natural order (``v2`` before ``v10``): what it did, in words (shown
    to the user); with ``dry_run`` it writes nothing. A file that cannot be loaded raises
    ``frameworks.loader.FrameworkFileError`` listing every problem with file and line; the
    command then reports it with the others and goes on. The command is idempotent, so a
    loader is too: an unchanged file loaded again writes nothing.
    Order: after the frameworks and the crosswalks; loaders in registration order.
    Idempotent: registering the same pair again changes nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.registry import Registry


@dataclass(frozen=True)
class DataLoader:
    directory: Callable[[], Path]
    load: Callable[..., str]


_loaders: Registry[DataLoader] = Registry("frameworks.data_loaders")
registered = _loaders.registered


def register(directory: Callable[[], Path], load: Callable[..., str]) -> DataLoader:
    return _loaders.register(DataLoader(directory, load))
