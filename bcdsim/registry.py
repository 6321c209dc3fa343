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
