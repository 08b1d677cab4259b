"""Building and applying fixes (libcst): safety tiers, imports, atomic writes."""
