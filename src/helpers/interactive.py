"""One interactive figure, two ways to move it: live in Jupyter, kernel-free on the website.

An :class:`Explorer` wraps a matplotlib figure and an ``update(**params)`` function that re-fits
and changes the figure's artists. Displayed in a notebook it gives

* in Jupyter with a running kernel: ipywidgets sliders; each move calls ``update`` and shows the
  redrawn figure (the live path, :meth:`Explorer.step`);
* on the static website: a frame player, the same figure pre-rendered for every grid point,
  switched by plain HTML range inputs and a few lines of JavaScript (no kernel, no network).

Both come from one display bundle: Jupyter prefers the widget view, the book is configured
(``nb_mime_priority_overrides`` in ``_config.yml``) to drop it and show the HTML.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import itertools
import json
import weakref

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import Container
from PIL import Image

MAX_FRAMES = 64  # every frame is embedded in the page: keep the page light
FRAME_DPI = 80  # frames are a little coarser than static figures, for the same reason

# Runs once where the player's <div> is parsed: each range input picks one coordinate of the frame grid.
PLAYER_JS = (
    "(function(root){"
    "var frames=JSON.parse(root.querySelector('script[type=\"application/json\"]').textContent);"
    "var img=root.querySelector('img');var inputs=root.querySelectorAll('input[type=range]');"
    "function show(){var i=0;inputs.forEach(function(el){var t=JSON.parse(el.dataset.texts);"
    "el.nextElementSibling.textContent=t[+el.value];el.setAttribute('aria-valuetext',t[+el.value]);"
    "i+=(+el.value)*(+el.dataset.stride);});img.src=frames[i];}"
    "inputs.forEach(function(el){el.addEventListener('input',show);});"
    "})(document.currentScript.parentNode);"
)


@contextlib.contextmanager
def _agg_canvas(fig, dpi):
    """The figure's Agg canvas with the figure at ``dpi`` for the duration (as ``savefig(dpi=...)`` does)."""
    if not hasattr(fig.canvas, "buffer_rgba"):  # not an Agg canvas: give the figure one
        FigureCanvasAgg(fig)
    original = fig.dpi
    fig.dpi = dpi
    try:
        yield fig.canvas
    finally:
        fig.dpi = original


def _canvas_png(canvas, colors: int) -> bytes:
    """What the canvas shows now as PNG bytes, palette-quantized to ``colors`` colours (0: not at all)."""
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    if colors:
        # median cut keeps the white background exactly white (the faster octree greys it a little)
        image = image.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT)
        image.save(out, format="PNG", compress_level=6)  # optimize=True: 7% smaller, 8 times slower
    else:
        image.save(out, format="PNG", compress_level=1)  # a live image is shown once, never stored
    return out.getvalue()


def figure_png(fig, *, colors: int = 96, dpi: float = FRAME_DPI) -> bytes:
    """The figure as PNG bytes, palette-quantized to ``colors`` colours (0: not at all) to keep pages light.

    The pixels are ``savefig``'s, drawn once: ``savefig`` draws a figure with a layout engine twice.
    """
    with _agg_canvas(fig, dpi) as canvas:
        canvas.draw()
        return _canvas_png(canvas, colors)


# Every Explorer created in this process, by creation number, held weakly (it never keeps a figure
# alive). Nothing in the course needs it: it lets benchmarks/run.py time each chapter's live steps.
_CREATED: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
_NUMBERS = itertools.count()


def live_explorers() -> list:
    """Every :class:`Explorer` still alive in this process, oldest first."""
    return [explorer for _, explorer in sorted(_CREATED.items())]


class Explorer:
    """A figure driven by one or more sliders.

    Parameters
    ----------
    fig : matplotlib Figure
        The figure ``update`` redraws. It is closed here so the notebook does not show it twice.
    update : callable
        ``update(**params)`` re-fits and changes the figure's artists for one setting.
    params : dict
        ``name -> sequence of values``: the slider positions (the same grid live and on the site).
    labels : dict, optional
        ``name -> slider label`` (defaults to the name).
    formats : dict, optional
        ``name -> format string or callable`` for the value shown beside a slider (default ``"{:.3g}"``).
    initial : dict, optional
        ``name -> starting value``, one of that parameter's values (default: the middle one).
    alt : str
        What the figure shows, for screen readers and as the image's text alternative.
    dynamic : list of artists, optional
        The artists ``update`` changes (lines, bars, texts...), when nothing else in the figure ever
        changes. Live steps then redraw only these, by zorder, over a cached picture of the rest
        ("blitting"), several times faster. A static artist that a full draw puts over them (a legend
        they pass under) belongs in the list too, or they cover it. ``CoefficientBars`` and
        ``ConstraintRegionPlot`` list theirs in ``dynamic_artists``. The first live step freezes the
        figure's layout (a layout engine would move the axes under the cached picture). The
        website's frames are always full renders. Default: redraw everything.
    """

    def __init__(self, fig, update, params: dict, *, labels=None, formats=None, initial=None, alt: str, dynamic=None):
        if not params:
            raise ValueError("params must name at least one parameter and its values")
        self.fig, self.update = fig, update
        self.params = {name: list(values) for name, values in params.items()}
        n_frames = int(np.prod([len(v) for v in self.params.values()]))
        if n_frames > MAX_FRAMES:
            raise ValueError(f"{n_frames} frames is too many for one page (max {MAX_FRAMES}); use coarser grids")
        self.labels = {name: (labels or {}).get(name, name) for name in self.params}
        self.formats = {}
        for name in self.params:
            fmt = (formats or {}).get(name, "{:.3g}")
            self.formats[name] = fmt if callable(fmt) else fmt.format
        initial = initial or {}
        self.initial = {}
        for name, values in self.params.items():
            value = initial.get(name, values[len(values) // 2])
            if value not in values:
                raise ValueError(f"initial value {value!r} of {name!r} is not one of its values")
            self.initial[name] = value
        self.alt = alt
        # a bar container stands for its bars
        artists = [a for item in (dynamic or []) for a in (item if isinstance(item, Container) else [item])]
        for a in artists:
            if not isinstance(a, Artist) or a.figure is not fig:
                raise ValueError(
                    f"dynamic: {a!r} is not an artist of this figure (ax.get_legend() gives None if the axes has no legend)"
                )
        # drawn by zorder, as a full draw would (a stable sort: ties keep the order given)
        self.dynamic = sorted(artists, key=lambda a: a.get_zorder())
        self._background = None  # the figure without the dynamic artists, cached by the first live step
        plt.close(fig)
        _CREATED[next(_NUMBERS)] = self

    def step(self, **params) -> bytes:
        """One live step: re-fit and redraw for ``params``, returned as PNG bytes (what a slider move costs)."""
        self.update(**params)
        if not self.dynamic:
            return figure_png(self.fig, colors=0)
        with _agg_canvas(self.fig, FRAME_DPI) as canvas:
            if self._background is None or self._background[0] != canvas.get_width_height(physical=True):
                for artist in self.dynamic:  # animated artists are left out of a normal draw
                    artist.set_animated(True)
                canvas.draw()
                # the cached picture is only right while nothing moves: keep the layout this draw found
                self.fig.set_layout_engine("none")
                self._background = (canvas.get_width_height(physical=True), canvas.copy_from_bbox(self.fig.bbox))
                for artist in self.dynamic:
                    artist.set_animated(False)
            canvas.restore_region(self._background[1])
            for artist in self.dynamic:
                self.fig.draw_artist(artist)
            return _canvas_png(canvas, colors=0)

    # -- live, in Jupyter
    def widget(self):
        """ipywidgets sliders above the figure; every move re-fits and redraws."""
        import ipywidgets as widgets

        sliders = {
            name: widgets.SelectionSlider(
                options=[(self.formats[name](v), v) for v in values],
                value=self.initial[name],
                description=self.labels[name],
                continuous_update=True,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="520px"),
            )
            for name, values in self.params.items()
        }
        image = widgets.Image(value=self.step(**self.initial), format="png")

        def redraw(_change=None):
            image.value = self.step(**{name: s.value for name, s in sliders.items()})

        for s in sliders.values():
            s.observe(redraw, names="value")
        return widgets.VBox([*sliders.values(), image])

    # -- kernel-free, on the website
    def frames(self) -> list[bytes]:
        """PNG frames for every combination of parameter values (last parameter varies fastest)."""
        names = list(self.params)
        frames = []
        for combo in itertools.product(*self.params.values()):
            self.update(**dict(zip(names, combo)))
            frames.append(figure_png(self.fig))
        self.update(**self.initial)
        return frames

    def html(self) -> str:
        """A self-contained frame player: range inputs, the value shown, the figure as an <img>."""
        frames = [f"data:image/png;base64,{base64.b64encode(f).decode()}" for f in self.frames()]
        names = list(self.params)
        sizes = [len(self.params[n]) for n in names]
        strides = [int(np.prod(sizes[k + 1 :])) for k in range(len(names))]
        controls = []
        for k, name in enumerate(names):
            values = self.params[name]
            texts = [self.formats[name](v) for v in values]
            start = values.index(self.initial[name])
            controls.append(
                f'<label class="fp-control" style="display:block;margin:.2em 0">'
                f'<span style="display:inline-block;min-width:9em">{html.escape(self.labels[name])}</span> '
                f'<input type="range" min="0" max="{len(values) - 1}" step="1" value="{start}" '
                f'data-stride="{strides[k]}" data-texts="{html.escape(json.dumps(texts))}" '
                f'aria-label="{html.escape(self.labels[name])}" style="width:min(60%,22em);vertical-align:middle"> '
                f'<output style="font-family:monospace">{html.escape(texts[start])}</output></label>'
            )
        start_index = sum(self.params[n].index(self.initial[n]) * s for n, s in zip(names, strides))
        return (
            f'<div class="frame-player" role="group" aria-label="{html.escape(self.alt)}">'
            + "".join(controls)
            + f'<img src="{frames[start_index]}" alt="{html.escape(self.alt)}" style="max-width:100%;height:auto">'
            + f'<script type="application/json">{json.dumps(frames)}</script>'
            + f"<script>{PLAYER_JS}</script></div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget()._repr_mimebundle_()
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"<Explorer: {self.alt}>"
        return bundle
