"""The kernel-free frame player of the website: a figure pre-rendered at every slider position.

Every frame is a PNG embedded in the page, switched by plain HTML range inputs and a few lines of
JavaScript: it works without a kernel and without a network, from ``file://`` too. This module owns
how frames are drawn (resolution, colour quantization) and the player's HTML; :class:`helpers.
interactive.Explorer` decides what to draw.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
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
def agg_canvas(fig, dpi):
    """The figure's Agg canvas with the figure at ``dpi`` for the duration (as ``savefig(dpi=...)`` does)."""
    if not hasattr(fig.canvas, "buffer_rgba"):  # not an Agg canvas: give the figure one
        FigureCanvasAgg(fig)
    original = fig.dpi
    fig.dpi = dpi
    try:
        yield fig.canvas
    finally:
        fig.dpi = original


def canvas_png(canvas, colors: int, optimize: bool = False) -> bytes:
    """What the canvas shows now as PNG bytes, palette-quantized to ``colors`` colours (0: not at all);
    ``optimize`` trades eight times the encoding time for a lossless 7-12% (the slide decks use it)."""
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    if colors:
        # median cut keeps the white background exactly white (the faster octree greys it a little)
        image = image.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT)
        image.save(out, format="PNG", compress_level=9 if optimize else 6, optimize=optimize)
    else:
        image.save(out, format="PNG", compress_level=1)  # a live image is shown once, never stored
    return out.getvalue()


def figure_png(fig, *, colors: int = 96, dpi: float = FRAME_DPI, optimize: bool = False) -> bytes:
    """The figure as PNG bytes, palette-quantized to ``colors`` colours (0: not at all) to keep pages light.

    The pixels are ``savefig``'s, drawn once: ``savefig`` draws a figure with a layout engine twice.
    """
    with agg_canvas(fig, dpi) as canvas:
        canvas.draw()
        return canvas_png(canvas, colors, optimize)


def player_html(frames: list[bytes], params: dict, *, labels: dict, texts: dict, initial: dict, alt: str) -> str:
    """A self-contained frame player: one range input per parameter, the value shown, the figure as an <img>.

    Parameters
    ----------
    frames : list of PNG bytes
        One per combination of parameter values, the last parameter varying fastest.
    params : dict
        ``name -> list of values`` (the slider positions).
    labels, texts : dict
        ``name -> slider label`` and ``name -> list of the texts shown for its values``.
    initial : dict
        ``name -> starting value``.
    alt : str
        What the figure shows, for screen readers.
    """
    if len(frames) > MAX_FRAMES:
        raise ValueError(f"{len(frames)} frames is too many for one page (max {MAX_FRAMES}); use coarser grids")
    urls = [f"data:image/png;base64,{base64.b64encode(f).decode()}" for f in frames]
    names = list(params)
    sizes = [len(params[n]) for n in names]
    strides = [int(np.prod(sizes[k + 1 :])) for k in range(len(names))]
    controls = []
    for k, name in enumerate(names):
        start = params[name].index(initial[name])
        controls.append(
            f'<label class="fp-control" style="display:block;margin:.2em 0">'
            f'<span style="display:inline-block;min-width:9em">{html.escape(labels[name])}</span> '
            f'<input type="range" min="0" max="{sizes[k] - 1}" step="1" value="{start}" '
            f'data-stride="{strides[k]}" data-texts="{html.escape(json.dumps(texts[name]))}" '
            f'aria-label="{html.escape(labels[name])}" style="width:min(60%,22em);vertical-align:middle"> '
            f'<output style="font-family:monospace">{html.escape(texts[name][start])}</output></label>'
        )
    start_index = sum(params[n].index(initial[n]) * s for n, s in zip(names, strides))
    return (
        f'<div class="frame-player" role="group" aria-label="{html.escape(alt)}">'
        + "".join(controls)
        + f'<img src="{urls[start_index]}" alt="{html.escape(alt)}" style="max-width:100%;height:auto">'
        + f'<script type="application/json">{json.dumps(urls)}</script>'
        + f"<script>{PLAYER_JS}</script></div>"
    )
