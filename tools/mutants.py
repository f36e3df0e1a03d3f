"""Curated semantic mutants: plausible bugs in `helpers`, each run against the chapters' own asserts.

Usage: python -m tools.mutants [--list] [NAME ...]   (default: every mutant below)

Each mutant replaces one snippet of `src/helpers` by a plausible wrong version (a wrong alpha
convention, a missing factor 2, a certificate that always says 0, ...). For each one the script
copies the repository's working tree to a temporary folder, applies the change there and executes
every chapter with nbval in lax mode: text outputs are not compared, so only the chapters' own
asserts (and errors) can kill the mutant. A mutant that every chapter survives is a claim the book
makes without checking it. The repository itself is never modified.

A snippet that no longer occurs in its file is an error (exit status 2), not a silent skip: edit
the mutant when the code it targets changes. `make mutants` runs this after mutmut (tool-generated
mutants against the unit tests); the README reports both kill rates.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
from typing import NamedTuple

from tools.course import ROOT


class Mutant(NamedTuple):
    name: str
    path: str  # file under the repository root
    old: str  # exact snippet, must occur exactly once
    new: str
    bug: str  # the mistake it models


MUTANTS = [
    Mutant(
        "lasso-threshold-2alpha",
        "src/helpers/solvers.py",
        "w_new = np.sign(rho) * max(abs(rho) - l1, 0.0) / (col_sq[j] + l2)",
        "w_new = np.sign(rho) * max(abs(rho) - 2 * l1, 0.0) / (col_sq[j] + l2)",
        "coordinate descent thresholds at 2*alpha: the ESL/half-RSS convention mixed into sklearn's",
    ),
    Mutant(
        "ridge-2alpha",
        "src/helpers/solvers.py",
        "shrink[keep] = d[keep] / (d[keep] ** 2 + alpha)",
        "shrink[keep] = d[keep] / (d[keep] ** 2 + 2 * alpha)",
        "ridge solved with a factor 2 on alpha (the gradient of alpha*||w||^2 taken as the penalty)",
    ),
    Mutant(
        "ridge-no-square",
        "src/helpers/solvers.py",
        "shrink[keep] = d[keep] / (d[keep] ** 2 + alpha)",
        "shrink[keep] = 1 / (d[keep] + alpha)",
        "ridge through singular values instead of their squares",
    ),
    Mutant(
        "gap-always-zero",
        "src/helpers/solvers.py",
        "return float(max(primal - best, 0.0) / n)",
        "return 0.0",
        "a duality-gap certificate that always says 'optimal'",
    ),
    Mutant(
        "kkt-ignores-zero-weights",
        "src/helpers/solvers.py",
        "off_support = np.maximum(np.abs(g[~active]) - alpha, 0.0)",
        "off_support = np.zeros(np.sum(~active))",
        "a KKT check that never looks at the weights set to zero",
    ),
    Mutant(
        "alpha-max-no-n",
        "src/helpers/solvers.py",
        "return float(np.max(np.abs(Xc.T @ yc)) / (len(yc) * l1_ratio))",
        "return float(np.max(np.abs(Xc.T @ yc)) / l1_ratio)",
        "alpha_max without the 1/n of sklearn's Lasso objective",
    ),
    Mutant(
        "intercept-ignores-x-mean",
        "src/helpers/solvers.py",
        "return float(y_mean - x_mean @ coef)",
        "return float(y_mean)",
        "the intercept taken as mean(y), forgetting the features' means",
    ),
    Mutant(
        "no-centring",
        "src/helpers/solvers.py",
        "Xc, yc = X - x_mean, y - y_mean",
        "Xc, yc = X, y - y_mean",
        "features not centred: the intercept is effectively penalized",
    ),
    Mutant(
        "prox-l2-missing-2",
        "src/helpers/penalties.py",
        "return np.asarray(z, dtype=float) / (1.0 + 2.0 * t)",
        "return np.asarray(z, dtype=float) / (1.0 + t)",
        "L2 proximal step without the factor 2 of d/dw w^2",
    ),
    Mutant(
        "soft-threshold-is-shrink",
        "src/helpers/penalties.py",
        "return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)",
        "return z / (1.0 + t)",
        "the L1 proximal operator replaced by a proportional shrink (no exact zeros)",
    ),
    Mutant(
        "convert-alpha-inverted",
        "src/helpers/penalties.py",
        "return float(alpha * (m_from / c_from) * (c_to / m_to))",
        "return float(alpha * (c_from / m_from) * (m_to / c_to))",
        "alpha converted in the wrong direction between conventions",
    ),
    Mutant(
        "one-se-smallest-alpha",
        "src/helpers/solvers.py",
        "chosen = int(within[np.argmax(alphas[within])])",
        "chosen = int(within[np.argmin(alphas[within])])",
        "the one-standard-error rule picking the weakest penalty instead of the strongest",
    ),
    Mutant(
        "standardize-ddof1",
        "src/helpers/data.py",
        "X = (X - X.mean(axis=0)) / X.std(axis=0)",
        "X = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)",
        "standardization with ddof=1 where the course uses the population standard deviation",
    ),
    Mutant(
        "shrinkage-factor-no-square",
        "src/helpers/solvers.py",
        "return d**2 / (d**2 + alpha) if alpha > 0 else (d > 0).astype(float)",
        "return d / (d + alpha) if alpha > 0 else (d > 0).astype(float)",
        "ridge's shrinkage factors d/(d+alpha) instead of d^2/(d^2+alpha)",
    ),
    Mutant(
        "l1-budget-is-l2-norm",
        "src/helpers/penalties.py",
        "return float(np.sum(np.abs(w)))",
        "return float(np.linalg.norm(w))",
        "the L1 norm computed as the Euclidean norm (the diamond's budget, the Lasso objective, the gap)",
    ),
]


def _copy_tree(dest: pathlib.Path) -> None:
    """The working tree as git sees it (tracked and new files, not ignored ones) into ``dest``."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _apply(tree: pathlib.Path, mutant: Mutant) -> None:
    path = tree / mutant.path
    text = path.read_text()
    count = text.count(mutant.old)
    if count != 1:
        raise SystemExit(f"mutant {mutant.name}: its snippet occurs {count} times in {mutant.path} (expected once); update it")
    path.write_text(text.replace(mutant.old, mutant.new))


def _chapters_pass(tree: pathlib.Path) -> tuple[bool, str]:
    """Run every chapter in ``tree`` with nbval-lax; the copy's ``src`` shadows the installed helpers."""
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    command = [
        sys.executable, "-m", "pytest", "book", "-o", "addopts=", "-p", "no:cacheprovider",
        "--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=300", "-n", "2", "--dist", "loadfile", "-x", "-q",
    ]  # fmt: skip
    run = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return run.returncode == 0, (failed[0] if failed else run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="mutants to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)
    if args.list:
        for m in MUTANTS:
            print(f"{m.name:28s} {m.path}: {m.bug}")
        return 0
    unknown = set(args.names) - {m.name for m in MUTANTS}
    if unknown:
        parser.error(f"unknown mutant(s): {', '.join(sorted(unknown))} (see --list)")
    chosen = [m for m in MUTANTS if not args.names or m.name in args.names]

    with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
        pristine = pathlib.Path(tmp) / "pristine"
        _copy_tree(pristine)
        for m in chosen:  # every snippet must still be there before spending minutes on runs
            if (pristine / m.path).read_text().count(m.old) != 1:
                print(f"mutant {m.name}: its snippet no longer occurs exactly once in {m.path}; update it", file=sys.stderr)
                return 2
        start = time.perf_counter()
        ok, detail = _chapters_pass(pristine)
        if not ok:
            print(f"the unmutated chapters fail under nbval-lax ({detail}); fix that first", file=sys.stderr)
            return 2
        print(f"unmutated chapters pass ({time.perf_counter() - start:.0f} s); running {len(chosen)} mutants", flush=True)
        killed = 0
        for m in chosen:
            tree = pathlib.Path(tmp) / m.name
            shutil.copytree(pristine, tree)
            _apply(tree, m)
            start = time.perf_counter()
            survived, detail = _chapters_pass(tree)
            killed += not survived
            verdict = "SURVIVED" if survived else "killed  "
            print(f"{verdict} {m.name:28s} {time.perf_counter() - start:5.0f} s  {m.bug}" + ("" if survived else f"\n         by {detail}"), flush=True)
            shutil.rmtree(tree)
    print(f"curated mutants killed by the chapters' asserts: {killed}/{len(chosen)}")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
