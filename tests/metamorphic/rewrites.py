"""The metamorphic rewrites: every equivalence-preserving rewrite the suite applies.

Each rewrite is a libcst transformer with a name and a family, and returns None where it
does not apply (see :mod:`.base` for how lines are followed through a rewrite, and the
family modules for what each rewrite does and where it refuses to act):

- ``rename``: consistent renaming of variables and parameters, or of functions
  (:mod:`.rw_names`);
- ``conversion``, ``slice``, ``reduction``: ``.astype(float)`` / ``np.asarray`` at
  definitions and uses, ``:3`` / ``0:3`` / ``i:3+i``, the six product-sum spellings
  (:mod:`.rw_values`);
- ``flip``: axis reversals, transposes, quarter turns and torch flips (:mod:`.rw_flips`);
- ``extract``, ``intermediate``: a window sum, flip or convolution moved into a helper
  function, a method, or a variable of its own (:mod:`.rw_structure`);
- ``wrap``: the module-level script as a pytest test or a ``unittest`` method
  (:mod:`.rw_wrap`);
- ``comparison``, ``import``: how equality is claimed and how scipy/numpy are imported
  (:mod:`.rw_spelling`).
"""

from __future__ import annotations

from . import rw_flips, rw_names, rw_spelling, rw_structure, rw_values, rw_wrap
from .base import Rewrite, Rewritten, apply

REWRITES: tuple[Rewrite, ...] = (
    *rw_names.REWRITES,
    *rw_values.REWRITES,
    *rw_flips.REWRITES,
    *rw_structure.REWRITES,
    *rw_wrap.REWRITES,
    *rw_spelling.REWRITES,
)
BY_NAME: dict[str, Rewrite] = {r.name: r for r in REWRITES}
if len(BY_NAME) != len(REWRITES):  # pragma: no cover - a programming error
    raise RuntimeError("rewrite names must be unique")

__all__ = ["BY_NAME", "REWRITES", "Rewrite", "Rewritten", "apply"]
