"""Chapter figures re-rendered for a projector, for the slide decks (`tools.make_slides`).

A chapter's figures are drawn for a page (8 inches wide, 10-11 pt text, frames at 80 dpi: 640 px).
Projected on a 1280 x 720 slide that text is 8-11 px high. Here a chapter runs again in a kernel,
its code cells up to the last one a slide shows, with the course style set for projection first
(`PRELUDE`): each figure a slide shows is resized to fill the slide (`FIGURE_PX`, `DEMO_PX` at
`DPI`), every text in it is at least `MIN_PT` points, so at least `MIN_TEXT_PX` pixels on the
slide, and an interactive figure's frames are drawn at that size. The figures are the chapters' own
code and data: nothing is copied here, so a slide cannot drift from its chapter.

A demo can start at another slider position than its chapter, or reveal a little less
(`DemoTweak`): a question asked in class must not be answered by the opening frame.

Rendering a chapter takes seconds; the results are cached in `_build/slides-cache/`, keyed on the
chapter's code, the helpers package and this module, so `make site` re-renders only what changed.
"""

from __future__ import annotations

import hashlib
import json
import pathlib
import tempfile
from typing import NamedTuple

import nbformat

from tools.course import ROOT, chapter, notebook_client

CACHE = ROOT / "_build" / "slides-cache"
DPI = 100
FIGURE_PX = (1200, 580)  # a figure slide: the title and one line of text above (make_slides sets others)
DEMO_PX = (1200, 580)  # a demo slide: the title and the slider above
MIN_TEXT_PX = 20  # projected text below this is hard to read from the back of a room
MIN_PT = 15  # 15 pt at 100 dpi = 20.8 px on a 1280 x 720 slide, where a figure shows 1:1


class DemoTweak(NamedTuple):
    """How a slide's demo differs from its chapter's: a start that gives nothing away.

    initial: parameter name -> index into its values (0 = the first, -1 = the last);
    after: Python source of a function ``(**params) -> None`` run after the chapter's update,
    in the chapter's namespace (it may use the chapter's variables), or "".
    """

    initial: dict
    after: str = ""


# Runs in the kernel before the chapter's first cell.
PRELUDE = r'''
import functools, json
import matplotlib
matplotlib.use("agg", force=True)  # nothing is displayed: figures are caught below
import matplotlib.pyplot as plt
from matplotlib.text import Text
from helpers import frameplayer, interactive, plots

_DPI, _MIN_PT = {dpi}, {min_pt}
# projection sizes for the course style: use_style() and the helpers' own figures read plots.STYLE
plots.STYLE.update({{"font.size": 16, "axes.titlesize": 17, "axes.labelsize": 16, "legend.fontsize": 15,
                    "xtick.labelsize": 15, "ytick.labelsize": 15, "figure.titlesize": 17,
                    "legend.title_fontsize": 15, "lines.markersize": 8}})
plt.rcParams.update(plots.STYLE)
_slide = {{"cell": None, "tweak": None, "size": None, "armed": False}}
_out = {{}}


def _texts(fig):
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _enlarge(fig):
    for text in fig.findobj(Text):
        if text.get_fontsize() < _MIN_PT:
            text.set_fontsize(_MIN_PT)


def _fit(fig, size):
    width, height = size
    fig.set_size_inches(width / _DPI, height / _DPI)
    _enlarge(fig)
    fig.set_layout_engine("constrained")


def _record(fig, **entry):
    with frameplayer.agg_canvas(fig, _DPI) as canvas:
        canvas.draw()  # tick labels exist once drawn
        entry.update(min_pt=min(t.get_fontsize() for t in _texts(fig)), dpi=_DPI,
                     size=list(canvas.get_width_height(physical=True)))
    _out[_slide["cell"]] = entry


def _catch_figures():
    """After each cell: the figure of a slide's cell, projection-sized; every figure is closed."""
    if _slide["armed"]:  # the cell that ran was _begin: the slide's cell comes next
        _slide["armed"] = False
        return
    if _slide["cell"] is not None and _slide["tweak"] is None and plt.get_fignums():
        fig = plt.figure(plt.get_fignums()[-1])
        _fit(fig, _slide["size"])
        for _ in range(2):  # ticks made at the first draw take the style's size; enlarge once more
            png = frameplayer.figure_png(fig, dpi=_DPI, colors=64, optimize=True)
            _enlarge(fig)
        import base64
        _record(fig, png=base64.b64encode(png).decode())
    _slide["cell"] = None
    plt.close("all")


get_ipython().events.callbacks["post_execute"].insert(0, _catch_figures)
interactive.figure_png = functools.partial(frameplayer.figure_png, dpi=_DPI, colors=32, optimize=True)
interactive.Explorer._repr_mimebundle_ = lambda self, include=None, exclude=None: {{"text/plain": self.alt}}
_explorer_init = interactive.Explorer.__init__


def _slide_explorer(self, figure, update, params, *, initial=None, **kwargs):
    tweak = _slide["tweak"] if _slide["cell"] is not None else None
    if tweak is None:  # not a slide's demo: as in the chapter
        return _explorer_init(self, figure, update, params, initial=initial, **kwargs)
    fig = getattr(figure, "fig", figure)
    _fit(fig, _slide["size"])
    after = eval(tweak["after"]) if tweak["after"] else (lambda **_: None)

    def projected(**setting):
        update(**setting)
        after(**setting)
        _enlarge(fig)

    initial = dict(initial or {{}})
    for name, index in tweak["initial"].items():
        initial[name] = list(params[name])[index]
    _explorer_init(self, figure, projected, params, initial=initial, **kwargs)
    _record(self.fig, html=self.html())


def _begin(cell, tweak, size):
    _slide.update(cell=cell, tweak=tweak, size=size, armed=True)


interactive.Explorer.__init__ = _slide_explorer
'''


def _prelude() -> str:
    return PRELUDE.format(dpi=DPI, min_pt=MIN_PT)


def _key(name: str, cells: dict, code: list[str]) -> str:
    digest = hashlib.sha256()
    for part in [_prelude(), json.dumps(cells, sort_keys=True), *code]:
        digest.update(part.encode())
    for path in sorted((ROOT / "src" / "helpers").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def render_chapter(name: str, cells: dict, sizes: dict | None = None) -> dict:
    """The slide renders of a chapter's cells: ``cells`` maps a cell id to None (a figure) or a
    `DemoTweak`; ``sizes`` maps a cell id to its (width, height) in pixels where the slide leaves
    another room than `FIGURE_PX` / `DEMO_PX`; returns cell id -> {"png" or "html", "min_pt", "dpi", "size"}.

    Raises ValueError naming the chapter and the cell when a cell is missing, fails, or draws nothing."""
    nb = nbformat.read(chapter(name), as_version=4)
    ids = [c.get("id") for c in nb.cells]
    missing = [cid for cid in cells if cid not in ids]
    if missing:
        raise ValueError(f"{name}.ipynb has no cell with id {', '.join(map(repr, missing))} (tools/make_slides.py "
                         "CELLS): was it deleted or recreated? Put the new cell's id there")
    last = max(ids.index(cid) for cid in cells)
    code = [c for c in nb.cells[: last + 1] if c.cell_type == "code"]
    plain = {cid: (t._asdict() if t else None) for cid, t in cells.items()}
    size = {cid: list((sizes or {}).get(cid) or (DEMO_PX if t is not None else FIGURE_PX)) for cid, t in cells.items()}
    key = _key(name, {"cells": plain, "sizes": size}, [c.source for c in code])
    cached = CACHE / f"{name}.json"
    if cached.exists():
        stored = json.loads(cached.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return stored["renders"]
    run = nbformat.v4.new_notebook()
    run.cells.append(nbformat.v4.new_code_cell(_prelude()))
    for cell in code:
        if cell.get("id") in cells:
            run.cells.append(nbformat.v4.new_code_cell(f"_begin({cell.id!r}, {plain[cell.id]!r}, {size[cell.id]!r})"))
        run.cells.append(nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata))
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "renders.json"
        run.cells.append(nbformat.v4.new_code_cell(f"json.dump(_out, open({str(out)!r}, 'w'))"))
        from nbclient.exceptions import CellExecutionError

        try:
            notebook_client(run, chapter(name)).execute()
        except CellExecutionError as error:
            raise ValueError(f"{name}.ipynb failed while rendering its slide figures: {str(error)[-600:]}") from None
        renders = json.loads(out.read_text(encoding="utf-8"))
    empty = [cid for cid in cells if cid not in renders]
    if empty:
        raise ValueError(f"{name}.ipynb: the cell(s) {empty} drew no figure / interactive figure for the slides")
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"key": key, "renders": renders}), encoding="utf-8")
    return renders
