"""Resolve local names to dotted library paths from a file's own imports.

No scope metadata: the table is fed by whoever walks the file (the ast gate or the
libcst fact collector) and answers ``resolve("ss.convolve2d")`` with
``"scipy.signal.convolve2d"``.  Only imports of the libraries in
:data:`~flake8_convflip.analysis.apis.KNOWN_ROOTS` are kept, so a name that does not
come from such an import never resolves.
"""

from __future__ import annotations

from .apis import KNOWN_ROOTS


class ImportTable:
    """Local name -> dotted path, for the libraries the rules know."""

    __slots__ = ("_bindings",)

    def __init__(self, bindings: dict[str, str] | None = None) -> None:
        self._bindings: dict[str, str] = dict(bindings or {})

    def copy(self) -> ImportTable:
        return ImportTable(self._bindings)

    def __bool__(self) -> bool:
        return bool(self._bindings)

    def bind_import(self, module: str, asname: str | None) -> None:
        """Record ``import module [as asname]``."""
        if module.split(".", 1)[0] not in KNOWN_ROOTS:
            return
        if asname:
            self._bindings[asname] = module
        else:
            root = module.split(".", 1)[0]
            self._bindings[root] = root

    def bind_from(self, module: str, name: str, asname: str | None) -> None:
        """Record ``from module import name [as asname]``."""
        if name == "*" or module.split(".", 1)[0] not in KNOWN_ROOTS:
            return
        self._bindings[asname or name] = f"{module}.{name}"

    def bind_alias(self, local: str, dotted: str) -> None:
        """Record a local alias such as ``f = ss.convolve2d`` (already resolved)."""
        self._bindings[local] = dotted

    def unbind(self, local: str) -> None:
        """Forget a name that the file rebinds to something else."""
        self._bindings.pop(local, None)

    def resolve(self, dotted: str) -> str | None:
        """The library path of a dotted expression, or None when it is not imported."""
        head, _, rest = dotted.partition(".")
        base = self._bindings.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base
