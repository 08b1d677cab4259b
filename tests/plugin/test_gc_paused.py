"""The cyclic collector is off while a file is analysed and back on afterwards."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from flake8_convflip.budget import gc_paused
from flake8_convflip.codes import DEFAULT_ENABLED, INTERNAL_CODE
from flake8_convflip.engine import Engine, lint_source
from flake8_convflip.rules.handrolled_window import HandRolledWindow

SEED = (Path(__file__).resolve().parents[2] / "examples" / "seed_question.py").read_text()


def test_the_collector_is_off_inside_a_rule_and_on_after_the_file(monkeypatch) -> None:
    seen: list[bool] = []
    run = HandRolledWindow.run

    def spy(self) -> None:
        seen.append(gc.isenabled())
        run(self)

    monkeypatch.setattr(HandRolledWindow, "run", spy)
    assert gc.isenabled()
    findings = lint_source(SEED, DEFAULT_ENABLED)
    assert seen == [False]
    assert gc.isenabled()
    assert any(f.code == "CNV101" for f in findings)  # the analysis itself is unchanged
    seen.clear()
    Engine(DEFAULT_ENABLED).analyze_module(SEED)
    assert seen == [False] and gc.isenabled()


def test_the_collector_comes_back_after_a_failing_rule(monkeypatch) -> None:
    def boom(self) -> None:
        raise MemoryError("injected")

    monkeypatch.setattr(HandRolledWindow, "run", boom)
    findings = lint_source(SEED, DEFAULT_ENABLED)
    assert any(f.code == INTERNAL_CODE for f in findings)
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(KeyError), gc_paused():
        raise KeyError("x")
    assert gc.isenabled()
