"""``[tool.convflip]`` in ``pyproject.toml``: which rules run where, and how fixes behave.

The table is looked up like ruff's: from a starting directory upwards, the first
``pyproject.toml`` that has a ``[tool.convflip]`` table wins, and relative paths in it
(``exclude``, ``per-file-ignores``) are relative to that file's directory.  Keys::

    [tool.convflip]
    select = ["CNV"]              # code prefixes; replaces the default set
    extend-select = ["CNV102"]    # added to it
    ignore = ["CNV402"]
    per-file-ignores = { "tests/*" = ["CNV2"] }
    exclude = ["third_party/**"]  # gitignore-style globs, on top of the defaults
    fix-target = "convflip"       # or "scipy"
    unsafe-fixes = false

The command line wins over the file for every key it also takes.
"""

from __future__ import annotations

import fnmatch
import logging
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .codes import ALL_CODES, enabled_codes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

FIX_TARGETS = ("convflip", "scipy")
_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude")
_KNOWN_KEYS = {*_LIST_KEYS, "per-file-ignores", "fix-target", "unsafe-fixes"}


class ConfigError(ValueError):
    """A ``[tool.convflip]`` table that cannot be used as written."""


@dataclass(frozen=True)
class Config:
    """The settings of one run (file values, later overridden by command-line flags)."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None  # the pyproject.toml the values came from
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    fix_target: str = "convflip"
    unsafe_fixes: bool = False

    def enabled(self) -> frozenset[str]:
        """The codes that run on a file no per-file-ignore names."""
        return enabled_codes(self.select, self.ignore, self.extend_select)

    def ignored_for(self, path: Path | str) -> tuple[str, ...]:
        """The code prefixes ``per-file-ignores`` turns off for ``path``."""
        relative = relative_posix(Path(path), self.root)
        out: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if glob_matches(pattern, relative):
                out.extend(codes)
        return tuple(out)

    def codes_for(self, path: Path | str, codes: Iterable[str] | None = None) -> frozenset[str]:
        """``codes`` (default: :meth:`enabled`) minus this file's per-file-ignores."""
        chosen = self.enabled() if codes is None else frozenset(codes)
        ignored = self.ignored_for(path) if path else ()
        if not ignored:
            return chosen
        removed = enabled_codes(select=ignored)
        return chosen - removed

    def restrict(self, codes: Iterable[str], path: Path | str = "") -> frozenset[str]:
        """Narrow a set chosen elsewhere (flake8's options) by this table's choices.

        Only what the table says counts: without ``select`` it removes its ``ignore``
        codes and the per-file-ignores, and never drops a default-off rule that flake8
        was asked to run.
        """
        allowed = enabled_codes(self.select or ("CNV",), self.ignore, self.extend_select)
        return self.codes_for(path, frozenset(codes) & allowed)


def relative_posix(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` in ``/`` form (the path itself when outside it)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def glob_matches(pattern: str, relative: str) -> bool:
    """Match a ruff/flake8-style glob against a relative path or its file name.

    ``*`` may cross ``/`` (as in flake8's per-file-ignores), ``**/`` also matches no
    directory, and a pattern without ``/`` is tried against the file name as well.
    """
    pattern = pattern.strip().removeprefix("./")
    if not pattern:
        return False
    candidates = {relative, PurePosixPath(relative).name}
    variants = {pattern, pattern.replace("**/", "")}
    if pattern.endswith("/"):
        variants = {pattern + "*"}
    return any(fnmatch.fnmatchcase(c, v) for c in candidates for v in variants)


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` with a ``[tool.convflip]`` table."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        path = candidate / "pyproject.toml"
        if path.is_file() and "convflip" in _read_toml(path).get("tool", {}):
            return path
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read TOML ({exc})") from exc


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Read ``[tool.convflip]`` from ``explicit`` or the nearest pyproject above ``start``."""
    path = explicit or find_pyproject(start or Path.cwd())
    if path is None:  # no table: globs are relative to where the command runs
        return Config(root=Path.cwd().resolve())
    table = _read_toml(path).get("tool", {}).get("convflip", {})
    return from_table(table, path)


def project_config(start: Path | None = None) -> Config | None:
    """The ``[tool.convflip]`` table for the flake8 plugin, or None when there is none.

    A broken table is logged and ignored there: flake8 must keep running the other
    plugins (``convflip check`` reports the same error and exits 2).
    """
    try:
        path = find_pyproject(start or Path.cwd())
        return None if path is None else load_config(explicit=path)
    except ConfigError as exc:
        logging.getLogger("flake8_convflip").warning("ignoring [tool.convflip]: %s", exc)
        return None


def _string_list(table: Mapping[str, Any], key: str, origin: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{origin}: tool.convflip.{key} must be a list of strings")
    return tuple(value)


def _codes(table: Mapping[str, Any], key: str, origin: Path) -> tuple[str, ...]:
    values = tuple(v.strip().upper() for v in _string_list(table, key, origin))
    for value in values:
        if value != "ALL" and not any(code.startswith(value) for code in ALL_CODES):
            raise ConfigError(
                f"{origin}: tool.convflip.{key} names no convflip code: {value!r} "
                f"(codes are {ALL_CODES[0]}..{ALL_CODES[-1]}, or a prefix such as 'CNV3')"
            )
    return values


def _per_file_ignores(table: Mapping[str, Any], origin: Path) -> tuple:
    raw = table.get("per-file-ignores", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: tool.convflip.per-file-ignores must be a table")
    out = []
    for pattern, codes in raw.items():
        key = f'per-file-ignores."{pattern}"'  # the TOML key a user has to edit
        out.append((pattern, _codes({key: codes}, key, origin)))
    return tuple(out)


def check_fix_target(value: object, origin: object = "fix-target") -> str:
    """Validate a fix target, naming the accepted values."""
    if value not in FIX_TARGETS:
        raise ConfigError(f"{origin} must be 'convflip' or 'scipy', got {value!r}")
    return str(value)


def from_table(table: Mapping[str, Any], origin: Path) -> Config:
    """Build a :class:`Config` from a parsed ``[tool.convflip]`` table."""
    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(
            f"{origin}: unknown key(s) in [tool.convflip]: {', '.join(sorted(unknown))}; "
            f"accepted: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    unsafe = table.get("unsafe-fixes", False)
    if not isinstance(unsafe, bool):
        raise ConfigError(f"{origin}: tool.convflip.unsafe-fixes must be true or false")
    return Config(
        root=origin.parent.resolve(),
        source=origin,
        select=_codes(table, "select", origin),
        extend_select=_codes(table, "extend-select", origin),
        ignore=_codes(table, "ignore", origin),
        per_file_ignores=_per_file_ignores(table, origin),
        exclude=_string_list(table, "exclude", origin)
        + _string_list(table, "extend-exclude", origin),
        fix_target=check_fix_target(
            table.get("fix-target", "convflip"), f"{origin}: tool.convflip.fix-target"
        ),
        unsafe_fixes=unsafe,
    )
