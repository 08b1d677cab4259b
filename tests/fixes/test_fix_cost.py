"""``fix`` on a file with one huge literal does work for the statements it edits only.

Issue 11: ``fix`` took 14-20 s on a 129 KB file holding one 20,000-element list literal
(``check`` 1.5 s); libcst's import visitors and the node replacer walked the list on every
pass.  Timings belong in ``benchmarks/scaling.py --shape list --command fix``; this test
pins the cause away: neither the replacer nor the import visitors ever see the list.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from flake8_convflip.fix import apply
from flake8_convflip.fix.apply import fix_source

TABLE = "TABLE = [" + ", ".join(str(n % 1000) for n in range(20_000)) + "]\n"
SOURCE = (
    "import numpy as np\nfrom scipy.signal import convolve2d\n\n"
    + TABLE
    + """
def check_0(X, K):
    print((X[:3, :3] * K).sum())
    Y = convolve2d(X, K, "valid")
    print(Y[0, 0])
"""
)


def test_the_replacer_and_the_import_visitors_never_walk_the_list(monkeypatch) -> None:
    visited: list[type] = []
    seen_by_imports: list[str] = []
    on_visit = apply._Replacer.on_visit

    def counting(self, node: cst.CSTNode) -> bool:
        visited.append(type(node))
        return on_visit(self, node)

    monkeypatch.setattr(apply._Replacer, "on_visit", counting)
    for visitor in (AddImportsVisitor, RemoveImportsVisitor):
        real = visitor.transform_module

        def recording(self, module: cst.Module, real=real) -> cst.Module:
            seen_by_imports.append(module.code)
            return real(self, module)

        monkeypatch.setattr(visitor, "transform_module", recording)
    result = fix_source(SOURCE, ["CNV101"], unsafe=True)
    assert [f.code for f in result.applied] == ["CNV101"]
    assert 'Y = xcorr2d(X, K, "valid")' in result.source and TABLE in result.source
    assert 0 < len(visited) < 1000, len(visited)  # the list alone has 40,000 nodes
    assert cst.List not in visited
    assert seen_by_imports and all("TABLE = [" not in code for code in seen_by_imports)
    assert all(len(code) < 1000 for code in seen_by_imports)
