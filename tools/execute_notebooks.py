"""Re-execute chapter notebooks in place so their committed outputs match the current helpers.

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]   (default: every book/*.ipynb)

Outputs are stored without timing metadata or widget state, so a re-run with unchanged code
changes nothing in git. The website shows these stored outputs; `make test` (nbval) checks that
re-execution still reproduces them.
"""

from __future__ import annotations

import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
TIMEOUT_S = 300


def notebook_client(nb, path: pathlib.Path, timeout: float = TIMEOUT_S) -> NotebookClient:
    """How the course runs a chapter (benchmarks/run.py times the same): a python3 kernel in the
    notebook's folder, no timing metadata, no widget state."""
    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,  # the website uses the HTML frame players, not widget state
    )


def execute(path: pathlib.Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    start = time.perf_counter()
    notebook_client(nb, path).execute()
    elapsed = time.perf_counter() - start
    widget_views = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:  # random per run, and without stored widget state it points nowhere: make it stable
                widget_views += 1
                view["model_id"] = f"{widget_views:032x}"
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [pathlib.Path(a).resolve() for a in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        print(f"{path.relative_to(ROOT)}: executed in {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
