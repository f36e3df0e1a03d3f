"""Speed of the course: build, test and interaction budgets, measured the same way on any machine.

Usage (from the repository root; ``make bench`` runs the first line)::

    python -m benchmarks.run                  # everything, each figure a median of 3 runs
    python -m benchmarks.run --repeat 1       # a quick look
    python -m benchmarks.run --only solvers live

Prints one table and writes it to ``benchmarks/RESULTS.md``. What is measured:

verify   every chapter notebook of ``_toc.yml`` executed top to bottom in a fresh kernel with
         ``tools.course.notebook_client``, as ``make execute`` does, but on an in-memory copy (nothing is written back),
         split per chapter into kernel start, the first code cell (imports and set-up) and the rest
         (the chapter's computations);
build    ``jupyter-book build`` (the ``make site`` flags) into a temporary ``--path-output``: a clean
         build, then the same command again with nothing changed (the rebuild);
tests    the whole test suite, ``python -m pytest`` from the repository root (its own ``-n 2``);
live     every interactive figure's live step (``Explorer.step``: re-fit + redraw + PNG, what one
         slider move costs in Jupyter), 50 steps walking back and forth over its slider grid; the
         chapter runs in a kernel as above, after a cell that records every Explorer it creates, then
         one extra cell times them (no chapter code is copied);
solvers  the course's Lasso and ridge paths against scikit-learn's on the same data, alphas and
         stopping rule, timed alternately in the same process.

"Clean verification" is the wall time of executing every chapter two at a time (the machine has two
cores; issue 13 allows parallel execution) plus the clean HTML build; the sum of the chapters' times,
one after another, is reported beside it.
Budgets are from issue 7; the table says for each line whether it is met and, if not, by how much
it is missed. The machine's load average is recorded: other processes inflate every time here.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

from tools.course import ROOT, chapters, notebook_client  # chapters run here exactly as `make execute` runs them

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BIN = pathlib.Path(sys.executable).parent
TIMEOUT_S = 600

BUDGET_VERIFY_S = 60.0
BUDGET_REBUILD_S = 5.0
BUDGET_STEP_MEDIAN_MS = 50.0
BUDGET_STEP_P95_MS = 100.0
BUDGET_LASSO_RATIO = 5.0
BUDGET_COEF_DIFF = 1e-6

# Runs in the chapter's kernel before its first cell: remembers every Explorer the chapter creates.
RECORD_CELL = """
import helpers.interactive as _interactive
_created_explorers = []
_explorer_init = _interactive.Explorer.__init__
def _recording_init(self, *args, **kwargs):
    _explorer_init(self, *args, **kwargs)
    _created_explorers.append(self)
_interactive.Explorer.__init__ = _recording_init
"""

# Runs in the chapter's kernel after its last cell: times every Explorer the chapter created.
LIVE_CELL = """
import io as _io, itertools as _it, json as _json, time as _time
import numpy as _np
from PIL import Image as _Image
from helpers.frameplayer import figure_png as _figure_png
def _pixels(png):
    return _np.asarray(_Image.open(_io.BytesIO(png)).convert("RGB")).astype(int)
_timings = []
for _explorer in _created_explorers:
    _grid = [dict(zip(_explorer.params, _c)) for _c in _it.product(*_explorer.params.values())]
    _walk = _grid + _grid[-2:0:-1] if len(_grid) > 1 else _grid  # there and back, like a slider
    _times, _full_times, _differs = [], [], []
    for _k in range({n_steps}):
        _params = _walk[_k % len(_walk)]
        _start = _time.perf_counter()
        _live = _explorer.step(**_params)
        _times.append(_time.perf_counter() - _start)
        # the same step drawing the whole figure (what a step costs without blitting), alternating with it
        _start = _time.perf_counter()
        _explorer.update(**_params)
        _full = _figure_png(_explorer.fig, colors=0)
        _full_times.append(_time.perf_counter() - _start)
        # share of pixels the blitted picture gets visibly wrong (more than 64 of 255 levels off)
        _differs.append(float(_np.mean(_np.abs(_pixels(_live) - _pixels(_full)).max(axis=2) > 64)))
    _timings.append({{"alt": _explorer.alt, "frames": len(_grid), "times": _times, "full_times": _full_times,
                     "differs": max(_differs), "blitted": bool(_explorer.moving)}})
print("LIVE-TIMINGS " + _json.dumps(_timings))
"""


# Printed under the table in RESULTS.md: how to read it.
NOTES = """
## How to read this table

* **Clean verification** = executing every chapter notebook in a fresh kernel, two at a time in two
  processes, the longest first (wall time), plus a clean `jupyter-book build`. `make test` does the
  same executions through nbval, two notebooks at a time (`-n 2`). The per-chapter lines and "one
  after another" are the sequential runs (kernel start + first cell + the rest).
* **Live step** = `Explorer.step(**params)`: the chapter's own `update` (re-fit or look-up) plus
  drawing the figure and encoding the PNG a Jupyter slider shows. Timed in the chapter's kernel
  after all its cells ran, walking the slider grid back and forth; `#k` numbers the chapter's
  interactive figures in order of creation. A step redraws only the artists that move over a
  cached picture of the rest (blitting; `Explorer` finds which artists move). In brackets, alternating with it
  in the same loop: the same step drawing the whole figure, and the largest share of pixels in
  which the blitted picture differs visibly (by more than 64 of 255 levels) from the full drawing.
* **Solvers**: the same data, alphas and stopping rule on both sides. Ours stops when the duality
  gap of `RSS/(2n) + alpha ||w||_1` is at most `tol ||y_c||^2 / (2n)`; scikit-learn's
  `enet_coordinate_descent` stops when the gap of its unnormalized objective `RSS/2 + n alpha ||w||_1`
  (n times ours) is at most `tol_sk ||y||^2`; on centred data both rules coincide for
  `tol_sk = tol / 2` (here `tol = 1e-10`, `tol_sk = 5e-11`). BLAS is limited to one thread for this
  part (threadpoolctl): on a loaded 2-core machine OpenBLAS threads waiting for a core made both
  sides 3-10x slower at random. The largest coefficient difference is in the data's units.
* Times depend on the machine and on what else runs: compare lines measured in the same run, and
  read the load average above before comparing runs.
"""


# ----------------------------------------------------------------------------- helpers
def median(values) -> float:
    return float(np.median(values))


def percentile(values, q) -> float:
    return float(np.percentile(values, q))


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


# ----------------------------------------------------------------------------- verify + live
def execute_notebook(path: pathlib.Path, live_steps: int = 0) -> dict:
    """Execute an in-memory copy of one chapter; kernel start, first cell and the rest timed apart."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = notebook_client(nb, path, timeout=TIMEOUT_S)
    result = {"kernel": 0.0, "first_cell": 0.0, "rest": 0.0, "error": None, "live": []}
    code_cells = [(k, c) for k, c in enumerate(nb.cells) if c.cell_type == "code"]
    start = time.perf_counter()
    with client.setup_kernel():
        result["kernel"] = time.perf_counter() - start
        if live_steps:
            client.execute_cell(nbformat.v4.new_code_cell(RECORD_CELL), 0)
        try:
            for number, (index, cell) in enumerate(code_cells):
                t0 = time.perf_counter()
                client.execute_cell(cell, index, execution_count=number + 1)
                result["first_cell" if number == 0 else "rest"] += time.perf_counter() - t0
        except CellExecutionError as err:
            result["error"] = str(err).strip().splitlines()[-1][:200]
        if live_steps and result["error"] is None:
            cell = nbformat.v4.new_code_cell(LIVE_CELL.format(n_steps=live_steps))
            nb.cells.append(cell)
            client.execute_cell(cell, len(nb.cells) - 1)
            for out in cell.outputs:
                for line in out.get("text", "").splitlines():
                    if line.startswith("LIVE-TIMINGS "):
                        result["live"] = json.loads(line.removeprefix("LIVE-TIMINGS "))
    result["total"] = result["kernel"] + result["first_cell"] + result["rest"]
    return result


def bench_verify(repeat: int, live_steps: int) -> dict:
    """Every chapter ``repeat`` times; the live steps are timed after the first run's cells."""
    runs: dict[str, list[dict]] = {}
    for r in range(repeat):
        for path in chapters():
            res = execute_notebook(path, live_steps=live_steps if r == 0 else 0)
            runs.setdefault(path.name, []).append(res)
            print(f"  [{r + 1}/{repeat}] {path.name}: {res['total']:.1f} s" + (f"  ERROR {res['error']}" if res["error"] else ""), flush=True)
    return runs


def bench_verify_parallel(repeat: int, order: list[pathlib.Path], workers: int = 2) -> dict:
    """Wall time of executing every chapter ``workers`` at a time, longest first (``order``), each in
    its own process and kernel: the 2-core machine's way to verify the book, as ``make test`` runs
    nbval on two notebooks at a time."""
    from concurrent.futures import ProcessPoolExecutor

    times, errors = [], []
    for r in range(repeat):
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            done = list(pool.map(execute_notebook, order))
        times.append(time.perf_counter() - start)
        errors += [f"{path.name}: {res['error']}" for path, res in zip(order, done) if res["error"]]
        print(f"  [{r + 1}/{repeat}] every chapter, {workers} at a time: {times[-1]:.1f} s", flush=True)
    return {"times": times, "errors": errors, "workers": workers}


# ----------------------------------------------------------------------------- build
def jupyter_book(out: pathlib.Path) -> tuple[float, int, str]:
    cmd = [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    elapsed = time.perf_counter() - start
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:] if proc.returncode else []
    return elapsed, proc.returncode, " ".join(tail)[:200]


def bench_build(repeat: int) -> dict:
    clean, rebuild, problems = [], [], []
    for r in range(repeat):
        out = pathlib.Path(tempfile.mkdtemp(prefix="bench-site-"))
        try:
            t, code, msg = jupyter_book(out)
            clean.append(t)
            if code:
                problems.append(f"clean build exit {code}: {msg}")
            t, code, msg = jupyter_book(out)
            rebuild.append(t)
            if code:
                problems.append(f"rebuild exit {code}: {msg}")
        finally:
            shutil.rmtree(out, ignore_errors=True)
        print(f"  [{r + 1}/{repeat}] clean build {clean[-1]:.1f} s, rebuild {rebuild[-1]:.1f} s", flush=True)
    return {"clean": clean, "rebuild": rebuild, "problems": sorted(set(problems))}


# ----------------------------------------------------------------------------- tests
def bench_tests(repeat: int) -> dict:
    times, codes, summary = [], [], ""
    for r in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=3 * TIMEOUT_S)
        times.append(time.perf_counter() - start)
        codes.append(proc.returncode)
        lines = proc.stdout.strip().splitlines()
        summary = lines[-1] if lines else proc.stderr.strip()[-200:]
        print(f"  [{r + 1}/{repeat}] pytest {times[-1]:.1f} s: {summary}", flush=True)
    return {"times": times, "codes": codes, "summary": summary}


# ----------------------------------------------------------------------------- solvers
def bench_solvers(repeat: int) -> list[dict]:
    """Our paths vs scikit-learn's, alternately, on diabetes and a 1000 x 200 synthetic problem.

    Stopping rules made equal: ours stops when the duality gap of ``RSS/(2n) + alpha ||w||_1`` is at
    most ``tol * ||y_c||^2 / (2n)`` (``y_c``: centred y). scikit-learn's coordinate descent works on
    ``RSS/2 + n alpha ||w||_1`` (n times ours, so its gap is n times ours) and stops when that gap is
    at most ``tol_sk * ||y||^2`` (see ``enet_coordinate_descent`` in sklearn/linear_model/_cd_fast.pyx);
    on centred data the two rules coincide for ``tol_sk = tol / 2``.

    BLAS runs single-threaded here (threadpoolctl): on a 2-core machine shared with other work,
    OpenBLAS threads waiting for a busy core made both sides 3-10x slower at random.
    """
    from threadpoolctl import threadpool_limits

    from helpers.data import load_diabetes_data, make_regression_data

    problems = {
        "diabetes (442 x 10)": load_diabetes_data()[:2],
        "synthetic (1000 x 200)": make_regression_data(1000, 200, 10, noise=1.0, seed=0)[:2],
    }
    rows = []
    with threadpool_limits(limits=1):
        for name, (X, y) in problems.items():
            rows += compare_paths(name, X, y, repeat)
    return rows


def compare_paths(name, X, y, repeat, tol=1e-10) -> list[dict]:
    """Lasso path (100 alphas, warm starts) and ridge path (100 alphas) against scikit-learn."""
    from sklearn.linear_model import Ridge
    from sklearn.linear_model import lasso_path as sk_lasso_path

    from helpers.solvers import default_alphas, lasso_path, ridge_path

    lasso_alphas = default_alphas(X, y, n_alphas=100)
    ridge_alphas = np.geomspace(1e-3, 1e3, 100) * np.linalg.norm(X - X.mean(axis=0), 2) ** 2

    def sk_lasso():
        Xc, yc = X - X.mean(axis=0), y - y.mean()  # lasso_path fits no intercept: centre as ours does
        return sk_lasso_path(Xc, yc, alphas=lasso_alphas, tol=tol / 2, max_iter=100_000)[1].T

    pairs = {
        "Lasso path, 100 alphas": (lambda: lasso_path(X, y, lasso_alphas, tol=tol), sk_lasso),
        "Ridge path, 100 alphas": (
            lambda: ridge_path(X, y, ridge_alphas),
            lambda: np.array([Ridge(alpha=a).fit(X, y).coef_ for a in ridge_alphas]),
        ),
    }
    rows = []
    for kind, (ours, theirs) in pairs.items():
        t_ours, t_sk = [], []
        for _ in range(repeat):  # side by side: the two share whatever load the machine has
            start = time.perf_counter()
            c_ours = ours()
            t_ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            c_sk = theirs()
            t_sk.append(time.perf_counter() - start)
        diff = float(np.max(np.abs(c_ours - c_sk)))
        scale = float(np.max(np.abs(c_sk)))
        rows.append({"problem": name, "kind": kind, "ours": median(t_ours), "sklearn": median(t_sk), "diff": diff, "scale": scale})
        print(f"  {kind} on {name}: ours {median(t_ours):.3f} s, sklearn {median(t_sk):.3f} s, max |diff| {diff:.1e}", flush=True)
    return rows


# ----------------------------------------------------------------------------- table
def verdict(value: float, budget: float, unit: str = "s") -> tuple[str, str]:
    if value <= budget:
        return "yes", ""
    return "**no**", f"+{value - budget:.3g} {unit} ({value / budget:.1f}x budget)"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def table(results: dict) -> list[str]:
    rows = [("Measurement", "Median", "Budget", "Met", "Missed by")]
    verify = results.get("verify")
    build = results.get("build")
    if verify:
        per_nb = {name: {k: median([r[k] for r in runs]) for k in ("kernel", "first_cell", "rest", "total")} for name, runs in verify.items()}
        rows.append(("Kernel start, per chapter (mean of chapters)", fmt_s(np.mean([v["kernel"] for v in per_nb.values()])), "", "", ""))
        rows.append(("First cell: imports + set-up, per chapter (mean)", fmt_s(np.mean([v["first_cell"] for v in per_nb.values()])), "", "", ""))
        for name, v in per_nb.items():
            errors = [r["error"] for r in verify[name] if r["error"]]
            note = f" (FAILED: {errors[0]})" if errors else ""
            rows.append((f"  {name}: compute after the first cell (total with kernel + imports){note}", f"{fmt_s(v['rest'])} ({fmt_s(v['total'])})", "", "", ""))
        nb_total = median([sum(runs[k]["total"] for runs in verify.values()) for k in range(len(next(iter(verify.values()))))])
        rows.append(("All chapters, one after another", fmt_s(nb_total), "", "", ""))
    if build:
        note = f" ({'; '.join(build['problems'])})" if build["problems"] else ""
        rows.append(("HTML build, clean" + note, fmt_s(median(build["clean"])), "", "", ""))
    parallel = results.get("verify_parallel")
    if parallel:
        note = f" (FAILED: {parallel['errors'][0]})" if parallel["errors"] else ""
        rows.append((f"All chapters, {parallel['workers']} at a time, longest first (wall){note}", fmt_s(median(parallel["times"])), "", "", ""))
    if parallel and build:
        total = median(parallel["times"]) + median(build["clean"])
        label = f"**Clean verification** (all chapters {parallel['workers']} at a time + clean HTML build)"
        rows.append((label, fmt_s(total), f"<= {BUDGET_VERIFY_S:g} s", *verdict(total, BUDGET_VERIFY_S)))
    if build:
        rebuild = median(build["rebuild"])
        rows.append(("**Rebuild, nothing changed**", fmt_s(rebuild), f"<= {BUDGET_REBUILD_S:g} s", *verdict(rebuild, BUDGET_REBUILD_S)))
    tests = results.get("tests")
    if tests:
        status = "passed" if not any(tests["codes"]) else f"exit {max(tests['codes'])}: {tests['summary']}"
        rows.append((f"Test suite, `python -m pytest` ({status})", fmt_s(median(tests["times"])), "", "", ""))
    if verify:
        for name, runs in verify.items():
            for k, fig in enumerate(runs[0]["live"]):
                ms = 1000 * np.array(fig["times"])
                med, p95 = median(ms), percentile(ms, 95)
                met_med, miss_med = verdict(med, BUDGET_STEP_MEDIAN_MS, "ms")
                met_p95, miss_p95 = verdict(p95, BUDGET_STEP_P95_MS, "ms")
                met = "yes" if met_med == met_p95 == "yes" else "**no**"
                miss = "; ".join(m for m in (f"median {miss_med}" if miss_med else "", f"p95 {miss_p95}" if miss_p95 else "") if m)
                label = f"Live step, {name} #{k + 1} ({fig['frames']} frames; {len(ms)} steps): median / p95"
                full = 1000 * np.array(fig["full_times"])
                value = (
                    f"{med:.0f} / {p95:.0f} ms (whole figure drawn: {median(full):.0f} / {percentile(full, 95):.0f} ms; "
                    f"pixels visibly different: {100 * fig['differs']:.2f}%)"
                )
                rows.append((label, value, f"<= {BUDGET_STEP_MEDIAN_MS:g} / {BUDGET_STEP_P95_MS:g} ms", met, miss))
    for row in results.get("solvers", []):
        ratio = row["ours"] / row["sklearn"]
        label = f"{row['kind']}, {row['problem']}: ours / scikit-learn"
        value = f"{fmt_s(row['ours'])} / {fmt_s(row['sklearn'])} = {ratio:.2f}x; max abs coef diff {row['diff']:.1e} (max coef {row['scale']:.3g})"
        if row["kind"].startswith("Ridge"):
            rows.append((label, value, "ratio < 1", *(("yes", "") if ratio < 1 else ("**no**", f"{ratio:.2f}x sklearn's time"))))
        elif row["problem"].startswith("synthetic"):
            misses = []
            if ratio > BUDGET_LASSO_RATIO:
                misses.append(f"time {ratio / BUDGET_LASSO_RATIO:.1f}x over")
            if row["diff"] > BUDGET_COEF_DIFF:
                misses.append(f"coefficients differ by {row['diff']:.1e}")
            rows.append((label, value, f"ratio <= {BUDGET_LASSO_RATIO:g}, diff <= {BUDGET_COEF_DIFF:g}", "yes" if not misses else "**no**", "; ".join(misses)))
        else:
            rows.append((label, value, "(reported)", "", ""))
    return [("| " + " | ".join(r) + " |") if i else "| " + " | ".join(r) + " |\n|" + "---|" * len(r) for i, r in enumerate(rows)]


def git_state() -> str:
    with contextlib.suppress(Exception):
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout
        return head + (" with uncommitted changes" if dirty.strip() else "")
    return "unknown"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the table shows medians (default 3)")
    parser.add_argument("--steps", type=int, default=50, help="live steps per interactive figure (default 50)")
    parser.add_argument("--only", nargs="+", choices=["verify", "build", "tests", "live", "solvers"], help="measure only these parts")
    parser.add_argument("--output", type=pathlib.Path, default=RESULTS, help="where to write the table (default benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    parts = set(args.only or ["verify", "build", "tests", "live", "solvers"])
    started, load_before = datetime.datetime.now(datetime.UTC), load()
    results: dict = {}
    t0 = time.perf_counter()
    if parts & {"verify", "live"}:
        print("Executing every chapter notebook (in memory) ...", flush=True)
        results["verify"] = bench_verify(args.repeat if "verify" in parts else 1, args.steps if "live" in parts else 0)
        if "verify" not in parts:  # live only: the timings of the cells are not a verification figure
            for runs in results["verify"].values():
                for r in runs:
                    r.update(kernel=0.0, first_cell=0.0, rest=0.0, total=0.0)
    if "verify" in parts:
        by_time = sorted(chapters(), key=lambda p: -median([r["total"] for r in results["verify"][p.name]]))
        print("Executing every chapter notebook, two at a time ...", flush=True)
        results["verify_parallel"] = bench_verify_parallel(args.repeat, by_time)
    if "build" in parts:
        print("Building the site into a temporary folder ...", flush=True)
        results["build"] = bench_build(args.repeat)
    if "tests" in parts:
        print("Running the test suite ...", flush=True)
        results["tests"] = bench_tests(args.repeat)
    if "solvers" in parts:
        print("Solvers vs scikit-learn ...", flush=True)
        results["solvers"] = bench_solvers(max(args.repeat, 5))
    lines = table(results)
    if "verify" not in parts and "verify" in results:  # drop the zeroed verification rows
        lines = [line for line in lines if "Live step" in line or line.startswith("| Measurement") or line.startswith("|---")]
    header = [
        "# Benchmark results",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `python -m benchmarks.run {' '.join(argv if argv is not None else sys.argv[1:])}`"
        f" in {time.perf_counter() - t0:.0f} s, on commit {git_state()}.",
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        f"Load average (1 / 5 / 15 min): {load_before} at the start, {load()} at the end"
        " (a load above the number of CPUs means other processes shared them and inflated every time).",
        "Medians of repeated runs (solvers: at least 5, side by side). Budgets from issue 7.",
        "",
    ]
    text = "\n".join(header + lines) + "\n" + NOTES
    print()
    print(text)
    args.output.write_text(text)
    print(f"written to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
