"""Positions computed per statement equal libcst's positions over the whole module."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from flake8_convflip import positions
from flake8_convflip.analysis.collect import collect
from flake8_convflip.analysis.exprs import walk
from flake8_convflip.positions import positions_for, whole_module
from flake8_convflip.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]

TRICKY = [
    "# header\n\n@dec\n# between\n@dec2(\n    1)\ndef f():\n    return g(1)\n\n\nx = g(2)\n",
    "import os; y = g(1); z = 2\nif y:\n    w = g(3)\nelse:\n    w = g(4)\n",
    "a = 1\r\nb = g(1)\r\n\r\nclass C:\r\n    v = g(2)\r\n",
    "a = 1\rb = g(1)\r",
    "s = '''\nmulti\n'''\nt = g(1) + \\\n    g(2)\n",
    "\x0cq = g(1)\n\n\x0c\ndef h():\n\x0c    return g(2)\n",
    "async def run():\n    async with g(1) as x:\n        await g(2)\n# trailing\n",
    "@property\nclass K:\n    @staticmethod\n    def m():\n        return g(1)\n",
    "def f():\n\tif a:\n\t\tx = g(1)\n\telif b:\n\t\tx = g(2)\n\telse:\n\t\tx = g(3)\n",
    "try:\n  a = g(1)\nexcept E:\n  b = g(2)\nelse:\n  c = g(3)\nfinally:\n  d = g(4)\n",
    "for i in r:\n    # note\n\n    y = g(i)\nelse:\n    z = g(0)\nwhile q: w = g(5)\n",
    "match v:\n    case 1:\n        m = g(1)\n",
    "class A:\n    def f(self):\n        with g(1) as h:\n            return [g(2) for _ in h]\n",
    "",
    "# only a comment\n",
]


def _sources() -> list[str]:
    out = list(TRICKY)
    for folder in ("examples", "tests/fixtures"):
        out.extend(p.read_text(encoding="utf-8") for p in sorted((ROOT / folder).rglob("*.py")))
    for rule in load_rules().values():
        for example in (*rule.VALID, *rule.INVALID):
            text = example if isinstance(example, str) else example.code
            out.append(textwrap.dedent(text))
    return out


def _calls(module: cst.Module) -> list[cst.CSTNode]:
    return [n for n in walk(module, into_functions=True) if isinstance(n, cst.Call)]


@pytest.mark.parametrize("index", range(len(_sources())))
def test_positions_per_statement_match_the_whole_module(index: int, monkeypatch) -> None:
    source = _sources()[index]
    try:
        tree = ast.parse(source)
        module = cst.parse_module(source)
    except (SyntaxError, cst.ParserSyntaxError):
        pytest.skip("not valid Python")
    full = whole_module(module)
    calls = _calls(module)

    def no_fallback(module):
        raise AssertionError("fell back to positioning the whole module")

    monkeypatch.setattr(positions, "whole_module", no_fallback)
    # with the collector's index of top-level statements, and without it (a walk)
    indexes = (None, collect(module).top_level)
    for wanted in (calls, calls[::3], calls[-1:]):
        for innermost in (False, True):
            for top_level in indexes:
                partial = positions_for(module, wanted, tree, top_level, innermost=innermost)
                assert all(node in partial for node in wanted)
                for node, position in partial.items():
                    assert full[node] == position, (type(node).__name__, position, full[node])


@pytest.mark.parametrize("index", range(len(_sources())))
def test_the_collector_indexes_each_call_and_statement_by_its_top_level_statement(
    index: int,
) -> None:
    try:
        module = cst.parse_module(_sources()[index])
    except cst.ParserSyntaxError:
        pytest.skip("not valid Python")
    top_level = collect(module).top_level
    for position, statement in enumerate(module.body):
        for node in walk(statement, into_functions=True):
            if isinstance(node, (cst.Call, cst.SimpleStatementLine, cst.For, cst.If)):
                assert top_level[id(node)] == position


def test_the_index_spares_walking_statements_without_a_wanted_node(monkeypatch) -> None:
    source = "".join(f"def f{i}():\n    return g({i})\n" for i in range(30))
    module = cst.parse_module(source)
    wanted = _calls(module.body[7])
    walked: list[cst.CSTNode] = []

    def spy(node, into_functions=False):
        walked.append(node)
        return walk(node, into_functions)

    monkeypatch.setattr(positions, "walk", spy)
    partial = positions_for(module, wanted, ast.parse(source), collect(module).top_level)
    assert partial[wanted[0]].start.line == 16
    assert not any(
        statement in walked for statement in module.body if statement is not module.body[7]
    )
    walked.clear()
    positions_for(module, wanted, ast.parse(source))  # without the index: every statement
    assert all(statement in walked for statement in module.body)


def test_positions_without_an_ast_fall_back_to_the_whole_module() -> None:
    module = cst.parse_module("x = g(1)\ny = g(2)\n")
    wanted = _calls(module)[:1]
    assert positions_for(module, wanted, None) == whole_module(module)
    assert positions_for(module, [], None) == {}


def test_only_the_statements_holding_a_wanted_node_are_positioned() -> None:
    source = "".join(f"v{i} = g({i})\n" for i in range(50))
    module = cst.parse_module(source)
    wanted = [module.body[10].body[0].value]
    partial = positions_for(module, wanted, ast.parse(source))
    assert partial[wanted[0]].start.line == 11
    assert module.body[10] in partial and module.body[11] not in partial


def test_innermost_positions_only_the_statement_holding_the_node() -> None:
    source = "def f():\n    a = 1\n    b = g(2)\n    c = 3\n"
    module = cst.parse_module(source)
    function = module.body[0]
    target = function.body.body[1]
    wanted = [target.body[0].value]
    partial = positions_for(module, wanted, ast.parse(source), innermost=True)
    assert partial[wanted[0]] == whole_module(module)[wanted[0]]
    assert target in partial and function not in partial
    assert function.body.body[0] not in partial
