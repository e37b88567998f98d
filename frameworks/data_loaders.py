"""Other apps' data files that ``load_frameworks`` (with no paths) loads after the
frameworks and the crosswalks: an app above frameworks registers its folder and loader in
its ``AppConfig.ready`` (outcomes registers its vocabulary, ``fixtures/outcomes``)."""
from collections.abc import Callable
from pathlib import Path

# (folder of *.yaml files, load(path, dry_run=...) -> what it did in words; raises
# FrameworkFileError listing every problem)
LOADERS: list[tuple[Callable[[], Path], Callable[..., str]]] = []


def register(directory: Callable[[], Path], load: Callable[..., str]) -> None:
    if (directory, load) not in LOADERS:
        LOADERS.append((directory, load))
