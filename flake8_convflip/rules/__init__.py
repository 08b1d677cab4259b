"""The rule registry: every public module in this package holds one rule.

Modules are discovered, not listed, so adding a rule is adding its module (and its
code in :mod:`flake8_convflip.codes` and its gate predicate in
:mod:`flake8_convflip.gate`).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..codes import ALL_CODES
from .base import Rule


@cache
def load_rules() -> dict[str, type[Rule]]:
    """Import every rule module and return ``{code: rule class}`` in code order."""
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value.__module__ == module.__name__
                and "CODE" in vars(value)
            ):
                found[value.CODE] = value
    return {code: found[code] for code in ALL_CODES if code in found}
