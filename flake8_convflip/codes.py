"""The rule codes, as plain data (importable without libcst: the gate needs them)."""

from __future__ import annotations

# CNV000 is not a rule: it reports an internal error or a file skipped over its budget
# (see engine.py), and is listed so that select/ignore and noqa treat it like any code.
INTERNAL_CODE = "CNV000"
ALL_CODES: tuple[str, ...] = (
    INTERNAL_CODE,
    "CNV101",
    "CNV102",
    "CNV201",
    "CNV202",
    "CNV203",
    "CNV204",
    "CNV205",
    "CNV206",
    "CNV301",
    "CNV302",
    "CNV303",
    "CNV401",
    "CNV402",
    "CNV403",
    "CNV501",
)
DEFAULT_DISABLED: frozenset[str] = frozenset({"CNV102", "CNV501"})
DEFAULT_ENABLED: frozenset[str] = frozenset(ALL_CODES) - DEFAULT_DISABLED
RULE_CODES: tuple[str, ...] = ALL_CODES[1:]  # the codes rules report


def _matches(code: str, patterns: list[str] | tuple[str, ...]) -> int:
    """Length of the longest pattern that is a prefix of ``code`` (0 when none)."""
    best = 0
    for raw in patterns:
        pattern = raw.strip().upper()
        if pattern == "ALL":
            pattern = ""
            best = max(best, 1)
        if pattern and code.startswith(pattern):
            best = max(best, len(pattern))
    return best


def enabled_codes(
    select: list[str] | tuple[str, ...] = (),
    ignore: list[str] | tuple[str, ...] = (),
    extend_select: list[str] | tuple[str, ...] = (),
) -> frozenset[str]:
    """Resolve select/ignore prefixes to the codes that run, as flake8 and ruff do.

    Without ``select`` the default-enabled rules run; ``select`` replaces that set
    (so ``--select CNV`` also turns on the default-off rules, as in flake8),
    ``extend_select`` adds to it, and ``ignore`` removes a code unless a longer
    selecting prefix names it.
    """
    out = set()
    for code in ALL_CODES:
        if select:
            chosen = _matches(code, select)
        else:
            chosen = 0 if code in DEFAULT_DISABLED else 1
        chosen = max(chosen, _matches(code, extend_select))
        if chosen and chosen >= _matches(code, ignore):
            out.add(code)
    return frozenset(out)
