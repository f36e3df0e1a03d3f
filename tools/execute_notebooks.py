"""Re-execute chapter notebooks in place so their committed outputs match the current helpers.

Usage: python -m tools.execute_notebooks [NOTEBOOK ...]   (`make execute`; default: every chapter of _toc.yml)

Outputs are stored normalized (see `normalize`: no timing metadata or widget state, one stream
output per run of printed text), so executing twice in a row with unchanged code writes identical
bytes and leaves git clean. The website shows these stored outputs; `make test` (nbval) checks that
re-execution still reproduces them.
"""

from __future__ import annotations

import pathlib
import sys
import time

import nbformat

from tools.course import ROOT, chapters, notebook_client


def normalize(nb) -> None:
    """Make an executed notebook byte-stable: drop what changes from run to run but is not content.

    - consecutive stream outputs of the same name (stdout/stderr) become one: the kernel sends printed
      text in as many chunks as its output thread happened to flush, so five printed lines arrived as
      three outputs in one run and four in the next. JupyterLab shows and saves them merged too, and
      nbval merges streams before comparing: nothing visible changes. stdout/stderr keep their order.
    - cell timing metadata (`cell.metadata.execution`) and the notebook's widget state are dropped;
    - widget views get sequential ids instead of random ones (without stored state they point nowhere).
    """
    widget_views = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if output.output_type == "stream" and previous is not None and previous.output_type == "stream" and previous.name == output.name:
                previous.text = "".join(previous.text) + "".join(output.text)  # text may be a list of lines
                continue
            merged.append(output)
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                widget_views += 1
                view["model_id"] = f"{widget_views:032x}"
        if cell.cell_type == "code":
            cell.outputs = merged
    nb.metadata.pop("widgets", None)


def execute(path: pathlib.Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    start = time.perf_counter()
    notebook_client(nb, path).execute()
    elapsed = time.perf_counter() - start
    normalize(nb)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    if any(a.startswith("-") for a in argv):
        print("usage: python -m tools.execute_notebooks [NOTEBOOK ...]  (default: every chapter of _toc.yml)")
        return 0 if set(argv) <= {"-h", "--help"} else 2
    paths = [pathlib.Path(a).resolve() for a in argv] or chapters()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in paths:
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{name}: executed in {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
