"""The rule registry: one module per rule, collected here in code order."""

from __future__ import annotations

import importlib

from ..codes import ALL_CODES
from .base import Rule

_MODULES = {
    "CNV101": "handrolled_window",
    "CNV301": "half_flip",
    "CNV302": "transpose_as_flip",
    "CNV303": "quarter_turn_as_flip",
}


def register(code: str, module: str) -> None:
    """Add a rule module to the registry (used by the rule packages themselves)."""
    _MODULES[code] = module


def load_rules() -> dict[str, type[Rule]]:
    """Import every rule module and return ``{code: rule class}`` in code order."""
    out: dict[str, type[Rule]] = {}
    for code in ALL_CODES:
        module_name = _MODULES.get(code)
        if module_name is None:
            continue
        module = importlib.import_module(f"{__name__}.{module_name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule:
                if getattr(value, "CODE", None) == code:
                    out[code] = value
    return out
