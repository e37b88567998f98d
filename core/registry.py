"""The one shape of a start-up extension point: an ordered, idempotent list that apps higher
in the layers fill from their ``AppConfig.ready``, so a lower app runs their rules without
importing them (see docs/development/extension-points.md)."""
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Entries another app adds at start-up, kept in the order they were first registered.

    The module that owns an extension point makes one registry and states its contract (who
    may register, the call signature, what an entry returns or raises) in its docstring;
    the code that runs the entries reads ``registered()``, so the loop shows that other
    apps' entries apply.

    - ``register(entry)`` adds ``entry`` once: registering an equal entry again (a second
      ``ready()``, say) changes nothing. It returns ``entry``, so it also works as a decorator.
    - ``registered()`` is a snapshot, in registration order; registering later does not
      change a snapshot already taken.
    """

    def __init__(self, name: str):
        self.name = name
        self._entries: list[T] = []

    def register(self, entry: T) -> T:
        if entry not in self._entries:
            self._entries.append(entry)
        return entry

    def registered(self) -> tuple[T, ...]:
        return tuple(self._entries)

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self._entries)} registered>"

