"""tools/execute_notebooks.py writes byte-stable notebooks: executing twice in a row changes nothing.

The kernel sends printed text in as many stream messages as its output thread happened to flush,
so the same prints were stored as a different number of outputs from run to run (issue 18);
`normalize` merges consecutive stream outputs of the same name.
"""

from __future__ import annotations

import copy

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output
from nbval.plugin import coalesce_streams

from tools import execute_notebooks


def stdout(text):
    return new_output("stream", name="stdout", text=text)


def stderr(text):
    return new_output("stream", name="stderr", text=text)


def figure():
    return new_output("display_data", data={"text/plain": "<Figure size 640x480 with 1 Axes>"})


def notebook(outputs):
    cell = new_code_cell("print('...')", execution_count=1, outputs=outputs, id="c0")
    cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00.000000Z"}
    nb = new_notebook(cells=[cell])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_normalize_merges_consecutive_streams_of_the_same_name_only():
    nb = notebook([stdout("a\n"), stdout("b"), stdout("c\n"), stderr("warn\n"), stderr("ing\n"),
                   stdout("d\n"), figure(), stdout(["e\n", "f"]), stdout("\n")])
    execute_notebooks.normalize(nb)
    outputs = nb.cells[0].outputs
    assert [(o.output_type, o.get("name"), "".join(o.get("text", ""))) for o in outputs] == [
        ("stream", "stdout", "a\nbc\n"),
        ("stream", "stderr", "warn\ning\n"),
        ("stream", "stdout", "d\n"),  # a stream after stderr, and one after a figure, keep their place
        ("display_data", None, ""),
        ("stream", "stdout", "e\nf\n"),
    ]
    assert "execution" not in nb.cells[0].metadata
    assert "widgets" not in nb.metadata


def test_normalized_bytes_do_not_depend_on_how_the_output_was_chunked():
    lines = [f"split {k}: alpha_min 0.096 (25 weights)\n" for k in range(5)]
    one_chunk = notebook([stdout("".join(lines)), figure()])
    three_chunks = notebook([stdout("".join(lines[:2])), stdout(lines[2][:7]), stdout(lines[2][7:] + "".join(lines[3:])), figure()])
    five_chunks = notebook([stdout(line) for line in lines] + [figure()])
    written = set()
    for nb in (one_chunk, three_chunks, five_chunks):
        execute_notebooks.normalize(nb)
        written.add(nbformat.writes(nb))
    assert len(written) == 1


def test_nbval_compares_a_merged_notebook_like_the_unmerged_one():
    """nbval coalesces streams before comparing, so merged stored outputs still match a fresh run."""
    outputs = [stdout("a\n"), stdout("b\n"), figure(), stdout("c\n"), stderr("w\n"), stdout("d\n")]
    nb = notebook(copy.deepcopy(outputs))
    execute_notebooks.normalize(nb)
    assert coalesce_streams(copy.deepcopy(nb.cells[0].outputs)) == coalesce_streams(copy.deepcopy(outputs))


CHUNKY_CELL = """\
import sys, time
for i in range(4):
    print(f"line {i}", flush=True)
    time.sleep(0.01)
    for j in range(15):
        sys.stdout.write(f"{j} ")  # no flush: the kernel's output thread decides where chunks end
        time.sleep(0.01)
    sys.stdout.write("\\n")
"""


def test_executing_a_notebook_twice_writes_identical_bytes(tmp_path):
    path = tmp_path / "chunky.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(CHUNKY_CELL, id="chunky")]), path)
    runs = []
    for _ in range(2):  # in place, as `make execute` does: the second run reads the first one's file
        execute_notebooks.execute(path)
        runs.append(path.read_bytes())
    assert runs[0] == runs[1]
    outputs = nbformat.reads(runs[1], as_version=4).cells[0].outputs
    assert len(outputs) == 1, outputs  # one stdout output, however many chunks the kernel sent
    expected = "".join(f"line {i}\n" + "".join(f"{j} " for j in range(15)) + "\n" for i in range(4))
    assert outputs[0].text == expected
