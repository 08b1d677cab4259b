"""Environment settings read on every call (``CONVFLIP_ACCEL``, ``CONVFLIP_WORKERS``).

``os.environ.get`` of an unset name costs about 0.7 us (the mapping raises and catches a
KeyError), a twentieth of a small call, and a call reads two names. On POSIX
``os.environ`` keeps its values in a plain dict of encoded keys, which every assignment to
``os.environ`` (monkeypatch, ``os.environ[...] = ...``) updates; reading that dict gives the
same answer as ``os.environ.get`` for a tenth of the price. Elsewhere the public mapping is
read.
"""

from __future__ import annotations

import os

_DATA = getattr(os.environ, "_data", None)
_ENCODE = getattr(os.environ, "encodekey", None)
_DECODE = getattr(os.environ, "decodevalue", None)
_FAST = isinstance(_DATA, dict) and callable(_ENCODE) and callable(_DECODE)
_KEYS: dict[str, object] = {}


def env(name: str, default: str) -> str:
    """``os.environ.get(name, default)``."""
    if not _FAST:  # pragma: no cover - depends on the platform
        return os.environ.get(name, default)
    key = _KEYS.get(name)
    if key is None:
        key = _KEYS[name] = _ENCODE(name)
    raw = _DATA.get(key)
    return default if raw is None else _DECODE(raw)
