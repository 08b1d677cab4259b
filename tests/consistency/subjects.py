"""The sources the consistency tests run on, and their known disagreements."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from metamorphic.cases import subjects
from metamorphic.survival import pairs, rewritten

from flake8_convflip.codes import ALL_CODES, DEFAULT_ENABLED

CODE_SETS: dict[str, frozenset[str]] = {"default": DEFAULT_ENABLED, "all": frozenset(ALL_CODES)}
KNOWN_DISAGREEMENTS = Path(__file__).resolve().parent / "known_disagreements.txt"
REWRITE_SEED = 20261201
REWRITE_SHARE = {"INVALID": 0.12, "VALID": 0.12, "fixture": 0.05}


def originals() -> list[tuple[str, str]]:
    """``(id, source)`` of every rule example and fixture file."""
    return [(s.ident, s.source) for s in subjects()]


def _chosen(ident: str, rewrite: str, share: float) -> bool:
    digest = hashlib.sha256(f"{REWRITE_SEED}:{ident}:{rewrite}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


@cache
def rewritten_sample() -> list[tuple[str, str]]:
    """``(id, source)`` of a seeded sample of the metamorphic rewrite outputs."""
    out = []
    for subject, rewrite in pairs():
        if _chosen(subject.ident, rewrite, REWRITE_SHARE[subject.kind]):
            result = rewritten(subject, rewrite)
            if result is not None:
                out.append((f"{subject.ident}~{rewrite}", result.source))
    return out


def load_known_disagreements(path: Path = KNOWN_DISAGREEMENTS) -> dict[tuple[str, str, str], str]:
    """``(check, source id, code set) -> reason`` from the known-disagreements file."""
    out: dict[tuple[str, str, str], str] = {}
    if not path.exists():
        return out
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            check, ident, codes, reason = raw.split("\t", 3)
            out[(check, ident, codes)] = reason
    return out
