"""One interactive figure, two ways to move it: live in Jupyter, kernel-free on the website.

An :class:`Explorer` wraps a matplotlib figure and an ``update(**params)`` function that re-fits
and changes the figure's artists. Displayed in a notebook it gives

* in Jupyter with a running kernel: ipywidgets sliders; each move calls ``update`` and shows the
  redrawn figure (the live path, :meth:`Explorer.step`);
* on the static website: a frame player (:mod:`helpers.frameplayer`), the same figure pre-rendered
  for every grid point, switched by plain HTML range inputs (no kernel, no network).

Both come from one display bundle: Jupyter prefers the widget view, the book is configured
(``nb_mime_priority_overrides`` in ``_config.yml``) to drop it and show the HTML.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure, SubFigure

from .frameplayer import FRAME_DPI, MAX_FRAMES, agg_canvas, canvas_png, figure_png, player_html


class Explorer:
    """A figure driven by one or more sliders.

    Parameters
    ----------
    figure : matplotlib Figure, or an object with a ``fig`` attribute (``CoefficientBars``...)
        The figure ``update`` redraws. It is laid out once and its layout kept for every setting (a
        slider step must not move the axes); it is closed here so the notebook does not show it twice.
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

    A live step redraws only what ``update`` changes over a cached picture of the rest ("blitting"),
    several times faster than drawing everything. What changes is found here, not listed by the
    caller: ``update`` is run at a few settings and matplotlib's ``stale`` flags tell which artists it
    touched (:attr:`moving`). If it moves an axis (new limits or ticks) every step is a full redraw.
    The website's frames are always full renders.
    """

    def __init__(self, figure, update, params: dict, *, labels=None, formats=None, initial=None, alt: str):
        if not params:
            raise ValueError("params must name at least one parameter and its values")
        fig = getattr(figure, "fig", figure)
        if not isinstance(fig, Figure):
            raise ValueError(f"figure must be a matplotlib Figure or have one as .fig, got {type(figure).__name__}")
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
        self.update(**self.initial)
        with agg_canvas(fig, FRAME_DPI) as canvas:
            canvas.draw()  # the layout engine places everything once, for the starting setting ...
        fig.set_layout_engine("none")  # ... and that layout is kept
        self.moving = self._find_moving_artists()
        self._background = None  # the figure without the moving artists, cached by the first live step
        plt.close(fig)

    def _settings(self):
        """Every combination of parameter values, as keyword dicts (last parameter varies fastest)."""
        names = list(self.params)
        return [dict(zip(names, combo)) for combo in itertools.product(*self.params.values())]

    def _find_moving_artists(self) -> list:
        """The artists ``update`` changes, plus those a full draw puts over them; [] if an axis moves.

        ``update`` runs at the first, last and starting settings with every ``stale`` flag cleared;
        each direct child of an axes or figure that is stale afterwards (or holds a stale part, as a
        legend whose text changed) moves. Static artists of the same axes at the same height or
        above (a zero line over bars, the legend, the spines) are redrawn with them, or they would
        disappear under them. Grid lines and ticks are not (they would cost a full redraw): they
        show under a moving artist instead of over it.
        """
        settings = self._settings()
        moving = {}
        for setting in (settings[0], settings[-1], self.initial):
            containers = [self.fig, *_subfigures_and_axes(self.fig)]
            for artist in _descendants(self.fig):
                artist.stale = False
            self.update(**setting)
            for parent in containers:
                for child in _direct_children(parent):
                    if any(a.stale for a in _descendants(child)):
                        if isinstance(child, Axis):
                            return []  # limits or ticks changed: the cached background would be wrong
                        moving[id(child)] = child
        for ax in {id(a.axes): a.axes for a in moving.values() if a.axes is not None}.values():
            lowest = min(a.get_zorder() for a in moving.values() if a.axes is ax)
            for child in _direct_children(ax):
                if not isinstance(child, Axis) and child is not ax.patch and child.get_zorder() >= lowest:
                    moving.setdefault(id(child), child)
        self.fig.stale = True
        # drawn by zorder, as a full draw would (a stable sort: ties keep the figure's order)
        return sorted(moving.values(), key=lambda a: a.get_zorder())

    def step(self, **params) -> bytes:
        """One live step: re-fit and redraw for ``params``, returned as PNG bytes (what a slider move costs)."""
        self.update(**params)
        if not self.moving:
            return figure_png(self.fig, colors=0)
        with agg_canvas(self.fig, FRAME_DPI) as canvas:
            if self._background is None or self._background[0] != canvas.get_width_height(physical=True):
                for artist in self.moving:  # animated artists are left out of a normal draw
                    artist.set_animated(True)
                canvas.draw()
                self._background = (canvas.get_width_height(physical=True), canvas.copy_from_bbox(self.fig.bbox))
                for artist in self.moving:
                    artist.set_animated(False)
            canvas.restore_region(self._background[1])
            for artist in self.moving:
                self.fig.draw_artist(artist)
            return canvas_png(canvas, colors=0)

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
        frames = []
        for setting in self._settings():
            self.update(**setting)
            frames.append(figure_png(self.fig))
        self.update(**self.initial)
        return frames

    def html(self) -> str:
        """The website's frame player for this figure (:func:`helpers.frameplayer.player_html`)."""
        texts = {name: [self.formats[name](v) for v in values] for name, values in self.params.items()}
        return player_html(self.frames(), self.params, labels=self.labels, texts=texts, initial=self.initial, alt=self.alt)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget()._repr_mimebundle_()
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"<Explorer: {self.alt}>"
        return bundle


def _direct_children(parent) -> list:
    """What ``parent`` (a figure, subfigure or axes) draws itself, without its axes and subfigures."""
    return [c for c in parent.get_children() if not isinstance(c, (Axes, SubFigure))]


def _subfigures_and_axes(fig) -> list:
    out = []
    for child in fig.get_children():
        if isinstance(child, (Axes, SubFigure)):
            out.append(child)
            if isinstance(child, SubFigure):
                out += _subfigures_and_axes(child)
    return out


def _descendants(artist) -> list:
    return [artist, *(a for child in artist.get_children() for a in _descendants(child))]
