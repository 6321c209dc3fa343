"""Decorator-filled dispatch tables: one handler per op class / module type / aten name (DESIGN.md §8.3, §8.7)."""
from __future__ import annotations

from collections.abc import Callable, Hashable, MutableMapping
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def registrar(table: MutableMapping[Hashable, F]) -> Callable[..., Callable[[F], F]]:
    """``register = registrar(TABLE)``; then ``@register(key, ...)`` stores the function under each key."""
    def register(*keys: Hashable) -> Callable[[F], F]:
        def store(fn: F) -> F:
            for key in keys:
                table[key] = fn
            return fn
        return store
    return register


class ByClass(dict):
    """A table keyed by class that also answers for subclasses (nearest registered base in the MRO),
    so one handler registered for ``ops.ChannelOp`` serves every per-channel op, while an op with a
    handler of its own keeps it."""

    def _key(self, cls: type) -> type | None:
        for base in getattr(cls, "__mro__", (cls,)):
            if dict.__contains__(self, base):
                return base
        return None

    def __getitem__(self, cls: type):
        key = self._key(cls)
        if key is None:
            raise KeyError(cls)
        return dict.__getitem__(self, key)

    def __contains__(self, cls: object) -> bool:
        return self._key(cls) is not None  # type: ignore[arg-type]

    def get(self, cls: type, default=None):
        key = self._key(cls)
        return default if key is None else dict.__getitem__(self, key)
