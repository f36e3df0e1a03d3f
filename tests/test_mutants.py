"""The curated mutants of tools/mutants.py stay applicable as the helpers change: each snippet occurs
exactly once in its file (else `make mutants` stops with an error, which CI would not see), the
replacement differs and still parses as Python, and the names are unique."""

from __future__ import annotations

import ast

import pytest

from tools.course import ROOT
from tools.mutants import MUTANTS


def test_mutant_names_are_unique_and_at_least_ten():
    names = [m.name for m in MUTANTS]
    assert len(names) >= 10 and len(set(names)) == len(names)


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_mutant_applies_once_and_parses(mutant):
    source = (ROOT / mutant.path).read_text(encoding="utf-8")
    assert source.count(mutant.old) == 1, f"{mutant.name}: its snippet occurs {source.count(mutant.old)} times in {mutant.path}"
    assert mutant.new != mutant.old
    ast.parse(source.replace(mutant.old, mutant.new))
